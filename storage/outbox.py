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

from sqlalchemy import ColumnElement, bindparam, case, func, literal_column, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from storage.clock import database_now
from storage.models.messaging import INTERACTIVE_KINDS, Lane, OutboxMessage, OutboxStatus
from storage.redaction import redact
from storage.types import UTCDateTime

OPEN_STATUSES = (OutboxStatus.PENDING, OutboxStatus.SENDING)


def _stored(status: OutboxStatus) -> ColumnElement[Any]:
    """A status as a literal in the SQL, never a bound parameter.

    The partial indexes (`ix_outbox_pending_lane`, `ix_outbox_open_chat`, `ix_outbox_claims`)
    are chosen only when the query's status matches their predicate literally; a parameter
    would leave a prepared statement's generic plan to scan every row of the channel.
    """
    return literal_column(f"'{status.name}'")


PENDING, SENDING = _stored(OutboxStatus.PENDING), _stored(OutboxStatus.SENDING)
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


@dataclass(frozen=True, slots=True)
class Claimed:
    """A row a sender now holds: what the send needs, nothing more."""

    id: int
    channel: str
    address: str
    kind: str
    lane: Lane
    payload: dict[str, Any]
    part_ids: tuple[str, ...]
    attempts: int  # this attempt included


def claim(
    *,
    session: Session,
    channel: str,
    lane: Lane,
    holder: str,
    now: datetime,
    limit: int,
    visibility: timedelta,
) -> list[Claimed]:
    """Claim up to `limit` due rows of one lane, each the first open row of its chat.

    A row whose chat has an earlier row still pending (due or waiting for its retry) or being
    sent is left alone. On PostgreSQL the candidates are locked with SKIP LOCKED, so senders
    claiming at the same moment take different rows; a chat's next row only becomes
    claimable once the row before it is done. One statement: the candidates are marked and
    returned by the same UPDATE.
    """
    # The chat's first open row, found per candidate through `ix_outbox_open_chat`: a plan
    # that stays an index lookup even before the table has statistics (a fresh bulk of rows).
    earlier = aliased(OutboxMessage)
    first_open = (
        select(earlier.id)
        .where(
            col(earlier.channel) == col(OutboxMessage.channel),
            col(earlier.address) == col(OutboxMessage.address),
            col(earlier.status).in_([PENDING, SENDING]),
        )
        .order_by(col(earlier.id))
        .limit(1)
        .scalar_subquery()
    )
    candidates = (
        select(OutboxMessage.id)
        .where(
            col(OutboxMessage.status) == PENDING,
            OutboxMessage.channel == channel,
            OutboxMessage.lane == int(lane),
            OutboxMessage.next_attempt_at <= now,
            col(OutboxMessage.id) == first_open,
        )
        .order_by(col(OutboxMessage.id))
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True, of=OutboxMessage)
    table = OutboxMessage.__table__  # type: ignore[attr-defined]
    claimed = session.execute(
        update(table)
        .where(table.c.id.in_(candidates.scalar_subquery()))
        .values(
            status=OutboxStatus.SENDING,
            attempts=table.c.attempts + 1,
            claimed_by=holder,
            claimed_until=database_now(session=session) + visibility,
        )
        .returning(
            table.c.id,
            table.c.channel,
            table.c.address,
            table.c.kind,
            table.c.lane,
            table.c.payload,
            table.c.part_ids,
            table.c.attempts,
        )
    ).all()
    return sorted(
        (
            Claimed(
                id=row.id,
                channel=row.channel,
                address=row.address,
                kind=row.kind,
                lane=Lane(row.lane),
                payload=row.payload,
                part_ids=tuple(row.part_ids or ()),
                attempts=row.attempts,
            )
            for row in claimed
        ),
        key=lambda row: row.id,
    )


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
            col(OutboxMessage.status) == SENDING,
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


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one claimed send ended, to be stored.

    `status` is SENT, PENDING (a retry after `delay`), or a final status (FAILED,
    UNDELIVERABLE, HELD). A retry whose attempt was the last becomes FAILED.
    """

    outbox_id: int
    status: OutboxStatus
    attempts: int
    external_id: str | None = None
    error: str | None = None
    delay: timedelta = timedelta(0)

    def final_status(self, max_attempts: int) -> OutboxStatus:
        """What the row becomes."""
        if self.status == OutboxStatus.PENDING and self.attempts >= max_attempts:
            return OutboxStatus.FAILED
        return self.status


def record_outcomes(
    *,
    session: Session,
    holder: str,
    now: datetime,
    outcomes: list[Outcome],
    max_attempts: int,
) -> dict[int, OutboxStatus | None]:
    """Store many outcomes in one transaction; each row's new status, None if taken over.

    Only rows `holder` still holds are changed: a row whose claim lapsed and went to another
    sender keeps that sender's outcome. The rows are locked, then updated by key, in a few
    statements whatever the batch's size.
    """
    table = OutboxMessage.__table__  # type: ignore[attr-defined]
    ids = sorted(outcome.outbox_id for outcome in outcomes)
    held = set(
        session.execute(
            select(table.c.id)
            .where(
                table.c.id.in_(ids),
                table.c.claimed_by == holder,
                table.c.status == SENDING,
            )
            .order_by(table.c.id)
            .with_for_update()
        ).scalars()
    )
    updates = []
    stored: dict[int, OutboxStatus | None] = {}
    for outcome in outcomes:
        if outcome.outbox_id not in held:
            stored[outcome.outbox_id] = None
            continue
        status = outcome.final_status(max_attempts)
        stored[outcome.outbox_id] = status
        updates.append(
            {
                "b_id": outcome.outbox_id,
                "b_status": status.name,
                "b_sent_at": now if status == OutboxStatus.SENT else None,
                "b_external_id": outcome.external_id,
                # Platform errors can quote a token or a signed link: never stored as they are.
                "b_error": None if outcome.error is None else redact(outcome.error)[:ERROR_LENGTH],
                # A row to retry falls due again later; the others keep their moment.
                "b_next": now + outcome.delay if status == OutboxStatus.PENDING else None,
            }
        )
    if updates:
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(
                status=bindparam("b_status"),
                sent_at=func.coalesce(bindparam("b_sent_at", type_=UTCDateTime()), table.c.sent_at),
                external_id=func.coalesce(bindparam("b_external_id"), table.c.external_id),
                last_error=bindparam("b_error"),
                next_attempt_at=func.coalesce(
                    bindparam("b_next", type_=UTCDateTime()), table.c.next_attempt_at
                ),
                claimed_by=None,
                claimed_until=None,
            )
            .execution_options(synchronize_session=False),
            updates,
        )
    return stored


def _give_back(session: Session, *conditions: Any, uncount: bool) -> int:
    """Claimed rows matching `conditions` go back to pending; returns how many.

    With `uncount`, the attempt is not counted (the row was never sent: a stop, a lost lease).
    """
    values: dict[str, Any] = {
        "status": OutboxStatus.PENDING,
        "claimed_by": None,
        "claimed_until": None,
    }
    if uncount:
        attempts = col(OutboxMessage.attempts)
        values["attempts"] = case((attempts > 0, attempts - 1), else_=0)
    result = session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.status) == SENDING, *conditions)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def release(*, session: Session, holder: str, outbox_ids: Iterable[int] | None = None) -> int:
    """Give claimed rows back unsent (a stop, a lost lease); returns how many.

    Without `outbox_ids`, every claim of `holder` is given back.
    """
    conditions: list[Any] = [col(OutboxMessage.claimed_by) == holder]
    if outbox_ids is not None:
        ids = list(outbox_ids)
        if not ids:
            return 0
        conditions.append(col(OutboxMessage.id).in_(ids))
    return _give_back(session, *conditions, uncount=True)


def release_orphans(*, session: Session, holder: str, channel: str, in_flight: list[int]) -> int:
    """Give back claims of `holder` it is not sending (a claim whose answer was lost).

    When the connection drops while a claim commits, the sender cannot know it holds the rows;
    this frees them at once instead of after their claims lapse.
    """
    conditions: list[Any] = [
        col(OutboxMessage.claimed_by) == holder,
        col(OutboxMessage.channel) == channel,
    ]
    if in_flight:
        conditions.append(col(OutboxMessage.id).not_in(in_flight))
    return _give_back(session, *conditions, uncount=True)


def rescue_claims_of(*, session: Session, holder: str, channel: str) -> int:
    """Give back the claims of a sender presumed dead (its lease lapsed and was taken over).

    Its rows need not wait for their own claims to lapse: a holder that lost its lease sends
    nothing more. The attempt stays counted: the platform may have got the message.
    """
    return _give_back(
        session,
        col(OutboxMessage.claimed_by) == holder,
        col(OutboxMessage.channel) == channel,
        uncount=False,
    )


def rescue_expired(*, session: Session) -> int:
    """Claims that lapsed (their sender died or lost the database) go back to pending.

    The attempt stays counted: the platform may have got the message before the sender died.
    """
    claimed_until = col(OutboxMessage.claimed_until)
    return _give_back(
        session,
        (claimed_until < database_now(session=session)) | claimed_until.is_(None),
        uncount=False,
    )


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
