"""Nudges and follow-up prompts never land on a holiday: they move to the next working day."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine

from bot.scheduler import SchedulerConfig
from bot.scheduler.jobs import job_specs
from storage.db import transaction
from tests.bot.scheduler.helpers import KETUA, PSM_A, local, makassar_team, make_scheduler, rows
from tests.bot.scheduler.test_followups_and_nudges import open_case

# Friday 25 December 2026 is Kelahiran Yesus Kristus: the nudge moves to Monday 28 December.
CHRISTMAS_1600 = local("2026-12-25 16:00")
MONDAY_1600 = local("2026-12-28 16:00")


async def test_a_holiday_friday_moves_the_nudge_to_monday(engine: Engine, tmp_path: Path) -> None:
    makassar_team(engine)
    scheduler = make_scheduler(engine, tmp_path)

    for moment in (CHRISTMAS_1600, local("2026-12-26 16:00"), MONDAY_1600 - timedelta(minutes=1)):
        assert scheduler.try_acquire()
        scheduler.run_due(moment, kinds=("nudges",))
    held_back = rows(engine, "nudge")
    assert scheduler.try_acquire()
    scheduler.run_due(MONDAY_1600, kinds=("nudges",))
    scheduler.run_due(MONDAY_1600 + timedelta(hours=1), kinds=("nudges",))

    nudges = rows(engine, "nudge")
    assert held_back == []
    assert {r.address for r in nudges} >= {KETUA, PSM_A}
    assert len(nudges) == 3  # once each, still counted as the week of 21 December
    assert all(r.idempotency_key and r.idempotency_key.endswith(":2026-W52") for r in nudges)
    assert {r.next_attempt_at for r in nudges} == {MONDAY_1600}


async def test_an_ordinary_friday_keeps_its_nudge(engine: Engine, tmp_path: Path) -> None:
    makassar_team(engine)
    scheduler = make_scheduler(engine, tmp_path)
    friday = local("2026-12-18 16:00")

    assert scheduler.try_acquire()
    scheduler.run_due(friday, kinds=("nudges",))
    monday = local("2026-12-21 16:00")
    assert scheduler.try_acquire()
    scheduler.run_due(monday, kinds=("nudges",))

    assert {r.next_attempt_at for r in rows(engine, "nudge")} == {friday}


async def test_a_prompt_due_on_a_holiday_waits_for_the_next_working_day(
    engine: Engine, tmp_path: Path
) -> None:
    people = makassar_team(engine)
    assert people["a"].id is not None
    # Quiet for 14 days on Thursday 24 December (cuti bersama) at 09:00.
    open_case(engine, people["a"].id, "Ibu Sitti", local("2026-12-10 09:00"))
    scheduler = make_scheduler(engine, tmp_path)

    seen = []
    for day in ("2026-12-24", "2026-12-25", "2026-12-26", "2026-12-27", "2026-12-28"):
        moment = local(f"{day} 09:00")
        assert scheduler.try_acquire()
        scheduler.run_due(moment, kinds=("followups",))
        seen.append(len(rows(engine, "followup")))

    assert seen == [0, 0, 0, 0, 1]  # holiday, holiday, weekend, weekend, then Monday
    (prompt,) = rows(engine, "followup")
    assert prompt.address == PSM_A and "Ibu Sitti" in prompt.payload["text"]


def test_the_nudge_job_looks_every_day(engine: Engine) -> None:
    makassar_team(engine)
    with transaction(engine) as session:
        specs = job_specs(session=session, config=SchedulerConfig())
    trigger = str(next(s for s in specs if s.id == "nudge:Asia/Makassar").trigger)
    assert "day_of_week" not in trigger and "hour='16'" in trigger
