"""Arranging WhatsApp outbox rows for the sending tests: the contact's window, a queued row."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from storage import outbox
from storage.db import transaction
from storage.models.messaging import OutboxMessage
from storage.people import touch_identity


def last_wrote(engine: Engine, phone: str, ago: timedelta) -> None:
    """The contact's last WhatsApp message was `ago` before now."""
    with transaction(engine) as session:
        touch_identity(
            session=session,
            urn=f"whatsapp:{phone}",
            channel="whatsapp",
            address=phone,
            now=datetime.now(UTC) - ago,
            phone=phone,
        )


def enqueue(
    engine: Engine,
    phone: str,
    text: str,
    *,
    kind: str = "reply",
    options: list[list[str]] | None = None,
    attachments: list[list[str]] | None = None,
    **extra: Any,
) -> int:
    with transaction(engine) as session:
        row = outbox.enqueue(
            session=session,
            channel="whatsapp",
            address=phone,
            payload={
                "text": text,
                "options": options or [],
                "attachments": attachments or [],
                **extra,
            },
            now=datetime.now(UTC),
            kind=kind,
        )
        assert row is not None and row.id is not None
        return row.id


def row(engine: Engine, outbox_id: int) -> OutboxMessage:
    with Session(engine) as session:
        found = session.get(OutboxMessage, outbox_id)
        assert found is not None
        return found
