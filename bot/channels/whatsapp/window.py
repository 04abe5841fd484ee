"""WhatsApp's 24-hour window: who is inside it, and telling admins when a message is held."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from handlers.i18n import t
from storage import outbox
from storage.addressing import latest_addresses
from storage.models.messaging import OutboxMessage, OutboxStatus
from storage.models.people import Identity, Person, PersonRole

log = logging.getLogger(__name__)

WINDOW = timedelta(hours=24)
# A message can wait in the outbox a little after it is judged; keep clear of the edge.
WINDOW_MARGIN = timedelta(minutes=5)
ALERT_MARK = "whatsapp_alert"
# Payload key of a message that waits for the contact to open the window (files after a
# template); it goes when they next write, if within this long.
AWAITS_WINDOW = "whatsapp_awaits_window"
AWAIT_AT_MOST = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class Recipient:
    """What a send needs to know about the row and its recipient beyond the message itself."""

    last_inbound_at: datetime | None
    locale: str = "id"
    template_variables: dict[str, Any] = field(default_factory=dict)
    is_alert: bool = False
    awaits_window: bool = False

    def in_window(self, now: datetime) -> bool:
        """The contact wrote within the last 24 hours (less a safety margin)."""
        return (
            self.last_inbound_at is not None and now - self.last_inbound_at < WINDOW - WINDOW_MARGIN
        )


def load_recipient(*, session: Session, outbox_id: int, address: str) -> Recipient:
    """The recipient's last inbound time and language, and the row's template values."""
    identity = session.exec(select(Identity).where(Identity.urn == f"whatsapp:{address}")).first()
    row = session.get(OutboxMessage, outbox_id)
    payload = row.payload if row is not None else {}
    person_id = (row.person_id if row is not None else None) or (
        identity.person_id if identity is not None else None
    )
    person = session.get(Person, person_id) if person_id else None
    variables = payload.get("template_variables")
    return Recipient(
        last_inbound_at=identity.last_inbound_at if identity is not None else None,
        locale=person.locale if person is not None else "id",
        template_variables=dict(variables) if isinstance(variables, dict) else {},
        is_alert=bool(payload.get(ALERT_MARK)),
        awaits_window=bool(payload.get(AWAITS_WINDOW)),
    )


def alert_admins(
    *,
    session: Session,
    key: str,
    kind: str,
    now: datetime,
    timezone: str,
    **values: Any,
) -> int:
    """Tell every active admin, at most once per kind and day; returns messages queued."""
    day = now.astimezone(ZoneInfo(timezone)).date().isoformat()
    admins = session.exec(
        select(Person).where(Person.role == PersonRole.ADMIN, col(Person.active).is_(True))
    ).all()
    addresses = latest_addresses(
        session=session, person_ids=[admin.id for admin in admins if admin.id is not None]
    )
    queued = 0
    for admin in admins:
        assert admin.id is not None
        reached = addresses.get(admin.id)
        if reached is None:
            log.warning("admin %s has no chat identity; WhatsApp alert not sent", admin.id)
            continue
        row = outbox.enqueue(
            session=session,
            channel=reached.channel,
            address=reached.address,
            payload={
                "text": t(admin.locale, key, kind=kind, **values),
                "options": [],
                "attachments": [],
                ALERT_MARK: key,
            },
            now=now,
            kind="notice",
            person_id=admin.id,
            idempotency_key=f"whatsapp-held:{kind}:{day}:{admin.id}"[:160],
        )
        queued += row is not None
    return queued


def await_window(*, session: Session, outbox_id: int, now: datetime) -> None:
    """Queue the full message again, to go once the contact writes (its template went now)."""
    row = session.get(OutboxMessage, outbox_id)
    if row is None:
        return
    payload = {k: v for k, v in row.payload.items() if k != "template_variables"}
    outbox.enqueue(
        session=session,
        channel=row.channel,
        address=row.address,
        payload={**payload, AWAITS_WINDOW: True},
        now=now,
        kind=row.kind,
        person_id=row.person_id,
        idempotency_key=f"whatsapp-after-template:{outbox_id}",
    )


def release_waiting(*, session: Session, channel: str, address: str, now: datetime) -> int:
    """The contact wrote to `channel`: what it held for their window goes now; returns how many."""
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
