"""What people typed in the browser simulator, so a reconnect shows both sides of the chat."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime, utcnow


class SimulatorLine(SQLModel, table=True):
    """One message a person sent from the simulator page (local demos only)."""

    id: int | None = Field(default=None, primary_key=True)
    address: str = Field(index=True, max_length=60)
    text: str = Field(default="")
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime()))
