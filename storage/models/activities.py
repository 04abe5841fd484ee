"""Activities: work a PSM did for a group or a program, e.g. a bansos distribution."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime, utcnow

# What the period counts read of an activity (kept in their index on PostgreSQL).
REPORTED = ("id", "activity_type", "psm_role", "people_reached", "reporter_id", "deleted_at")


class Activity(SQLModel, table=True):
    """One reported activity."""

    __table_args__ = (
        Index(
            "ix_activity_area_occurred",
            "area_code",
            "occurred_on",
            postgresql_ops={"area_code": "varchar_pattern_ops"},
        ),
        # A period first (a province's or a kab/kota's week): the counts read the index alone.
        Index(
            "ix_activity_occurred_area",
            "occurred_on",
            "area_code",
            postgresql_ops={"area_code": "varchar_pattern_ops"},
            postgresql_include=list(REPORTED),
        ),
        # Whether a PSM reported in a period: one probe per PSM, the index alone.
        Index(
            "ix_activity_reporter_occurred",
            "reporter_id",
            "occurred_on",
            postgresql_include=["deleted_at"],
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    reporter_id: int = Field(foreign_key="person.id")
    area_code: str = Field(foreign_key="region.code", index=True, max_length=13)
    activity_type: str = Field(index=True, max_length=16)
    occurred_on: date
    rt: str | None = Field(default=None, max_length=3)
    rw: str | None = Field(default=None, max_length=3)
    place: str | None = Field(default=None, max_length=200)
    latitude: float | None = None
    longitude: float | None = None
    people_reached: int | None = None
    # "sekitar 20", "20an": the count is the PSM's estimate, shown as such.
    people_reached_approximate: bool = Field(default=False)
    psm_role: str | None = Field(default=None, max_length=16)
    ppks: int | None = None
    description: str | None = None
    # The PSM's own words, kept so a coordinator can read what was actually said.
    source_text: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime()))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime()))
    deleted_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )


class ActivityCase(SQLModel, table=True):
    """An activity done for one of the PSM's cases."""

    activity_id: int = Field(foreign_key="activity.id", primary_key=True)
    case_id: int = Field(foreign_key="case.id", primary_key=True)


class ActivityChange(SQLModel, table=True):
    """History of an activity: created, edited (old and new values), deleted."""

    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(foreign_key="activity.id", index=True)
    actor_id: int | None = Field(default=None, foreign_key="person.id")
    action: str = Field(max_length=10)  # created / edited / deleted
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime()))
