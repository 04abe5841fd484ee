"""Channel rows: the bots and senders of one deployment beyond the one its environment sets.

A national or province-wide deployment runs several of each kind, e.g. one WhatsApp number per
province with its own rate. Each is a row: its key names it in the outbox, the identities and
its webhook paths; its credentials stay in the environment, under the row's prefix.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime, utcnow


class Channel(SQLModel, table=True):
    """One bot or sender: its kind, where its credentials are, the area it serves, its rate."""

    # Lower-case letters, digits and dashes; never a kind's own code (that names the channel
    # the environment configures). It is the outbox's `channel` for what this one sends.
    key: str = Field(primary_key=True, max_length=20)
    # The kind: a code of `bot/channels/registry.py` ("telegram", "whatsapp", "sms").
    type: str = Field(max_length=20)
    name: str = Field(max_length=120)
    # Its credentials are the kind's usual variables with this prefix: `SULSEL_TELEGRAM_BOT_TOKEN`.
    env_prefix: str = Field(max_length=40)
    # The region it serves (a Kepmendagri code such as "73" or "73.71"); None for anywhere.
    area_code: str | None = Field(default=None, max_length=20)
    # Messages per second it may send, where the kind has a configurable rate (Twilio).
    messages_per_second: float | None = Field(default=None, gt=0)
    enabled: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime()))
