"""Messages that wait for the contact to write: the full message after its template went.

A platform with a messaging window (WhatsApp) may carry a message outside it only as a
template, which takes no files; the whole message is queued again, held, and goes once the
contact next writes, if within `AWAIT_AT_MOST`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from handlers.messages import AWAITS_WINDOW, TEMPLATE_VARIABLES
from storage import outbox
from storage.models.messaging import OutboxMessage, OutboxStatus

AWAIT_AT_MOST = timedelta(days=7)


def queue_for_window(*, session: Session, outbox_id: int, now: datetime) -> bool:
    """Queue the full message again, to go once the contact writes; False if already queued."""
    row = session.get(OutboxMessage, outbox_id)
    if row is None:
        return False
    payload = {k: v for k, v in row.payload.items() if k != TEMPLATE_VARIABLES}
    queued = outbox.enqueue(
        session=session,
        channel=row.channel,
        address=row.address,
        payload={**payload, AWAITS_WINDOW: True},
        now=now,
        kind=row.kind,
        person_id=row.person_id,
        idempotency_key=f"{row.channel}-after-template:{outbox_id}",
    )
    return queued is not None


def release_waiting(*, session: Session, channel: str, address: str, now: datetime) -> int:
    """The contact wrote: messages held for their window go now; returns how many."""
    rows = session.exec(
        select(OutboxMessage).where(
            OutboxMessage.channel == channel,
            OutboxMessage.address == address,
            OutboxMessage.status == OutboxStatus.HELD,
            OutboxMessage.created_at >= now - AWAIT_AT_MOST,
        )
    ).all()
    released = 0
    for row in rows:
        if row.payload.get(AWAITS_WINDOW):
            row.status = OutboxStatus.PENDING
            row.next_attempt_at = now
            session.add(row)
            released += 1
    return released
