"""Routine PSM meetings: a series (its rule), each meeting, and who came."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime, stored_by_value, utcnow


class MeetingStatus(StrEnum):
    """Where a meeting stands."""

    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    HELD = "held"
    # Replaced by another meeting at a new time; kept so its series does not recreate it.
    MOVED = "moved"


class MeetingSeries(SQLModel, table=True):
    """A recurring meeting for the PSM of a kelurahan or kecamatan."""

    id: int | None = Field(default=None, primary_key=True)
    organiser_id: int = Field(foreign_key="person.id", index=True)
    area_code: str = Field(foreign_key="region.code", index=True, max_length=13)
    title: str = Field(max_length=120)
    place: str | None = Field(default=None, max_length=200)
    # An iCalendar RRULE in the area's local time, e.g. FREQ=MONTHLY;BYDAY=2TU;BYHOUR=9.
    rule: str = Field(max_length=200)
    timezone: str = Field(max_length=40)
    starts_on: date
    until: date | None = None
    # Occurrences that fall on a national holiday or cuti bersama are not held.
    skip_holidays: bool = Field(default=False)
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime()))


class Meeting(SQLModel, table=True):
    """One meeting, from a series or on its own."""

    __table_args__ = (
        Index(
            "ix_meeting_area_starts",
            "area_code",
            "starts_at",
            postgresql_ops={"area_code": "varchar_pattern_ops"},
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    series_id: int | None = Field(default=None, foreign_key="meetingseries.id", index=True)
    organiser_id: int = Field(foreign_key="person.id")
    area_code: str = Field(foreign_key="region.code", index=True, max_length=13)
    title: str = Field(max_length=120)
    place: str | None = Field(default=None, max_length=200)
    starts_at: datetime = Field(sa_column=Column(UTCDateTime(), index=True))
    status: MeetingStatus = Field(
        default=MeetingStatus.SCHEDULED,
        sa_type=stored_by_value(MeetingStatus, native=False, length=10),
    )
    minutes: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime()))
    # When the scheduler handled each moment of the meeting (reminders, attendance prompt), so a
    # pass looks only at moments not handled yet.
    reminded_h1_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    reminded_h2_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    attendance_prompted_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )


class MeetingAttendance(SQLModel, table=True):
    """An invitee's answer (hadir / tidak / izin) and whether they came."""

    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    rsvp: str | None = Field(default=None, max_length=6)
    reason: str | None = Field(default=None, max_length=200)
    attended: bool | None = None
