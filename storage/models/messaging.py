"""The message pipeline's tables: inbound log, conversation state, outbox."""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum, StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime, stored_by_value, utcnow


class InboundMessage(SQLModel, table=True):
    """Every message received; the unique (channel, external id) makes a repeat a no-op."""

    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20)
    external_id: str = Field(max_length=80)
    urn: str = Field(index=True, max_length=160)
    received_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime()))
    kind: str = Field(default="text", max_length=12)  # text / media / choice / location / ...


class ConversationState(SQLModel, table=True):
    """Where a conversation stands: the flow, its step, the draft so far, the options shown."""

    __table_args__ = (UniqueConstraint("channel", "address"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20)
    # Up to a WhatsApp business-scoped user id (two letters, a dot, up to 128 characters).
    address: str = Field(max_length=140)
    flow: str | None = Field(default=None, max_length=40)
    step: str | None = Field(default=None, max_length=40)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # Options last offered, [[key, label], ...], so "2" or a label can be matched to a key.
    options: list[list[str]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime()))
    expires_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )


class OutboxStatus(StrEnum):
    """Delivery states; Twilio status callbacks move a row past `sent`."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"  # gave up after the last try, or the platform said it failed
    UNDELIVERABLE = "undeliverable"  # the user blocked the bot or the address is invalid
    HELD = "held"  # not sendable as it stands (e.g. WhatsApp window closed, no template)


class Lane(IntEnum):
    """Which queue of its channel a message waits in; a lower lane goes first."""

    INTERACTIVE = 0  # replies and notices to a person, answering what they did
    BULK = 1  # business-initiated: reminders, nudges, follow-ups, reports


# Kinds that answer a person; every other kind is business-initiated bulk.
INTERACTIVE_KINDS = frozenset({"reply", "notice"})

# The statuses a row can still leave.
_OPEN = "status IN ('pending', 'sending')"


class OutboxMessage(SQLModel, table=True):
    """One message to send. A sender claims a pending row, sends it and records the outcome.

    A claim names its sender and lasts until `claimed_until` (the database's clock), renewed
    while the send runs; an expired claim is given back by any running sender. `part_ids` are
    the platform ids of the parts (text pieces, files) already delivered, so a retry in any
    process sends only the rest.
    """

    __table_args__ = (
        # Due rows of a lane, oldest first; only open rows are in the index, not the history.
        Index(
            "ix_outbox_pending_lane",
            "channel",
            "lane",
            "id",
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
        # A chat's open rows, for the check that only the first of them may be claimed.
        Index(
            "ix_outbox_open_chat",
            "channel",
            "address",
            "id",
            postgresql_where=text(_OPEN),
            sqlite_where=text(_OPEN),
        ),
        Index(
            "ix_outbox_claims",
            "claimed_until",
            postgresql_where=text("status = 'sending'"),
            sqlite_where=text("status = 'sending'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20, index=True)
    address: str = Field(max_length=140)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    # reply / meeting_reminder / followup / nudge / weekly_report / ...
    kind: str = Field(default="reply", max_length=24)
    lane: int = Field(default=Lane.INTERACTIVE)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # Scheduled messages carry a key so that a repeat run enqueues nothing new.
    idempotency_key: str | None = Field(default=None, unique=True, max_length=160)
    status: OutboxStatus = Field(
        default=OutboxStatus.PENDING, index=True, sa_type=stored_by_value(OutboxStatus)
    )
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime()))
    claimed_by: str | None = Field(default=None, max_length=80)
    claimed_until: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    part_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    external_id: str | None = Field(default=None, index=True, max_length=80)
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime()))
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
