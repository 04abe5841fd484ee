"""Leases: which process does a job only one may do at a time (scheduler, a channel's sender)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class Lease(SQLModel, table=True):
    """A named lease; its holder renews it, another process waits for it to lapse.

    Expiry is in the database's clock, so hosts whose clocks differ still agree on it.
    """

    name: str = Field(primary_key=True, max_length=40)
    holder: str = Field(max_length=80)
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
