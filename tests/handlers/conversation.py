"""Helpers for conversation tests: photos as the channels would store them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.media import store_media
from handlers.messages import InboundMedia

PNG_HEADER = b"\x89PNG\r\n\x1a\n"


def photo(media_dir: Path, seed: int) -> InboundMedia:
    """A distinct small PNG stored under the media folder."""
    data = PNG_HEADER + seed.to_bytes(4, "big") * 16
    return store_media(media_dir, data, "image/png", now=datetime.now(UTC))
