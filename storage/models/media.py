"""Photos and documents received with reports, stored under MEDIA_DIR."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime, utcnow


class Media(SQLModel, table=True):
    """One stored file and what it belongs to (an activity, a case event, a meeting)."""

    __table_args__ = (
        Index("ix_media_created_at", "created_at"),
        Index("ix_media_case_event_id", "case_event_id"),
        Index("ix_media_meeting_id", "meeting_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(index=True, max_length=64)
    # Relative to MEDIA_DIR, so the folder can move.
    path: str = Field(max_length=300)
    content_type: str = Field(max_length=100)
    size_bytes: int
    uploaded_by: int | None = Field(default=None, foreign_key="person.id")
    activity_id: int | None = Field(default=None, foreign_key="activity.id", index=True)
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    case_event_id: int | None = Field(default=None, foreign_key="caseevent.id")
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime()))
