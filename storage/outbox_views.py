"""Read-only views of the outbox: queue depth, recent sends, a chat's delivered messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from storage.models.messaging import Lane, OutboxMessage, OutboxStatus
from storage.outbox import OPEN_STATUSES, PENDING


@dataclass(frozen=True, slots=True)
class LaneDepth:
    """How much waits in one lane of one channel."""

    channel: str
    lane: Lane
    due: int
    oldest_due_at: datetime | None


def lane_depths(*, session: Session, now: datetime) -> list[LaneDepth]:
    """Due rows per channel and lane, and since when the oldest of them is due."""
    rows = session.exec(
        select(
            OutboxMessage.channel,
            OutboxMessage.lane,
            func.count(),
            func.min(OutboxMessage.next_attempt_at),
        )
        .where(col(OutboxMessage.status) == PENDING, OutboxMessage.next_attempt_at <= now)
        .group_by(col(OutboxMessage.channel), col(OutboxMessage.lane))
    ).all()
    return [
        LaneDepth(channel, Lane(lane), int(count), _aware(oldest))
        for channel, lane, count, oldest in rows
    ]


def recent_sends(
    *, session: Session, channel: str, since: datetime
) -> list[tuple[str, datetime, int]]:
    """(address, sent at, parts) of the messages a channel sent since a moment."""
    rows = session.exec(
        select(OutboxMessage.address, OutboxMessage.sent_at, OutboxMessage.part_ids).where(
            OutboxMessage.channel == channel,
            col(OutboxMessage.sent_at) >= since,
            col(OutboxMessage.status).not_in(OPEN_STATUSES),
        )
    ).all()
    return [
        (address, sent_at, max(1, len(parts or [])))
        for address, sent_at, parts in rows
        if sent_at is not None
    ]


def _aware(value: Any) -> datetime | None:
    """An aggregate's timestamp as an aware UTC datetime, whatever the driver gave back."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def messages_for(
    *, session: Session, channel: str, address: str, after_id: int = 0, limit: int = 200
) -> list[OutboxMessage]:
    """Sent messages to one address after an id, oldest first (the simulator's view)."""
    return list(
        session.exec(
            select(OutboxMessage)
            .where(
                OutboxMessage.channel == channel,
                OutboxMessage.address == address,
                col(OutboxMessage.id) > after_id,
                col(OutboxMessage.status).in_(
                    [OutboxStatus.SENT, OutboxStatus.DELIVERED, OutboxStatus.READ]
                ),
            )
            .order_by(col(OutboxMessage.id))
            .limit(limit)
        ).all()
    )
