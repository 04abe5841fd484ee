"""What follows a send that could not go as it was: admins told, the full message kept waiting.

An adapter decides nothing here: it answers HELD with a reason (`no_template`,
`missing_variable:<name>`) or SENT with `await_window`, and the sender calls `follow_up` once
the outcome is stored.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot.channels.base import SendResult, SendStatus
from handlers.i18n import CATALOGS, DEFAULT_LOCALE, t
from handlers.messages import ALERT_MARK, OutboundMessage
from storage import outbox
from storage.addressing import latest_addresses
from storage.models.messaging import INTERACTIVE_KINDS
from storage.models.people import Person, PersonRole
from storage.outbox_waiting import queue_for_window

log = logging.getLogger(__name__)

# A reason's detail (after the ":") as the value its text names.
DETAIL_NAMES = {"missing_variable": "variable"}


def has_follow_up(result: SendResult) -> bool:
    """The outcome asks for more than storing it."""
    if result.status is SendStatus.HELD:
        return result.held_reason is not None
    return result.status is SendStatus.SENT and result.await_window


def follow_up(
    *,
    session: Session,
    message: OutboundMessage,
    result: SendResult,
    now: datetime,
    timezone: str,
    kind_code: str | None = None,
) -> int:
    """Queue what the outcome asks for; returns the messages queued.

    `kind_code` names the channel's kind, whose catalog has the admins' texts (a channel
    row's key, which `message.channel` then is, has none); by default the message's channel.
    """
    if result.status is SendStatus.SENT and result.await_window:
        # A template carries no files: the full message follows once the contact answers.
        return int(queue_for_window(session=session, outbox_id=message.outbox_id, now=now))
    if result.status is SendStatus.HELD and result.held_reason is not None:
        return alert_held(
            session=session,
            message=message,
            reason=result.held_reason,
            now=now,
            timezone=timezone,
            kind_code=kind_code,
        )
    return 0


def alert_held(
    *,
    session: Session,
    message: OutboundMessage,
    reason: str,
    now: datetime,
    timezone: str,
    kind_code: str | None = None,
) -> int:
    """Log a held message; for a business-initiated one, tell the admins (once a day)."""
    log.error(
        "%s outbox %s (kind %s) held: %s", message.channel, message.outbox_id, message.kind, reason
    )
    if message.kind in INTERACTIVE_KINDS or message.is_alert:
        return 0
    code, _, detail = reason.partition(":")
    key = f"{kind_code or message.channel}.admin.{code}"
    if key not in CATALOGS[DEFAULT_LOCALE]:
        log.warning("no admin text %s for a held %s message; admins not told", key, message.kind)
        return 0
    values = {DETAIL_NAMES[code]: detail} if code in DETAIL_NAMES else {}
    return alert_admins(
        session=session,
        key=key,
        channel=message.channel,
        kind=message.kind,
        now=now,
        timezone=timezone,
        **values,
    )


def alert_admins(
    *,
    session: Session,
    key: str,
    channel: str,
    kind: str,
    now: datetime,
    timezone: str,
    **values: str,
) -> int:
    """Tell every active admin, at most once per channel, kind and day; returns queued."""
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
            log.warning("admin %s has no chat identity; %s alert not sent", admin.id, channel)
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
            idempotency_key=f"{channel}-held:{kind}:{day}:{admin.id}"[:160],
        )
        queued += row is not None
    return queued
