"""Report subscriptions and the lease that keeps one scheduler per deployment."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class ReportSubscription(SQLModel, table=True):
    """A coordinator's standing order for a summary of an area (weekly, monthly, yearly)."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    area_code: str = Field(foreign_key="region.code", max_length=13)
    period: str = Field(default="weekly", max_length=8)
    weekday: int = Field(default=0)  # Monday = 0, local time of the area
    local_time: time = Field(default=time(7, 0))
    active: bool = Field(default=True)


class SchedulerLease(SQLModel, table=True):
    """Who runs the scheduler now; a holder renews it, another instance waits for it to lapse."""

    name: str = Field(primary_key=True, max_length=40)
    holder: str = Field(max_length=80)
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
