"""The scheduler: APScheduler jobs rebuilt from domain rows, guarded by a database lease.

It keeps no truth of its own. Every job run computes what is due from the time it is given and
queues outbox rows under idempotency keys, so a restart, a catch-up after downtime or a second
instance never sends twice. Only the instance holding the lease runs jobs; another one waits for
the lease to lapse and sends nothing meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine
from sqlmodel import Session

from bot.scheduler.config import SchedulerConfig
from bot.scheduler.jobs import JobSpec, job_specs
from bot.scheduler.meeting_jobs import run_meetings
from bot.scheduler.reminder_jobs import run_followups, run_nudges
from bot.scheduler.report_jobs import ReportQueuer, queue_period_report, run_subscription
from storage.db import transaction
from storage.models.schedules import ReportSubscription
from storage.schedules import acquire_lease, active_subscriptions, holds_lease, release_lease

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
KINDS = ("meetings", "followups", "nudges", "reports")
LEASE_NAME = "scheduler"


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
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.active = False
        self._aps: AsyncIOScheduler | None = None
        # Job id -> signature of the jobs now scheduled, to touch only what changed.
        self._signatures: dict[str, str] = {}

    @property
    def _ttl(self) -> timedelta:
        return timedelta(seconds=self._config.lease_seconds)

    def try_acquire(self, now: datetime | None = None) -> bool:
        """Take or renew the lease; False while another instance holds it."""
        with transaction(self._engine) as session:
            return acquire_lease(
                session=session,
                name=LEASE_NAME,
                holder=self.holder,
                now=now or self._clock(),
                ttl=self._ttl,
            )

    def release(self, now: datetime | None = None) -> None:
        """Give the lease up (on a clean stop) so another instance may start at once."""
        with transaction(self._engine) as session:
            release_lease(
                session=session, name=LEASE_NAME, holder=self.holder, now=now or self._clock()
            )

    def run_due(self, now: datetime | None = None, kinds: Iterable[str] = KINDS) -> dict[str, int]:
        """Queue everything due at `now`; nothing at all unless this instance holds the lease."""
        now = now or self._clock()
        counts: dict[str, int] = {}
        for kind in kinds:
            if kind == "reports":
                counts[kind] = self._run_reports(now)
                continue
            with transaction(self._engine) as session:
                if not self._holds(session, now):
                    break
                counts[kind] = self._run_kind(kind, session, now)
        if any(counts.values()):
            log.info("scheduler queued %s", counts)
            if self._on_enqueued is not None:
                self._on_enqueued()
        return counts

    def _holds(self, session: Session, now: datetime) -> bool:
        return holds_lease(session=session, name=LEASE_NAME, holder=self.holder, now=now)

    def _run_kind(self, kind: str, session: Session, now: datetime) -> int:
        if kind == "meetings":
            return run_meetings(session=session, now=now, config=self._config)
        if kind.partition("@")[0] == "followups":
            # "followups@Asia/Makassar" looks at that zone's cases only (its morning run).
            zone = kind.partition("@")[2] or None
            return run_followups(session=session, now=now, config=self._config, zone=zone)
        if kind == "nudges":
            return run_nudges(session=session, now=now, config=self._config)
        raise ValueError(f"unknown scheduler kind {kind!r}")

    def _run_reports(self, now: datetime) -> int:
        """Each subscription in its own transaction: one failing report does not stop the rest."""
        with transaction(self._engine) as session:
            if not self._holds(session, now):
                return 0
            ids = [s.id for s in active_subscriptions(session=session)]
        queued = 0
        for subscription_id in ids:
            try:
                with transaction(self._engine) as session:
                    if not self._holds(session, now):
                        break
                    subscription = session.get(ReportSubscription, subscription_id)
                    if subscription is not None and subscription.active:
                        queued += run_subscription(
                            session=session,
                            subscription=subscription,
                            now=now,
                            config=self._config,
                            queue=self._report_queuer,
                        )
            except Exception:  # a broken report must not keep the others from going out
                log.exception("report subscription %s failed", subscription_id)
        return queued

    def job_specs(self, now: datetime | None = None) -> list[JobSpec]:
        """The jobs the domain rows call for at `now`."""
        with Session(self._engine) as session:
            return job_specs(session=session, now=now or self._clock(), config=self._config)

    # The service loop.

    async def run(self) -> None:
        """Run until cancelled: keep the lease, and while holding it, keep the jobs in step."""
        # APScheduler logs every run of every job at INFO, the lease check included.
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
        self._aps = AsyncIOScheduler(timezone=UTC)
        self._aps.add_job(
            self._lease_tick,
            IntervalTrigger(seconds=max(1.0, self._config.lease_seconds / 3)),
            id="lease",
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
            if self.active:
                self.active = False
                await asyncio.to_thread(self.release)

    async def _lease_tick(self) -> None:
        try:
            held = await asyncio.to_thread(self.try_acquire)
        except Exception:  # a database hiccup: keep trying, the lease decides who runs
            log.exception("scheduler lease check failed")
            return
        if held and not self.active:
            self.active = True
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
        elif not held and self.active:
            log.warning("scheduler %s lost its lease; standing by", self.holder)
            self.active = False
            self._sync_jobs([])
            if self._aps is not None and self._aps.get_job("refresh") is not None:
                self._aps.remove_job("refresh")

    async def _refresh(self) -> None:
        """Rebuild the jobs when the rows they come from changed."""
        try:
            specs = await asyncio.to_thread(self.job_specs)
        except Exception:
            log.exception("scheduler refresh failed")
            return
        if self.active:
            self._sync_jobs(specs)

    def _sync_jobs(self, specs: list[JobSpec]) -> None:
        """Add new and changed jobs, drop the ones no row calls for; leave the rest running."""
        if self._aps is None:
            return
        wanted = {spec.id: spec for spec in specs}
        for job_id in set(self._signatures) - set(wanted):
            if self._aps.get_job(job_id) is not None:  # a date job that fired is gone already
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
                misfire_grace_time=int(spec.grace.total_seconds()),
            )
            self._signatures[spec.id] = spec.signature
        if changed:
            log.info("scheduler jobs: %d, %d new or changed", len(specs), len(changed))

    async def _run_job(self, kinds: Iterable[str]) -> None:
        try:
            await asyncio.to_thread(self.run_due, self._clock(), tuple(kinds))
        except Exception:
            log.exception("scheduler run of %s failed", kinds)
