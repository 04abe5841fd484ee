"""Twilio status callbacks: a sent message moves on to delivered, read, or failed."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping

from sqlalchemy import Engine
from sqlmodel import Session, select

from storage.db import transaction
from storage.models.messaging import OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)

# Twilio's MessageStatus -> our status. `accepted`/`scheduled`/`sending` say nothing new.
TWILIO_STATUSES: dict[str, OutboxStatus] = {
    "queued": OutboxStatus.SENT,
    "sent": OutboxStatus.SENT,
    "delivered": OutboxStatus.DELIVERED,
    "read": OutboxStatus.READ,
    "failed": OutboxStatus.FAILED,
    "undelivered": OutboxStatus.FAILED,
}

# How far along a row is; a callback never moves it back (callbacks arrive out of order).
_PROGRESS: dict[OutboxStatus, int] = {
    OutboxStatus.PENDING: 0,
    OutboxStatus.SENDING: 0,
    OutboxStatus.SENT: 1,
    OutboxStatus.DELIVERED: 2,
    OutboxStatus.READ: 3,
}


def apply_status(
    *, session: Session, message_sid: str, status: str, error_code: str | None
) -> OutboxStatus | None:
    """Record a status callback on the outbox row sent as `message_sid`; returns its status."""
    new = TWILIO_STATUSES.get(status.strip().lower())
    row = session.exec(
        select(OutboxMessage).where(OutboxMessage.external_id == message_sid)
    ).first()
    if row is None:
        log.info("status %s for unknown message %s ignored", status, message_sid)
        return None
    if new is None:
        return row.status
    current = _PROGRESS.get(row.status)
    if current is None:
        # Already final (failed, undeliverable, held): nothing later changes that.
        return row.status
    if new is OutboxStatus.FAILED:
        # A message seen delivered or read did reach the phone; a late failure is noise.
        if current >= _PROGRESS[OutboxStatus.DELIVERED]:
            return row.status
        row.status = OutboxStatus.FAILED
        row.last_error = f"twilio {status}" + (f" error {error_code}" if error_code else "")
    elif _PROGRESS[new] > current:
        row.status = new
    else:
        return row.status
    session.add(row)
    return row.status


async def record_callback(engine: Engine, fields: Mapping[str, str]) -> OutboxStatus | None:
    """Apply one status callback's fields to its outbox row, off the event loop."""

    def apply() -> OutboxStatus | None:
        with transaction(engine) as session:
            return apply_status(
                session=session,
                message_sid=fields.get("MessageSid", ""),
                status=fields.get("MessageStatus", ""),
                error_code=fields.get("ErrorCode") or None,
            )

    return await asyncio.to_thread(apply)
