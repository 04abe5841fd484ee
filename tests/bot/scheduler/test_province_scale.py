"""The scheduler at a province's size: thousands of subscriptions and meetings, one lease."""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert
from sqlmodel import Session, func, select

from storage.db import transaction
from storage.models.meetings import Meeting
from storage.models.render_jobs import RenderJob
from storage.models.schedules import ReportSubscription
from tests.bot.scheduler.helpers import (
    PANAKKUKANG,
    PANDANG,
    FakeReports,
    local,
    makassar_team,
    make_scheduler,
    rows,
)
from tests.bot.scheduler.test_report_delivery import MONDAY_0700

SUBSCRIPTIONS = 2_000
MEETINGS = 20_000


def many_subscriptions(engine: Engine, person_id: int, count: int) -> None:
    with transaction(engine) as session:
        session.execute(
            insert(ReportSubscription),
            [
                {
                    "person_id": person_id,
                    "area_code": PANAKKUKANG,
                    "period": "weekly",
                    "weekday": 0,
                    "local_time": clock_time(7, 0),
                    "active": True,
                }
                for _ in range(count)
            ],
        )


def many_meetings(engine: Engine, organiser_id: int, now: datetime) -> None:
    """Meetings every few minutes from a day ago to two months ahead."""
    step = timedelta(days=61) / MEETINGS
    start = now - timedelta(days=1)
    with transaction(engine) as session:
        session.execute(
            insert(Meeting),
            [
                {
                    "organiser_id": organiser_id,
                    "area_code": PANDANG,
                    "title": f"Rapat {n}",
                    "starts_at": start + n * step,
                    "status": "scheduled",
                    "created_at": now - timedelta(days=3),
                }
                for n in range(MEETINGS)
            ],
        )


def count(engine: Engine, model: type[Any]) -> int:
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


async def test_one_pass_over_2000_subscriptions_and_20000_meetings_queues_each_thing_once(
    engine: Engine, tmp_path: Path
) -> None:
    people = makassar_team(engine)
    assert people["tksk"].id is not None and people["ketua"].id is not None
    many_subscriptions(engine, people["tksk"].id, SUBSCRIPTIONS)
    now = MONDAY_0700 + timedelta(minutes=1)
    many_meetings(engine, people["ketua"].id, now)
    scheduler = make_scheduler(engine, tmp_path, reports=None)
    scheduler._report_queuer = __import__(
        "bot.scheduler.report_jobs", fromlist=["queue_period_report"]
    ).queue_period_report
    assert scheduler.try_acquire()

    counts = scheduler.run_due(now, kinds=("meetings", "reports"))

    assert counts["reports"] == SUBSCRIPTIONS == count(engine, RenderJob)
    # Every meeting whose day-before reminder fell due within its 12-hour grace was reminded,
    # once per invitee who can be reached (two PSM).
    with Session(engine) as session:
        due = session.exec(
            select(func.count())
            .select_from(Meeting)
            .where(
                Meeting.starts_at >= now + timedelta(hours=12),
                Meeting.starts_at <= now + timedelta(hours=24),
            )
        ).one()
    reminders = rows(engine, "meeting_reminder")
    h1 = [r for r in reminders if ":h1:" in (r.idempotency_key or "")]
    assert counts["meetings"] > 0 and len(h1) == 2 * due
    # A second pass, as the next tick makes, finds nothing new.
    again = scheduler.run_due(now + timedelta(seconds=30), kinds=("meetings", "reports"))
    assert again == {"meetings": 0, "reports": 0}
    with Session(engine) as session:
        later = session.exec(select(ReportSubscription.next_fire_at).distinct()).all()
    assert later == [MONDAY_0700 + timedelta(days=7)]


async def test_a_long_catch_up_keeps_its_lease_and_a_second_instance_never_gets_in(
    engine: Engine, tmp_path: Path
) -> None:
    people = makassar_team(engine)
    assert people["tksk"].id is not None
    many_subscriptions(engine, people["tksk"].id, 1_500)

    class SlowReports(FakeReports):
        def __call__(self, **kwargs: Any) -> bool:
            time.sleep(0.01)  # a busy database: the whole catch-up takes over ten seconds
            return super().__call__(**kwargs)

    reports = SlowReports()
    # A six-second lease, kept by the renewal task and by each unit of the catch-up (a hundred
    # subscriptions, fewer when a quarter of the lease has gone by), while the whole catch-up
    # runs for longer than two leases.
    first = make_scheduler(engine, tmp_path, holder="first", reports=reports, lease_seconds=6)
    second = make_scheduler(engine, tmp_path, holder="second", lease_seconds=6)
    keeping = asyncio.create_task(first.lease.keep())
    try:
        while not first.active:
            await asyncio.sleep(0.05)
        started = time.monotonic()
        catch_up = asyncio.create_task(asyncio.to_thread(first.run_due, MONDAY_0700, ("reports",)))
        while not catch_up.done():
            taken = await asyncio.to_thread(second.try_acquire)
            assert not taken, "the second instance took the lease mid-run"
            await asyncio.sleep(0.2)
        counts = await catch_up
        took = time.monotonic() - started
    finally:
        keeping.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await keeping
    assert took > 2 * 6  # the run outlasted the lease more than twice
    assert counts == {"reports": 1_500} and len(reports.calls) == 1_500
    first.release()
    assert second.try_acquire()
    assert second.run_due(MONDAY_0700 + timedelta(minutes=1), ("reports",)) == {"reports": 0}
    assert local("2026-11-30 07:00") == MONDAY_0700  # the subscriptions' Monday, WITA
    assert datetime.now(UTC) > MONDAY_0700 - timedelta(days=365)
