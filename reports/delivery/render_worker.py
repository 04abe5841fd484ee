"""The render worker: makes queued reports outside any transaction others wait on.

A job is claimed like an outbox row (SKIP LOCKED, a claim that lapses). Its report is built in
a read-only session (on SQLite it never takes the write lock), its files are rendered with no
session open at all, and only then one short transaction queues the outbox row and settles the
job. Every file is made on its own: when the PDF cannot be made, the summary still goes out with
the other files and a note, and the missing file is tried again with backoff; after the last try
the recipient is told and so are the admins.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlmodel import Session

from bot.leases import process_holder
from bot.metrics import Metrics
from bot.sending.backoff import backoff_seconds
from handlers.i18n import t
from handlers.messages import Attachment, Reply
from reports.building.build import COORDINATORS, PeriodReport, build_report
from reports.building.formatting import period_label
from reports.building.periods import period_containing
from reports.delivery.render_messages import (
    file_names,
    job_folder,
    period_key,
    report_kind,
    send_job_message,
    tell_admins,
)
from reports.rendering.files import FORMATS, render_files
from reports.rendering.pdf import pdf_available
from reports.rendering.text import summary_text
from storage.audit import audit
from storage.db import reading, transaction
from storage.models.people import Person
from storage.models.render_jobs import RenderJob, RenderStatus
from storage.render_jobs import claim_render, claimed_render, renew_render, settle_render
from storage.render_jobs import rescue_renders as rescue_lapsed

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
# Render failures are retried after 1, 2, 4 ... minutes.
RETRY_BASE_SECONDS = 60.0


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class _Made:
    """What one attempt produced."""

    report: PeriodReport | None = None
    person: Person | None = None
    files: list[Attachment] = field(default_factory=list)
    # Files to try again later (the PDF, when it failed here though PDFs can be made).
    retry: list[str] = field(default_factory=list)
    error: str | None = None  # the report (or one of its files) could not be made


class RenderWorker:
    """Claims render jobs one at a time and delivers what they make through the outbox."""

    def __init__(
        self,
        engine: Engine,
        *,
        media_dir: Path,
        holder: str | None = None,
        clock: Clock = _utcnow,
        max_attempts: int = 4,
        poll_seconds: float = 2.0,
        claim_seconds: float = 120.0,
        metrics: Metrics | None = None,
        on_enqueued: Callable[[], None] | None = None,
    ) -> None:
        self._engine = engine
        self._media_dir = media_dir
        self.holder = holder or process_holder("render")
        self._clock = clock
        self._max_attempts = max_attempts
        self._poll_seconds = poll_seconds
        self._claim_seconds = claim_seconds
        self._metrics = metrics
        self._on_enqueued = on_enqueued
        self._wake = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None

    def wake(self) -> None:
        """Look for jobs now (safe to call from any thread)."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._wake.set)

    async def run(self) -> None:
        """Work until cancelled."""
        self._loop = asyncio.get_running_loop()
        rescued_at = 0.0
        while True:
            try:
                if self._loop.time() - rescued_at > self._claim_seconds / 2:
                    rescued_at = self._loop.time()
                    await asyncio.to_thread(self.rescue)
                worked = await self.work_once()
            except (OperationalError, InterfaceError):
                log.warning("render worker: database not reachable; trying again")
                worked = False
            except Exception:  # the loop must outlive a bad job
                log.exception("render worker pass failed")
                worked = False
            if not worked:
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self._poll_seconds):
                        await self._wake.wait()

    async def drain(self, max_jobs: int = 100) -> int:
        """Make every due job now (the terminal chat and tests); returns jobs worked on."""
        self._loop = asyncio.get_running_loop()
        done = 0
        while done < max_jobs and await self.work_once():
            done += 1
        return done

    def rescue(self) -> int:
        """Jobs of a worker that died go back to the queue."""
        with transaction(self._engine) as session:
            return rescue_lapsed(session=session)

    async def work_once(self) -> bool:
        """Claim one due job and work it; False when none was due."""
        job = await asyncio.to_thread(self._claim)
        if job is None:
            return False
        assert job.id is not None
        keeping = asyncio.create_task(self._keep_claim(job.id))
        try:
            made = await asyncio.to_thread(self._make, job)
        finally:
            keeping.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeping
        queued = await asyncio.to_thread(self._deliver, job, made)
        if queued and self._on_enqueued is not None:
            self._on_enqueued()
        return True

    def _claim(self) -> RenderJob | None:
        with transaction(self._engine) as session:
            return claim_render(
                session=session,
                holder=self.holder,
                now=self._clock(),
                visibility=timedelta(seconds=self._claim_seconds),
            )

    async def _keep_claim(self, job_id: int) -> None:
        while True:
            await asyncio.sleep(self._claim_seconds / 3)

            def renew() -> bool:
                with transaction(self._engine) as session:
                    return renew_render(
                        session=session,
                        job_id=job_id,
                        holder=self.holder,
                        visibility=timedelta(seconds=self._claim_seconds),
                    )

            with contextlib.suppress(Exception):
                await asyncio.to_thread(renew)

    # -- making ----------------------------------------------------------------------------------

    def _make(self, job: RenderJob) -> _Made:
        """Build the report (reading only) and render the files still wanted (no session)."""
        made = _Made()
        try:
            with reading(self._engine) as session:
                person = session.get(Person, job.person_id)
                made.person = person
                if person is None or not person.active or person.role not in COORDINATORS:
                    made.error = "the recipient is no active coordinator"
                    return made
                # As of the request: a retry an hour later shows what was asked for.
                made.report = build_report(
                    session=session,
                    area_code=job.area_code,
                    period=period_containing(report_kind(job.period), job.period_start),
                    now=job.created_at,
                )
            formats = tuple(job.missing) if job.missing else FORMATS
            made.files = render_files(
                made.report,
                media_dir=self._media_dir,
                folder=job_folder(job),
                locale=made.person.locale if made.person else "id",
                formats=formats,
            )
        except Exception as exc:
            log.exception("report %s could not be made", job.idempotency_key)
            made.report = None
            made.error = f"{type(exc).__name__}: {exc}"
            return made
        if made.report.pdf_missing and pdf_available() is None:
            # PDFs can be made here, this one failed: worth another try. Without Pango at all
            # the report goes without it for good, its text saying so.
            made.retry = ["pdf"]
        return made

    # -- delivering ------------------------------------------------------------------------------

    def _deliver(self, job: RenderJob, made: _Made) -> bool:
        """Queue what was made and settle the job, in one short transaction."""
        assert job.id is not None
        now = self._clock()
        with transaction(self._engine) as session:
            claimed = claimed_render(session=session, job_id=job.id, holder=self.holder)
            if claimed is None:
                log.warning("render job %s was taken over; its result is dropped", job.id)
                return False
            person = session.get(Person, claimed.person_id)
            queued = False
            if made.report is None or person is None:
                queued = self._failed_to_build(session, claimed, person, made, now)
            else:
                queued = self._queue_made(session, claimed, person, made, now)
            session.add(claimed)
        if self._metrics is not None:
            self._metrics.render_jobs.labels(claimed.status.value).inc()
        return queued

    def _failed_to_build(
        self, session: Session, job: RenderJob, person: Person | None, made: _Made, now: datetime
    ) -> bool:
        error = made.error or "unknown error"
        inactive = made.report is None and error == "the recipient is no active coordinator"
        if not inactive and job.attempts < self._max_attempts:
            retry = now + timedelta(seconds=backoff_seconds(job.attempts, base=RETRY_BASE_SECONDS))
            settle_render(
                job=job, status=RenderStatus.PENDING, now=now, error=error, retry_at=retry
            )
            return False
        settle_render(job=job, status=RenderStatus.FAILED, now=now, error=error)
        if inactive or person is None:
            log.warning("render job %s dropped: %s", job.id, error)
            return False
        period = period_key(job)
        send_job_message(
            session,
            job,
            person,
            Reply(text=t(person.locale, "deliveries.failed", period=period)),
            now,
            suffix="failed",
        )
        tell_admins(session, job, person, error, now)
        return True

    def _queue_made(
        self, session: Session, job: RenderJob, person: Person, made: _Made, now: datetime
    ) -> bool:
        assert made.report is not None
        locale = person.locale
        report = made.report
        label = period_label(report.period, locale)
        queued = False
        if not job.missing:  # the summary has not gone out yet
            reply = Reply(text=summary_text(report, locale), attachments=made.files)
            send_job_message(session, job, person, reply, now, suffix="", report=report)
            queued = True
        elif made.files:
            text = t(locale, "deliveries.files_follow", period=label)
            reply = Reply(text=text, attachments=made.files)
            send_job_message(session, job, person, reply, now, suffix=f"files-{job.attempts}")
            queued = True
        error = report.pdf_error or "the PDF could not be made"
        if not made.retry:
            settle_render(job=job, status=RenderStatus.DONE, now=now)
        elif job.attempts < self._max_attempts:
            retry = now + timedelta(seconds=backoff_seconds(job.attempts, base=RETRY_BASE_SECONDS))
            settle_render(
                job=job,
                status=RenderStatus.PARTIAL,
                now=now,
                missing=made.retry,
                error=error,
                retry_at=retry,
            )
        else:
            settle_render(job=job, status=RenderStatus.FAILED, now=now, error=error)
            note = t(
                locale,
                "deliveries.files_gave_up",
                files=file_names(locale, made.retry),
                period=label,
            )
            send_job_message(session, job, person, Reply(text=note), now, suffix="gave-up")
            tell_admins(session, job, person, error, now)
            queued = True
        audit(
            session=session,
            action="report.queued",
            actor_id=person.id if job.origin == "chat" else None,
            actor_label=job.origin,
            subject_type="area",
            subject_id=report.area_code,
            detail={"period": report.period.key, "recipient": person.id, "job": job.id},
        )
        return queued
