"""The outbox: every message the service sends is a row here first, and a queue of work.

A row is claimed by one sender (`claimed_by`) until `claimed_until`, in the database's clock;
the claim is renewed while the send runs and given back when it lapses. Only the first open
row of a chat can be claimed, so a chat's messages leave one at a time and in order, whichever
process sends them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Interval,
    bindparam,
    func,
    insert,
    literal,
    literal_column,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from storage.clock import database_now
from storage.models.messaging import INTERACTIVE_KINDS, Lane, OutboxMessage, OutboxStatus
from storage.models.people import Identity, Person
from storage.redaction import redact
from storage.types import UTCDateTime

OPEN_STATUSES = (OutboxStatus.PENDING, OutboxStatus.SENDING)


def _stored(status: OutboxStatus) -> ColumnElement[Any]:
    """A status as a literal in the SQL, never a bound parameter.

    The partial indexes (`ix_outbox_pending_lane`, `ix_outbox_open_chat`, `ix_outbox_claims`)
    are chosen only when the query's status matches their predicate literally; a parameter
    would leave a prepared statement's generic plan to scan every row of the channel.
    """
    return literal_column(f"'{status.value}'")


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
class NewMessage:
    """A message to queue with others of the same moment (`enqueue_all`)."""

    channel: str
    address: str
    payload: dict[str, Any]
    kind: str = "reply"
    person_id: int | None = None


def enqueue_all(*, session: Session, messages: list[NewMessage], now: datetime) -> int:
    """Queue several messages in one statement, in their order; returns how many.

    The inbound turn's replies go this way: no row objects are built, and the INSERT is the
    same compiled statement every time.
    """
    if not messages:
        return 0
    session.execute(
        insert(OutboxMessage.__table__),  # type: ignore[attr-defined]
        [
            {
                "channel": message.channel,
                "address": message.address,
                "payload": message.payload,
                "kind": message.kind,
                "lane": lane_of(message.kind),
                "person_id": message.person_id,
                "status": OutboxStatus.PENDING,
                "attempts": 0,
                "part_ids": [],
                "created_at": now,
                "next_attempt_at": now,
            }
            for message in messages
        ],
    )
    return len(messages)


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
    # The recipient as the send needs it: when the address's identity last wrote, and the
    # language of the row's person (else of the identity's).
    last_inbound_at: datetime | None = None
    locale: str | None = None


def claim(
    *,
    session: Session,
    channel: str,
    lane: Lane,
    holder: str,
    now: datetime,
    limit: int,
    visibility: timedelta,
    urn_scheme: str | None = None,
) -> list[Claimed]:
    """Claim up to `limit` due rows of one lane, each the first open row of its chat.

    `channel` is the outbox key of the sending channel; its recipients' URNs start with
    `urn_scheme` (its kind's code, which a channel row's key is not; by default `channel`).

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
    last_inbound_at, locale = _recipient_columns(table, urn_scheme or channel)
    claimed = session.execute(
        update(table)
        .where(table.c.id.in_(candidates.scalar_subquery()))
        .values(
            status=OutboxStatus.SENDING,
            attempts=table.c.attempts + 1,
            claimed_by=holder,
            claimed_until=_expiry(session, visibility),
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
            last_inbound_at,
            locale,
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
                last_inbound_at=row.last_inbound_at,
                locale=row.locale,
            )
            for row in claimed
        ),
        key=lambda row: row.id,
    )


def _recipient_columns(table: Any, urn_scheme: str) -> tuple[Any, Any]:
    """The claimed rows' recipient, read in the claiming statement's RETURNING.

    Correlated subqueries by the identity's unique URN (`<scheme>:<address>`) and the
    person's key: two index lookups per claimed row, no other statement, on both databases.
    The claimed row's columns are named with their table: SQLAlchemy leaves names in a
    RETURNING clause bare on SQLite, where `channel` would then be the identity's own.
    """

    def claimed(name: str) -> Any:
        return literal_column(f"{table.name}.{name}", type_=table.c[name].type)

    urn = literal(f"{urn_scheme}:") + claimed("address")
    last_inbound_at = (
        select(Identity.last_inbound_at)
        .where(col(Identity.urn) == urn)
        .scalar_subquery()
        .label("last_inbound_at")
    )
    identity_person = select(Identity.person_id).where(col(Identity.urn) == urn).scalar_subquery()
    locale = (
        select(Person.locale)
        .where(col(Person.id) == func.coalesce(claimed("person_id"), identity_person))
        .scalar_subquery()
        .label("locale")
    )
    return last_inbound_at, locale


def _expiry(session: Session, visibility: timedelta) -> Any:
    """When a claim made now lapses, in the database's clock, inside the claiming statement."""
    if session.get_bind().dialect.name == "postgresql":
        return func.clock_timestamp() + literal(visibility, Interval())
    return database_now(session=session) + visibility


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
                "b_status": status,
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
