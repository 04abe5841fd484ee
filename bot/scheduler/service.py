"""The scheduler: a few APScheduler timers over domain rows, guarded by a database lease.

It keeps no truth of its own. Every run computes what is due from the time it is given and
queues outbox rows (or render jobs) under idempotency keys, so a restart, a catch-up after
downtime or a second instance never sends twice. Only the instance holding the lease runs:
the lease is renewed by a task of its own, in the database's clock, whatever long work runs
meanwhile, and every unit of work (a batch of subscriptions, of meeting moments, a zone's
nudges) checks in its own transaction that this instance still holds it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine
from sqlmodel import Session

from bot.leases import LeaseKeeper, LeaseLost, process_holder
from bot.scheduler.config import SchedulerConfig
from bot.scheduler.jobs import JobSpec, job_specs
from bot.scheduler.meeting_jobs import run_meeting_moments
from bot.scheduler.planned_jobs import run_planned_steps
from bot.scheduler.reminder_jobs import run_followups, run_nudges
from bot.scheduler.report_jobs import (
    ReportQueuer,
    next_moment,
    queue_period_report,
    run_subscription,
)
from bot.scheduler.timing import last_daily
from storage.media_files import delete_media_files
from storage.meetings import materialise_all
from storage.retention import purge
from storage.schedules import due_subscriptions

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
KINDS = ("series", "meetings", "followups", "nudges", "reports", "planned_steps", "retention")
LEASE_NAME = "scheduler"
REPORT_BATCH = 100


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Scheduler:
    """One scheduler instance; `run()` is the service loop, `run_due(now)` one pass."""

    def __init__(
        self,
        engine: Engine,
        config: SchedulerConfig,
        *,
        clock: Clock = _utcnow,
        report_queuer: ReportQueuer = queue_period_report,
        on_enqueued: Callable[[], None] | None = None,
        holder: str | None = None,
    ) -> None:
        self._engine = engine
        self._config = config
        self._clock = clock
        self._report_queuer = report_queuer
        self._on_enqueued = on_enqueued
        self.holder = holder or process_holder("scheduler")
        self.lease = LeaseKeeper(
            engine, LEASE_NAME, self.holder, ttl_seconds=float(config.lease_seconds)
        )
        self._aps: AsyncIOScheduler | None = None
        self._active = False
        # Job id -> signature of the jobs now scheduled, to touch only what changed.
        self._signatures: dict[str, str] = {}

    @property
    def active(self) -> bool:
        """This instance holds the lease now."""
        return self.lease.valid()

    def try_acquire(self) -> bool:
        """Take or renew the lease now; False while another instance holds it."""
        return self.lease.try_acquire()

    def release(self) -> None:
        """Give the lease up (on a clean stop) so another instance may start at once."""
        self.lease.release()

    # -- one pass ------------------------------------------------------------------------------

    def run_due(self, now: datetime | None = None, kinds: Iterable[str] = KINDS) -> dict[str, int]:
        """Queue everything due at `now`; nothing at all unless this instance holds the lease."""
        now = now or self._clock()
        counts: dict[str, int] = {}
        try:
            for kind in kinds:
                counts[kind] = self._run_kind(kind, now)
        except LeaseLost:
            log.warning("scheduler %s lost its lease during a run; stopped", self.holder)
        if any(counts.values()):
            log.info("scheduler queued %s", counts)
            if self._on_enqueued is not None:
                self._on_enqueued()
        return counts

    def _unit(self) -> contextlib.AbstractContextManager[Session]:
        """A transaction that runs only while this instance holds the lease, and renews it."""
        return self.lease.unit()

    def _run_kind(self, kind: str, now: datetime) -> int:
        name, _, zone = kind.partition("@")
        if name == "series":
            with self._unit() as session:
                materialise_all(session=session, now=now)
            return 0
        if name == "meetings":
            queued = 0
            while True:
                with self._unit() as session:
                    sent, handled = run_meeting_moments(
                        session=session, now=now, config=self._config
                    )
                queued += sent
                if handled == 0:
                    return queued
        if name == "followups":
            # "followups@Asia/Makassar" looks at that zone's cases only (its morning run).
            with self._unit() as session:
                return run_followups(
                    session=session, now=now, config=self._config, zone=zone or None
                )
        if name == "nudges":
            with self._unit() as session:
                return run_nudges(session=session, now=now, config=self._config, zone=zone or None)
        if name == "reports":
            return self._run_reports(now)
        if name == "planned_steps":
            with self._unit() as session:
                return run_planned_steps(session=session, now=now, config=self._config)
        if name == "retention":
            return self._run_retention(now)
        raise ValueError(f"unknown scheduler kind {kind!r}")

    def _run_retention(self, now: datetime) -> int:
        """The nightly UU PDP purge; media files go after the commit. Queues nothing."""
        fire = last_daily(now, self._config.default_timezone, self._config.retention_time)
        if now - fire > timedelta(hours=12):
            return 0  # a catch-up long after the night: tomorrow's run will do it
        with self._unit() as session:
            result = purge(
                session=session, now=now, policy=self._config.retention, actor_label="scheduler"
            )
        delete_media_files(Path(self._config.media_dir), result.files)
        log.info("retention purge: %s", result.counts())
        return 0

    def _run_reports(self, now: datetime) -> int:
        """Due subscriptions in batches; one failing report does not hold back the others."""
        queued = 0
        while True:
            started = time.monotonic()
            handled = 0
            with self._unit() as session:
                batch = due_subscriptions(
                    session=session,
                    now=now,
                    default_zone=self._config.default_timezone,
                    limit=REPORT_BATCH,
                )
                for subscription, zone in batch:
                    try:
                        with session.begin_nested():
                            queued += run_subscription(
                                session=session,
                                subscription=subscription,
                                zone=zone,
                                now=now,
                                config=self._config,
                                queue=self._report_queuer,
                            )
                    except Exception:  # a broken report must not keep the others from going out
                        log.exception("report subscription %s failed", subscription.id)
                        # Its moment moves on all the same, or every pass would retry it.
                        subscription.next_fire_at = next_moment(subscription, now, zone)
                        session.add(subscription)
                    handled += 1
                    # A slow day commits early; the rest stay due for the next unit.
                    if time.monotonic() - started > self.lease.unit_budget_seconds:
                        break
            if handled == len(batch) and len(batch) < REPORT_BATCH:
                return queued

    # -- the service loop ----------------------------------------------------------------------

    async def run(self) -> None:
        """Run until cancelled: keep the lease, and while holding it, run the jobs."""
        # APScheduler logs every run of every job at INFO.
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
        keeping = asyncio.create_task(self.lease.keep(), name="scheduler-lease")
        self._aps = AsyncIOScheduler(timezone=UTC)
        self._aps.add_job(
            self._watch_lease,
            IntervalTrigger(seconds=1),
            id="lease-watch",
            next_run_time=datetime.now(UTC),
            coalesce=True,
            max_instances=1,
        )
        self._aps.start()
        try:
            await asyncio.Event().wait()
        finally:
            self._aps.shutdown(wait=False)
            self._aps = None
            keeping.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeping
            await asyncio.to_thread(self.release)

    async def _watch_lease(self) -> None:
        held = self.lease.valid()
        if held and not self._active:
            self._active = True
            log.info("scheduler %s is active", self.holder)
            await self._refresh()
            # Catch up on whatever fell due while no scheduler ran.
            await self._run_job(KINDS)
            assert self._aps is not None
            self._aps.add_job(
                self._refresh,
                IntervalTrigger(seconds=self._config.refresh_seconds),
                id="refresh",
                coalesce=True,
                max_instances=1,
                replace_existing=True,
            )
        elif not held and self._active:
            log.warning("scheduler %s lost its lease; standing by", self.holder)
            self._active = False
            self._sync_jobs([])
            if self._aps is not None and self._aps.get_job("refresh") is not None:
                self._aps.remove_job("refresh")

    def job_specs(self) -> list[JobSpec]:
        """The jobs the deployment needs now."""
        with Session(self._engine) as session:
            return job_specs(session=session, config=self._config)

    async def _refresh(self) -> None:
        """Rebuild the zone jobs when the zones in use changed."""
        try:
            specs = await asyncio.to_thread(self.job_specs)
        except Exception:
            log.exception("scheduler refresh failed")
            return
        if self._active:
            self._sync_jobs(specs)

    def _sync_jobs(self, specs: list[JobSpec]) -> None:
        """Add new and changed jobs, drop the ones no longer called for; leave the rest."""
        if self._aps is None:
            return
        wanted = {spec.id: spec for spec in specs}
        for job_id in set(self._signatures) - set(wanted):
            if self._aps.get_job(job_id) is not None:
                self._aps.remove_job(job_id)
            del self._signatures[job_id]
        changed = [s for s in specs if self._signatures.get(s.id) != s.signature]
        for spec in changed:
            self._aps.add_job(
                self._run_job,
                spec.trigger,
                args=[spec.kinds],
                id=spec.id,
                replace_existing=True,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=max(1, int(spec.grace.total_seconds())),
            )
            self._signatures[spec.id] = spec.signature
        if changed:
            log.info("scheduler jobs: %d, %d new or changed", len(specs), len(changed))

    async def _run_job(self, kinds: Iterable[str]) -> None:
        if not self.lease.valid():
            return
        try:
            await asyncio.to_thread(self.run_due, self._clock(), tuple(kinds))
        except Exception:
            log.exception("scheduler run of %s failed", kinds)
