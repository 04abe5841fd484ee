"""Channel rows: add, list, turn on and off (see `storage/models/channels.py`)."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from storage.models.channels import Channel
from storage.models.messaging import OutboxMessage, OutboxStatus

KEY = re.compile(r"[a-z0-9][a-z0-9-]{1,19}")
PREFIX = re.compile(r"[A-Z][A-Z0-9_]{0,38}")
# Why the rows a turned-off channel still had to send were given up.
DISABLED_ERROR = "the channel that was to send it is turned off"


class ChannelRowError(ValueError):
    """A channel row that cannot be added as asked (the message says why, for the operator)."""


def add_channel(
    *,
    session: Session,
    key: str,
    type: str,
    name: str,
    env_prefix: str,
    known_types: set[str],
    area_code: str | None = None,
    messages_per_second: float | None = None,
    now: datetime,
) -> Channel:
    """A new channel row, checked: a fresh key, a known kind, a usable prefix."""
    if not KEY.fullmatch(key):
        raise ChannelRowError(
            f"key {key!r}: 2 to 20 lower-case letters, digits or dashes, starting with one of "
            "the first two"
        )
    if key in known_types:
        raise ChannelRowError(f"key {key!r} is the code of a kind: it names the default channel")
    if type not in known_types:
        raise ChannelRowError(f"kind {type!r} is not one of {', '.join(sorted(known_types))}")
    if not PREFIX.fullmatch(env_prefix):
        raise ChannelRowError(
            f"prefix {env_prefix!r}: upper-case letters, digits and underscores, e.g. SULSEL"
        )
    if messages_per_second is not None and messages_per_second <= 0:
        raise ChannelRowError("the rate must be more than 0 messages per second")
    if session.get(Channel, key) is not None:
        raise ChannelRowError(f"there is already a channel {key!r}")
    row = Channel(
        key=key,
        type=type,
        name=name,
        env_prefix=env_prefix,
        area_code=area_code or None,
        messages_per_second=messages_per_second,
        enabled=True,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def area_of(*, session: Session, key: str | None) -> str | None:
    """The region a channel row serves (None for the environment's channels and for anywhere)."""
    if key is None:
        return None
    row = session.get(Channel, key)
    return row.area_code if row is not None else None


def list_channels(*, session: Session, enabled_only: bool = False) -> list[Channel]:
    """Every channel row, by kind then key."""
    query = select(Channel).order_by(col(Channel.type), col(Channel.key))
    if enabled_only:
        query = query.where(col(Channel.enabled).is_(True))
    return list(session.exec(query).all())


def set_enabled(*, session: Session, key: str, enabled: bool) -> int | None:
    """Turn a channel on or off; None when there is no such row.

    Turning one off gives up what it still had to send (marked failed with the reason), so no
    chat waits on a sender that will never run; returns how many rows that was.
    """
    row = session.get(Channel, key)
    if row is None:
        return None
    row.enabled = enabled
    session.add(row)
    if enabled:
        session.flush()
        return 0
    given_up = session.execute(
        update(OutboxMessage)
        .where(
            col(OutboxMessage.channel) == key,
            col(OutboxMessage.status).in_([OutboxStatus.PENDING, OutboxStatus.HELD]),
        )
        .values(status=OutboxStatus.FAILED, last_error=DISABLED_ERROR)
    )
    session.flush()
    return int(given_up.rowcount or 0)  # type: ignore[attr-defined]
