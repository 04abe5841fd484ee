"""Telegram's text limits: how long one message or one caption may be (UTF-16 units)."""

from __future__ import annotations

# Telegram counts UTF-16 code units, which are never fewer than Python's code points.
MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
