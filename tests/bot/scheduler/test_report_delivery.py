"""Weekly reports go out at the subscription's local time, once, even after downtime."""

from __future__ import annotations

import time as wall_clock
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.scheduler import Scheduler, SchedulerConfig
from reports.delivery.render_worker import RenderWorker
from storage.db import transaction
from storage.models.schedules import ReportSubscription
from tests.bot.scheduler.helpers import (
    PANAKKUKANG,
    TKSK,
    FakeReports,
    local,
    makassar_team,
    make_scheduler,
    rows,
    take_over,
)

MONDAY_0700 = local("2026-11-30 07:00")  # 2026-11-29 23:00 UTC


def subscribe(engine: Engine, person_id: int, **fields: object) -> int:
    """A standing order for the TKSK's kecamatan report."""
    with transaction(engine) as session:
        subscription = ReportSubscription(person_id=person_id, area_code=PANAKKUKANG, **fields)
        session.add(subscription)
        session.flush()
        assert subscription.id is not None
        return subscription.id


async def test_a_missed_monday_run_after_three_hours_of_downtime_goes_out_once(
    engine: Engine, tmp_path: Path
) -> None:
    people = makassar_team(engine)
    assert people["tksk"].id is not None
    subscription_id = subscribe(engine, people["tksk"].id)
    reports = FakeReports()
    # The last scheduler stopped on Sunday evening; the next one starts Monday 10:00 WITA.
    back = MONDAY_0700 + timedelta(hours=3)
    scheduler = make_scheduler(engine, tmp_path, reports=reports)
    assert scheduler.try_acquire()
    scheduler.run_due(back)  # the catch-up pass at start

    assert reports.calls == [
        {"person": people["tksk"].id, "area": PANAKKUKANG, "period": "weekly",
         "start": date(2026, 11, 23)}
    ]  # fmt: skip
    delivered = rows(engine, "weekly_report")
    assert [(r.address, r.idempotency_key) for r in delivered] == [
        (TKSK, f"weekly-report:{subscription_id}:2026-11-23")
    ]
    # Another pass, a restart of the same minute, or the job firing late queue nothing more.
    scheduler.run_due(back + timedelta(minutes=1))
    restarted = make_scheduler(engine, tmp_path, holder="instance-b", reports=reports)
    scheduler.release()
    assert restarted.try_acquire()
    restarted.run_due(back + timedelta(minutes=2))
    assert len(rows(engine, "weekly_report")) == 1


async def test_the_job_fires_at_monday_0700_local_and_the_run_before_it_sends_nothing(
    engine: Engine, tmp_path: Path
) -> None:
    people = makassar_team(engine)
    assert people["tksk"].id is not None
    subscribe(engine, people["tksk"].id)
    reports = FakeReports()
    scheduler = make_scheduler(engine, tmp_path, reports=reports)
    sunday = MONDAY_0700 - timedelta(hours=12)
    assert scheduler.try_acquire()

    # Last week's delivery is more than a day old: too late to catch up, nothing is sent; the
    # subscription now waits for Monday 07:00 WITA.
    scheduler.run_due(sunday)
    assert reports.calls == []
    with Session(engine) as session:
        subscription = session.exec(select(ReportSubscription)).one()
    assert subscription.next_fire_at == datetime(2026, 11, 29, 23, 0, tzinfo=UTC)
    scheduler.run_due(MONDAY_0700 - timedelta(seconds=1))
    assert reports.calls == []
    assert scheduler.try_acquire()
    scheduler.run_due(MONDAY_0700)
    assert len(reports.calls) == 1


async def test_a_subscription_for_late_evening_waits_for_the_morning(
    engine: Engine, tmp_path: Path
) -> None:
    people = makassar_team(engine)
    assert people["tksk"].id is not None
    subscribe(engine, people["tksk"].id, weekday=6, local_time=time(22, 0))
    scheduler = make_scheduler(engine, tmp_path)
    sunday_night = local("2026-11-29 22:00")
    assert scheduler.try_acquire()
    scheduler.run_due(sunday_night)
    (row,) = rows(engine, "weekly_report")
    assert row.next_attempt_at == local("2026-11-30 06:00").astimezone(UTC)


async def test_a_second_instance_sends_nothing_while_the_first_holds_the_lease(
    engine: Engine, tmp_path: Path
) -> None:
    people = makassar_team(engine)
    assert people["tksk"].id is not None
    subscribe(engine, people["tksk"].id)
    first_reports, second_reports = FakeReports(), FakeReports()
    # A short lease, so the test sees it renewed and lapsing on the wall clock; five seconds
    # leaves the renewals slack on a loaded machine.
    first = make_scheduler(engine, tmp_path, holder="first", reports=first_reports, lease_seconds=5)
    second = make_scheduler(
        engine, tmp_path, holder="second", reports=second_reports, lease_seconds=5
    )

    assert first.try_acquire()
    assert not second.try_acquire()
    assert second.run_due(MONDAY_0700) == {}
    assert second_reports.calls == [] and rows(engine) == []

    # The first renews; the second keeps waiting and keeps sending nothing.
    for minute in range(1, 4):
        moment = MONDAY_0700 + timedelta(minutes=minute)
        wall_clock.sleep(0.4)
        assert first.try_acquire()
        assert not second.try_acquire()
        second.run_due(moment + timedelta(seconds=1))
    assert second_reports.calls == [] and rows(engine) == []

    first.run_due(MONDAY_0700 + timedelta(minutes=3))
    assert len(rows(engine, "weekly_report")) == 1

    # The first dies; once its lease lapses the second takes over and repeats nothing.
    takeover = MONDAY_0700 + timedelta(minutes=3, seconds=61)
    take_over(second)
    assert not first.try_acquire()
    second.run_due(takeover)
    assert len(rows(engine, "weekly_report")) == 1


async def test_one_broken_report_does_not_hold_back_the_others(
    engine: Engine, tmp_path: Path
) -> None:
    people = makassar_team(engine)
    assert people["tksk"].id is not None and people["ketua"].id is not None
    broken = subscribe(engine, people["tksk"].id)
    subscribe(engine, people["tksk"].id, period="weekly", weekday=0)

    class Flaky(FakeReports):
        def __call__(self, **kwargs: Any) -> bool:
            if kwargs["idempotency_key"].startswith(f"weekly-report:{broken}:"):
                raise RuntimeError("chart could not be drawn")
            return super().__call__(**kwargs)

    scheduler = make_scheduler(engine, tmp_path, reports=Flaky())
    assert scheduler.try_acquire()
    assert scheduler.run_due(MONDAY_0700)["reports"] == 1
    assert len(rows(engine, "weekly_report")) == 1


async def test_the_real_weekly_report_is_rendered_and_queued_once(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    people = makassar_team(sqlite_engine)
    assert people["tksk"].id is not None
    subscribe(sqlite_engine, people["tksk"].id)
    scheduler = Scheduler(
        sqlite_engine, SchedulerConfig(media_dir=str(tmp_path / "media")), holder="real"
    )
    assert scheduler.try_acquire()
    scheduler.run_due(MONDAY_0700)
    scheduler.run_due(MONDAY_0700 + timedelta(minutes=5))
    # The scheduler only asked for it; a render worker makes it, once.
    assert rows(sqlite_engine, "weekly_report") == []
    worker = RenderWorker(sqlite_engine, media_dir=tmp_path / "media")
    assert await worker.drain() == 1
    assert await worker.drain() == 0

    (row,) = rows(sqlite_engine, "weekly_report")
    assert row.address == TKSK
    kinds = sorted(content_type for _, content_type, _ in row.payload["attachments"])
    assert "application/pdf" in kinds
    assert all((tmp_path / "media" / path).exists() for path, _, _ in row.payload["attachments"])
