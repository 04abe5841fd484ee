"""Cases: one client (person or household) with a welfare problem, and what happened to it."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, String, event
from sqlmodel import Field, SQLModel

from storage.encryption import EncryptedText, current_keyring
from storage.types import UTCDateTime, stored_by_value, utcnow


class CaseStatus(StrEnum):
    """Where a case stands."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    REFERRED = "referred"
    MOVED = "moved"
    CLOSED = "closed"


class CaseEventKind(StrEnum):
    """What can happen to a case; every change to a case is one of these."""

    OPENED = "opened"
    VISIT = "visit"
    ASSESSMENT = "assessment"
    REFERRAL = "referral"
    ASSISTANCE = "assistance"
    STATUS_CHANGE = "status_change"
    MOVED = "moved"
    CLOSED = "closed"
    EDITED = "edited"
    NOTE = "note"


class Case(SQLModel, table=True):
    """A client case. Most of it is specific personal data under UU PDP: scope every read."""

    __table_args__ = (
        Index(
            "ix_case_area_opened",
            "area_code",
            "opened_on",
            postgresql_ops={"area_code": "varchar_pattern_ops"},
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    reporter_id: int = Field(foreign_key="person.id", index=True)
    area_code: str = Field(foreign_key="region.code", index=True, max_length=13)
    client_name: str = Field(max_length=120)
    client_sex: str | None = Field(default=None, max_length=1)  # "L" / "P"
    client_age: int | None = None
    client_birth_year: int | None = None
    # The NIK and the problem are encrypted at rest; `nik_hash` (HMAC) finds a NIK again.
    nik: str | None = Field(default=None, sa_column=Column(EncryptedText(), nullable=True))
    nik_hash: str | None = Field(default=None, sa_column=Column(String(64), index=True))
    rt: str | None = Field(default=None, max_length=3)
    rw: str | None = Field(default=None, max_length=3)
    address: str | None = Field(default=None, max_length=200)
    ppks: int | None = Field(default=None, index=True)
    problem: str | None = Field(default=None, sa_column=Column(EncryptedText(), nullable=True))
    source: str | None = Field(default=None, max_length=20)  # keluarga, rt_rw, tetangga, sendiri
    urgency: str | None = Field(default=None, max_length=10)  # rendah, sedang, tinggi
    status: CaseStatus = Field(
        default=CaseStatus.OPEN, index=True, sa_type=stored_by_value(CaseStatus)
    )
    referral: str | None = Field(default=None, max_length=20)
    consent_given: bool = Field(default=False)
    consent_by: str | None = Field(default=None, max_length=10)  # klien / wali
    opened_on: date = Field(index=True)
    outcome: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime()))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime()))
    closed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    deleted_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )


@event.listens_for(Case, "before_insert")
@event.listens_for(Case, "before_update")
def _hash_nik(mapper: object, connection: object, case: Case) -> None:
    """Keep the lookup hash in step with the NIK, whoever writes the case."""
    case.nik_hash = current_keyring().lookup_hash(case.nik) if case.nik else None


class CaseEvent(SQLModel, table=True):
    """One entry in a case's history: a visit, a referral, a move, a closure, an edit."""

    __table_args__ = (
        Index("ix_caseevent_actor_occurred", "actor_id", "occurred_on"),
        Index("ix_caseevent_case_occurred", "case_id", "occurred_on"),
        Index("ix_caseevent_kind_occurred", "kind", "occurred_on"),
        # The events of a window (which cases had news): the index alone on PostgreSQL.
        Index("ix_caseevent_occurred", "occurred_on", postgresql_include=["case_id"]),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    kind: CaseEventKind = Field(sa_type=stored_by_value(CaseEventKind))
    actor_id: int | None = Field(default=None, foreign_key="person.id")
    occurred_on: date
    note: str | None = None
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime()))
