"""WhatsApp's 24-hour window: a business may write freely only within a day of the contact."""

from __future__ import annotations

from datetime import datetime, timedelta

WINDOW = timedelta(hours=24)
# A message can wait in the outbox a little after it is judged; keep clear of the edge.
WINDOW_MARGIN = timedelta(minutes=5)


def in_window(last_inbound_at: datetime | None, now: datetime) -> bool:
    """The contact wrote within the last 24 hours (less a safety margin)."""
    return last_inbound_at is not None and now - last_inbound_at < WINDOW - WINDOW_MARGIN
