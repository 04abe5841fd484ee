"""Claims given back to the outbox queue: at a stop, after a lost lease, or once lapsed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import case, update
from sqlmodel import Session, col

from storage.clock import database_now
from storage.models.messaging import OutboxMessage, OutboxStatus
from storage.outbox import SENDING


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
