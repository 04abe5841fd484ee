"""Render jobs: reports to make, claimed by one worker at a time, like outbox rows."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, literal_column, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.clock import database_now
from storage.models.render_jobs import RenderJob, RenderStatus

DUE = (RenderStatus.PENDING, RenderStatus.PARTIAL)
# Literal in the SQL, so `ix_renderjob_due` (a partial index on these statuses) is used.
_DUE_SQL: list[ColumnElement[str]] = [literal_column(f"'{status.value}'") for status in DUE]


def enqueue_render(
    *,
    session: Session,
    idempotency_key: str,
    person_id: int,
    area_code: str,
    period: str,
    period_start: date,
    now: datetime,
    origin: str = "scheduler",
    channel: str | None = None,
    address: str | None = None,
    deliver_not_before: datetime | None = None,
) -> RenderJob | None:
    """Ask for a report; None when a job with this key exists already."""
    job = RenderJob(
        idempotency_key=idempotency_key,
        person_id=person_id,
        area_code=area_code,
        period=period,
        period_start=period_start,
        origin=origin,
        channel=channel,
        address=address,
        created_at=now,
        next_attempt_at=now,
        deliver_not_before=deliver_not_before,
    )
    try:
        with session.begin_nested():
            session.add(job)
    except IntegrityError:
        return None
    return job


def render_job_exists(*, session: Session, idempotency_key: str) -> bool:
    """A job with this key was asked for before."""
    found = session.exec(
        select(col(RenderJob.id)).where(RenderJob.idempotency_key == idempotency_key)
    ).first()
    return found is not None


def claim_render(
    *, session: Session, holder: str, now: datetime, visibility: timedelta
) -> RenderJob | None:
    """Take the oldest due job (SKIP LOCKED on PostgreSQL), or None."""
    query = (
        select(RenderJob)
        .where(col(RenderJob.status).in_(_DUE_SQL), RenderJob.next_attempt_at <= now)
        .order_by(col(RenderJob.next_attempt_at), col(RenderJob.id))
        .limit(1)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    job = session.exec(query).first()
    if job is None:
        return None
    job.status = RenderStatus.RUNNING
    job.attempts += 1
    job.claimed_by = holder
    job.claimed_until = database_now(session=session) + visibility
    session.add(job)
    session.flush()
    return job


def renew_render(*, session: Session, job_id: int, holder: str, visibility: timedelta) -> bool:
    """Extend a running job's claim; False when it was taken over."""
    result = session.execute(
        update(RenderJob)
        .where(
            col(RenderJob.id) == job_id,
            col(RenderJob.claimed_by) == holder,
            col(RenderJob.status) == RenderStatus.RUNNING,
        )
        .values(claimed_until=database_now(session=session) + visibility)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def claimed_render(*, session: Session, job_id: int, holder: str) -> RenderJob | None:
    """The job, locked, if `holder` still holds it."""
    job = session.get(RenderJob, job_id, with_for_update=True)
    if job is None or job.status != RenderStatus.RUNNING or job.claimed_by != holder:
        return None
    return job


def settle_render(
    *,
    job: RenderJob,
    status: RenderStatus,
    now: datetime,
    missing: list[str] | None = None,
    error: str | None = None,
    retry_at: datetime | None = None,
) -> None:
    """Record where a claimed job ended: done, partial or pending (to retry), or failed."""
    job.status = status
    job.claimed_by = None
    job.claimed_until = None
    job.missing = list(missing or [])
    job.last_error = error[:500] if error else None
    if retry_at is not None:
        job.next_attempt_at = retry_at
    if status in (RenderStatus.DONE, RenderStatus.FAILED):
        job.finished_at = now


def rescue_renders(*, session: Session) -> int:
    """Jobs whose worker died go back to the queue; returns how many."""
    lapsed = session.exec(
        select(RenderJob).where(
            RenderJob.status == RenderStatus.RUNNING,
            or_(
                col(RenderJob.claimed_until) < database_now(session=session),
                col(RenderJob.claimed_until).is_(None),
            ),
        )
    ).all()
    for job in lapsed:
        settle_render(
            job=job,
            status=RenderStatus.PARTIAL if job.missing else RenderStatus.PENDING,
            now=job.next_attempt_at,
            missing=job.missing,
            error=job.last_error,
        )
        session.add(job)
    return len(lapsed)
