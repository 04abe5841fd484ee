"""Report subscriptions: a coordinator's standing order for a summary."""

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
    # The next delivery moment (UTC); the scheduler polls rows that are due, None until set.
    next_fire_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True, index=True)
    )
