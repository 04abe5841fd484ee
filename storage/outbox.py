"""The outbox: every message the service sends is a row here first."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, or_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from storage.models.messaging import OutboxMessage, OutboxStatus
from storage.redaction import redact

# Retry spacing: 2, 4, 8, ... seconds, capped at ten minutes.
MAX_BACKOFF = timedelta(minutes=10)


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


def claim_due(
    *, session: Session, now: datetime, channels: list[str], limit: int = 50
) -> list[OutboxMessage]:
    """Take pending rows that are due, marking them `sending` so no other sender takes them.

    A chat's messages keep their order: a row waits while an earlier row of the same chat is
    in flight or waiting for its retry.
    """
    earlier = aliased(OutboxMessage)
    blocked_by_earlier = exists().where(
        col(earlier.channel) == col(OutboxMessage.channel),
        col(earlier.address) == col(OutboxMessage.address),
        col(earlier.id) < col(OutboxMessage.id),
        or_(
            col(earlier.status) == OutboxStatus.SENDING,
            and_(col(earlier.status) == OutboxStatus.PENDING, col(earlier.next_attempt_at) > now),
        ),
    )
    query = (
        select(OutboxMessage)
        .where(
            OutboxMessage.status == OutboxStatus.PENDING,
            col(OutboxMessage.channel).in_(channels),
            OutboxMessage.next_attempt_at <= now,
            ~blocked_by_earlier,
        )
        .order_by(col(OutboxMessage.id))
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = list(session.exec(query).all())
    for row in rows:
        row.status = OutboxStatus.SENDING
        row.attempts += 1
        row.next_attempt_at = now  # when it was claimed, so a stale claim can be found
        session.add(row)
    return rows


def release(*, session: Session, outbox_ids: list[int]) -> None:
    """Give claimed rows back unsent (an earlier message of their chat must go first)."""
    for outbox_id in outbox_ids:
        row = session.get(OutboxMessage, outbox_id)
        if row is not None and row.status == OutboxStatus.SENDING:
            row.status = OutboxStatus.PENDING
            row.attempts = max(0, row.attempts - 1)
            session.add(row)


def mark_sent(*, session: Session, outbox_id: int, now: datetime, external_id: str | None) -> None:
    """The platform accepted the message."""
    row = session.get(OutboxMessage, outbox_id)
    if row is None:
        return
    row.status = OutboxStatus.SENT
    row.sent_at = now
    row.external_id = external_id
    row.last_error = None
    session.add(row)


def mark_retry(
    *,
    session: Session,
    outbox_id: int,
    now: datetime,
    error: str,
    max_attempts: int,
    retry_after: float | None = None,
) -> None:
    """A transient failure: try again later, or give up after `max_attempts`."""
    row = session.get(OutboxMessage, outbox_id)
    if row is None:
        return
    row.last_error = redact(error)[:500]
    if row.attempts >= max_attempts:
        row.status = OutboxStatus.FAILED
    else:
        backoff = (
            timedelta(seconds=retry_after)
            if retry_after is not None
            else min(timedelta(seconds=2**row.attempts), MAX_BACKOFF)
        )
        row.status = OutboxStatus.PENDING
        row.next_attempt_at = now + backoff
    session.add(row)


def mark_final(
    *, session: Session, outbox_id: int, status: OutboxStatus, error: str | None = None
) -> None:
    """A final outcome: undeliverable (blocked, invalid address), failed, or held."""
    row = session.get(OutboxMessage, outbox_id)
    if row is None:
        return
    row.status = status
    row.last_error = None if error is None else redact(error)[:500]
    session.add(row)


def requeue_stale(*, session: Session, now: datetime, older_than: timedelta) -> int:
    """Rows left `sending` by a process that died go back to pending; returns how many."""
    rows = session.exec(
        select(OutboxMessage).where(
            OutboxMessage.status == OutboxStatus.SENDING,
            OutboxMessage.next_attempt_at <= now - older_than,
        )
    ).all()
    for row in rows:
        row.status = OutboxStatus.PENDING
        session.add(row)
    return len(rows)


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
