"""Planned steps of a case: what the PSM said they will do, and when ("besok dirujuk")."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime, utcnow


class PlannedStepStatus(StrEnum):
    """Where a planned step stands; the PSM's answer on the day closes it."""

    PLANNED = "planned"
    DONE = "done"
    NOT_DONE = "not_done"
    CANCELLED = "cancelled"


class PlannedStep(SQLModel, table=True):
    """A step planned for a case; on its day the PSM is asked whether it happened."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    # referral / visit / checkup / escort / proposal
    action: str = Field(max_length=16)
    destination: str | None = Field(default=None, max_length=20)  # a REFERRALS code
    due_on: date = Field(index=True)
    phrase: str | None = Field(default=None, max_length=200)
    # A PlannedStepStatus value, kept as plain text so a new status needs no type change.
    status: str = Field(default=PlannedStepStatus.PLANNED.value, index=True, max_length=12)
    prompted_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    answered_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime()))
