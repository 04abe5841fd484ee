"""Who viewed, exported or changed personal data, and when (UU PDP)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime, utcnow


class AuditLog(SQLModel, table=True):
    """One audited action."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), index=True))
    actor_id: int | None = Field(default=None, foreign_key="person.id")
    # The system acting on its own (CLI, scheduler) names itself here.
    actor_label: str | None = Field(default=None, max_length=60)
    action: str = Field(max_length=40)
    subject_type: str | None = Field(default=None, max_length=20)
    subject_id: str | None = Field(default=None, max_length=40)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
