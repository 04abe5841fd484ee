"""The inbound log, which makes a repeated delivery of the same message a no-op."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from storage.models.messaging import InboundMessage


def record_inbound(
    *, session: Session, channel: str, external_id: str, urn: str, kind: str, now: datetime
) -> bool:
    """Log the message; False when this (channel, external id) was already logged."""
    try:
        with session.begin_nested():
            session.add(
                InboundMessage(
                    channel=channel, external_id=external_id, urn=urn, kind=kind, received_at=now
                )
            )
    except IntegrityError:
        return False
    return True
