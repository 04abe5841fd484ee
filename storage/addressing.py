"""Where to reach a person: the chat they wrote from last.

Every message the service starts towards a person (notices, reminders, reports, alerts) goes
to this address, so they get it where they are. A person who never chatted with the bot has
no address, and nothing can be sent to them.

The address names the channel that sends it by its outbox key: the bot or number the person
wrote to last (a channel row's key), or the kind's code for the channel the environment
configures, also when their row has been turned off since.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, UnaryExpression, case, func
from sqlmodel import Session, col, select

from storage.models.channels import Channel
from storage.models.people import Identity


@dataclass(frozen=True, slots=True)
class Address:
    """A chat a message can be queued to."""

    channel: str  # the outbox key of the channel that sends it
    address: str


def _sending_channel() -> ColumnElement[str]:
    """The identity's own channel row while it is on, else the default channel of its kind."""
    return case(
        (col(Channel.enabled).is_(True), col(Identity.channel_key)),
        else_=col(Identity.channel),
    )


def _most_recent_first() -> tuple[UnaryExpression[Any], UnaryExpression[Any]]:
    """Latest contact first; an identity that never wrote counts from its creation."""
    # Ties keep the order the identities were made in.
    return (
        func.coalesce(col(Identity.last_inbound_at), col(Identity.created_at)).desc(),
        col(Identity.id).asc(),
    )


def latest_address(*, session: Session, person_id: int) -> Address | None:
    """The chat to reach a person on (None if they never chatted with the bot)."""
    row = session.exec(
        select(_sending_channel(), Identity.address)
        .outerjoin(Channel, col(Channel.key) == col(Identity.channel_key))
        .where(Identity.person_id == person_id)
        .order_by(*_most_recent_first())
        .limit(1)
    ).first()
    return Address(channel=row[0], address=row[1]) if row is not None else None


def latest_addresses(*, session: Session, person_ids: Iterable[int]) -> dict[int, Address]:
    """The chat to reach each of many persons on, in one query; those with none are left out."""
    wanted = sorted(set(person_ids))
    if not wanted:
        return {}
    rows = session.exec(
        select(Identity.person_id, _sending_channel(), Identity.address)
        .outerjoin(Channel, col(Channel.key) == col(Identity.channel_key))
        .where(col(Identity.person_id).in_(wanted))
        .order_by(col(Identity.person_id), *_most_recent_first())
    ).all()
    found: dict[int, Address] = {}
    for person_id, channel, address in rows:
        if person_id is not None and person_id not in found:
            found[person_id] = Address(channel=channel, address=address)
    return found
