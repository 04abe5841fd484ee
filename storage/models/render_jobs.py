"""Report rendering as queued work: a job per report to make and deliver."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, Index, text
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime, stored_by_value, utcnow


class RenderStatus(StrEnum):
    """Where a render job stands."""

    PENDING = "pending"  # waits for a worker (again, after a failed try)
    RUNNING = "running"  # a worker holds it until `claimed_until`
    PARTIAL = "partial"  # the summary went out; some files are retried
    DONE = "done"
    FAILED = "failed"  # gave up; the recipient and the admins were told


class RenderJob(SQLModel, table=True):
    """One report to make (text, chart, PDF, XLSX) and send to one person.

    Made by `/laporan` and by report subscriptions; any process's render worker claims it,
    renders outside any transaction others wait on, then queues the outbox row.
    """

    __table_args__ = (
        Index(
            "ix_renderjob_due",
            "next_attempt_at",
            postgresql_where=text("status IN ('pending', 'partial')"),
            sqlite_where=text("status IN ('pending', 'partial')"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    idempotency_key: str = Field(unique=True, max_length=160)
    person_id: int = Field(foreign_key="person.id", index=True)
    area_code: str = Field(max_length=13)
    period: str = Field(max_length=8)  # weekly / monthly / yearly
    period_start: date
    # Where the report goes; None means the person's most recently used chat.
    channel: str | None = Field(default=None, max_length=20)
    address: str | None = Field(default=None, max_length=140)
    origin: str = Field(default="scheduler", max_length=12)  # scheduler / chat / cli
    status: RenderStatus = Field(
        default=RenderStatus.PENDING,
        sa_column=Column(stored_by_value(RenderStatus, native=False, length=10), nullable=False),
    )
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime()))
    # The outbox row waits until then (quiet hours of a scheduled report).
    deliver_not_before: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    claimed_by: str | None = Field(default=None, max_length=80)
    claimed_until: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    # Files still to make after a partial success ("pdf", "xlsx", "png").
    missing: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime()))
    finished_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
