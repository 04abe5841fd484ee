"""People who use the bot and the chat identities (URNs) through which they reach it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Index
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime, stored_by_value, utcnow


class PersonRole(StrEnum):
    """Roles in rising order of scope: PSM < Ketua PSM < TKSK < Dinas Sosial < admin."""

    PSM = "psm"
    KETUA_PSM = "ketua_psm"
    TKSK = "tksk"
    DINSOS = "dinsos"
    ADMIN = "admin"


class PersonStatus(StrEnum):
    """Whether a person may use the bot."""

    APPROVED = "approved"  # rostered, or a self-registration the TKSK approved
    PENDING = "pending"  # a self-registration awaiting the TKSK
    REJECTED = "rejected"  # a self-registration the TKSK turned down


class Person(SQLModel, table=True):
    """A registered user: a PSM or a coordinator, attached to the area they work in."""

    __table_args__ = (
        Index(
            "ix_person_area_role",
            "area_code",
            "role",
            postgresql_ops={"area_code": "varchar_pattern_ops"},
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    # E.164 (+62812...). Unique: the roster import is idempotent on it.
    phone: str | None = Field(default=None, unique=True, max_length=20)
    role: PersonRole = Field(default=PersonRole.PSM, sa_type=stored_by_value(PersonRole))
    area_code: str = Field(foreign_key="region.code", index=True, max_length=13)
    locale: str = Field(default="id", max_length=5)
    active: bool = Field(default=True)
    status: PersonStatus = Field(
        default=PersonStatus.APPROVED,
        sa_type=stored_by_value(PersonStatus, native=False, length=10),
    )
    # When a self-registration was approved; rostered people (None) were PSM all along.
    approved_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime()))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime()))


class Identity(SQLModel, table=True):
    """A chat address as a URN (`telegram:123`, `whatsapp:+62812...`, `sim:+62812...`).

    A WhatsApp user who hides their number behind a username arrives as a business-scoped
    user id (`whatsapp:ID.1234...`): that is their URN and address, never read as a phone.
    """

    id: int | None = Field(default=None, primary_key=True)
    urn: str = Field(unique=True, max_length=160)
    channel: str = Field(max_length=20)
    # What the channel needs to reach the contact: a Telegram chat id, a phone number.
    address: str = Field(max_length=140)
    # The channel it last wrote through, by the key the outbox uses: the kind's code for the
    # channel the environment configures, a channel row's key otherwise (None: the former).
    channel_key: str | None = Field(default=None, max_length=20)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    display_name: str | None = Field(default=None, max_length=120)
    # A WhatsApp username account (no phone) that says it is this person; the TKSK confirms.
    claimed_person_id: int | None = Field(default=None, foreign_key="person.id")
    # The WhatsApp 24-hour window is counted from here.
    last_inbound_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime()))
