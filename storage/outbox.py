"""The outbox: every message the service sends is a row here first, and a queue of work.

A row is claimed by one sender (`claimed_by`) until `claimed_until`, in the database's clock;
the claim is renewed while the send runs and given back when it lapses. Only the first open
row of a chat can be claimed, so a chat's messages leave one at a time and in order, whichever
process sends them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import case, exists, func, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from storage.clock import database_now
from storage.models.messaging import INTERACTIVE_KINDS, Lane, OutboxMessage, OutboxStatus

OPEN_STATUSES = (OutboxStatus.PENDING, OutboxStatus.SENDING)
ERROR_LENGTH = 500


def lane_of(kind: str) -> Lane:
    """Replies and notices go before business-initiated messages."""
    return Lane.INTERACTIVE if kind in INTERACTIVE_KINDS else Lane.BULK


def enqueue(
    *,
    session: Session,
    channel: str,
    address: str,
    payload: dict[str, Any],
    now: datetime,
    kind: str = "reply",
    person_id: int | None = None,
    idempotency_key: str | None = None,
    not_before: datetime | None = None,
) -> OutboxMessage | None:
    """Add a message to send; with a key already used, nothing is added and None returned."""
    row = OutboxMessage(
        channel=channel,
        address=address,
        payload=payload,
        kind=kind,
        lane=lane_of(kind),
        person_id=person_id,
        idempotency_key=idempotency_key,
        created_at=now,
        next_attempt_at=not_before or now,
    )
    if idempotency_key is None:
        session.add(row)
        session.flush()
        return row
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return None
    return row


def claim(
    *,
    session: Session,
    channel: str,
    lane: Lane,
    holder: str,
    now: datetime,
    limit: int,
    visibility: timedelta,
) -> list[OutboxMessage]:
    """Claim up to `limit` due rows of one lane, each the first open row of its chat.

    A row whose chat has an earlier row still pending (due or waiting for its retry) or being
    sent is left alone. On PostgreSQL the candidates are locked with SKIP LOCKED, so senders
    claiming at the same moment take different rows; a chat's next row only becomes
    claimable once the row before it is done.
    """
    earlier = aliased(OutboxMessage)
    waits_behind = exists().where(
        col(earlier.channel) == col(OutboxMessage.channel),
        col(earlier.address) == col(OutboxMessage.address),
        col(earlier.id) < col(OutboxMessage.id),
        col(earlier.status).in_(OPEN_STATUSES),
    )
    query = (
        select(OutboxMessage)
        .where(
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.channel == channel,
            OutboxMessage.lane == int(lane),
            OutboxMessage.next_attempt_at <= now,
            ~waits_behind,
        )
        .order_by(col(OutboxMessage.id))
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=OutboxMessage)
    rows = list(session.exec(query).all())
    if not rows:
        return []
    until = database_now(session=session) + visibility
    for row in rows:
        row.status = OutboxStatus.SENDING
        row.attempts += 1
        row.claimed_by = holder
        row.claimed_until = until
        session.add(row)
    session.flush()
    return rows


def renew_claims(
    *, session: Session, holder: str, outbox_ids: list[int], visibility: timedelta
) -> int:
    """Extend the claims of the rows `holder` is still sending; returns how many."""
    if not outbox_ids:
        return 0
    result = session.execute(
        update(OutboxMessage)
        .where(
            col(OutboxMessage.id).in_(outbox_ids),
            col(OutboxMessage.claimed_by) == holder,
            col(OutboxMessage.status) == OutboxStatus.SENDING,
        )
        .values(claimed_until=database_now(session=session) + visibility)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def _claimed(session: Session, outbox_id: int, holder: str) -> OutboxMessage | None:
    """The row, if `holder` still holds its claim (nobody gave it to another sender)."""
    row = session.get(OutboxMessage, outbox_id, with_for_update=True)
    if row is None or row.status != OutboxStatus.SENDING or row.claimed_by != holder:
        return None
    return row


def _unclaim(row: OutboxMessage) -> None:
    row.claimed_by = None
    row.claimed_until = None


def record_part(
    *, session: Session, outbox_id: int, holder: str, part_id: str, visibility: timedelta
) -> bool:
    """One part of a multi-part message went out; False when the claim was lost meanwhile."""
    row = _claimed(session, outbox_id, holder)
    if row is None:
        return False
    row.part_ids = [*row.part_ids, part_id]  # a new list: the JSON column sees reassignment
    row.claimed_until = database_now(session=session) + visibility
    session.add(row)
    return True


def mark_sent(
    *, session: Session, outbox_id: int, holder: str, now: datetime, external_id: str | None
) -> bool:
    """The platform accepted the message; False when the claim was lost meanwhile."""
    row = _claimed(session, outbox_id, holder)
    if row is None:
        return False
    row.status = OutboxStatus.SENT
    row.sent_at = now
    row.external_id = external_id
    row.last_error = None
    _unclaim(row)
    session.add(row)
    return True


def mark_retry(
    *,
    session: Session,
    outbox_id: int,
    holder: str,
    now: datetime,
    error: str,
    delay: timedelta,
    max_attempts: int,
) -> OutboxStatus | None:
    """A transient failure: try again after `delay`, or give up after `max_attempts`.

    Returns the row's new status (PENDING or FAILED), None when the claim was lost meanwhile.
    """
    row = _claimed(session, outbox_id, holder)
    if row is None:
        return None
    row.last_error = error[:ERROR_LENGTH]
    _unclaim(row)
    if row.attempts >= max_attempts:
        row.status = OutboxStatus.FAILED
    else:
        row.status = OutboxStatus.PENDING
        row.next_attempt_at = now + delay
    session.add(row)
    return row.status


def mark_final(
    *,
    session: Session,
    outbox_id: int,
    holder: str,
    status: OutboxStatus,
    error: str | None = None,
) -> bool:
    """A final outcome: undeliverable (blocked, invalid address), failed, or held."""
    row = _claimed(session, outbox_id, holder)
    if row is None:
        return False
    row.status = status
    row.last_error = None if error is None else error[:ERROR_LENGTH]
    _unclaim(row)
    session.add(row)
    return True


def release(*, session: Session, holder: str, outbox_ids: Iterable[int] | None = None) -> int:
    """Give claimed rows back unsent (a stop, a lost lease); returns how many.

    Their attempt is not counted. Without `outbox_ids`, every claim of `holder` is given back.
    """
    query = update(OutboxMessage).where(
        col(OutboxMessage.claimed_by) == holder,
        col(OutboxMessage.status) == OutboxStatus.SENDING,
    )
    if outbox_ids is not None:
        ids = list(outbox_ids)
        if not ids:
            return 0
        query = query.where(col(OutboxMessage.id).in_(ids))
    result = session.execute(
        query.values(
            status=OutboxStatus.PENDING,
            attempts=case(
                (col(OutboxMessage.attempts) > 0, col(OutboxMessage.attempts) - 1), else_=0
            ),
            claimed_by=None,
            claimed_until=None,
        ).execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def release_orphans(*, session: Session, holder: str, channel: str, in_flight: list[int]) -> int:
    """Give back claims of `holder` it is not sending (a claim whose answer was lost).

    When the connection drops while a claim commits, the sender cannot know it holds the rows;
    this frees them at once instead of after their claims lapse.
    """
    query = update(OutboxMessage).where(
        col(OutboxMessage.claimed_by) == holder,
        col(OutboxMessage.channel) == channel,
        col(OutboxMessage.status) == OutboxStatus.SENDING,
    )
    if in_flight:
        query = query.where(col(OutboxMessage.id).not_in(in_flight))
    result = session.execute(
        query.values(
            status=OutboxStatus.PENDING,
            attempts=case(
                (col(OutboxMessage.attempts) > 0, col(OutboxMessage.attempts) - 1), else_=0
            ),
            claimed_by=None,
            claimed_until=None,
        ).execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def rescue_expired(*, session: Session) -> int:
    """Claims that lapsed (their sender died or lost the database) go back to pending.

    The attempt stays counted: the platform may have got the message before the sender died.
    """
    result = session.execute(
        update(OutboxMessage)
        .where(
            col(OutboxMessage.status) == OutboxStatus.SENDING,
            (col(OutboxMessage.claimed_until) < database_now(session=session))
            | col(OutboxMessage.claimed_until).is_(None),
        )
        .values(status=OutboxStatus.PENDING, claimed_by=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


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
        .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now)
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
