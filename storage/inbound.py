"""The inbound log, which makes a repeated delivery of the same message a no-op."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from storage.models.messaging import InboundMessage
from storage.upserts import built_once, insert_for


def record_inbound(
    *, session: Session, channel: str, external_id: str, urn: str, kind: str, now: datetime
) -> bool:
    """Log the message; False when this (channel, external id) was already logged.

    One statement (INSERT … ON CONFLICT DO NOTHING RETURNING): a repeat inserts nothing and
    returns no row, with no savepoint needed to survive the conflict.
    """
    values = {
        "channel": channel,
        "external_id": external_id,
        "urn": urn,
        "kind": kind,
        "received_at": now,
    }
    inserted = session.execute(_log(session), values).first()
    return inserted is not None


@built_once
def _log(dialect: str) -> Any:
    table = InboundMessage.__table__  # type: ignore[attr-defined]
    return (
        insert_for(dialect)(table)
        .on_conflict_do_nothing(index_elements=["channel", "external_id"])
        .returning(table.c.id)
    )


def already_received(*, session: Session, channel: str, external_id: str) -> bool:
    """This (channel, external id) is in the log: a repeat delivery, handled before.

    Asked before the slow part of receiving (downloading media, resolving a pressed button),
    so a repeat skips it; the dispatcher's `record_inbound` still decides for good.
    """
    table = InboundMessage.__table__  # type: ignore[attr-defined]
    found = session.execute(
        select(table.c.id).where(table.c.channel == channel, table.c.external_id == external_id)
    ).first()
    return found is not None
