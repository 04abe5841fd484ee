"""A routine meeting in Makassar (WITA) is reminded a day and two hours before, exactly once."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.channels.simulator.channel import SimulatorChannel
from bot.scheduler.meeting_jobs import fire_times
from bot.sending.sender import OutboxSender
from handlers.flows.meeting_setup import Plan, plan_meeting, save_plan
from storage.db import transaction
from storage.models.meetings import Meeting
from storage.models.messaging import OutboxStatus
from storage.models.people import Person
from tests.bot.scheduler.helpers import (
    PSM_A,
    PSM_B,
    local,
    makassar_team,
    make_scheduler,
    rows,
    take_over,
)

CREATED = local("2026-11-25 10:00")  # a Wednesday
# The second Tuesday of December 2026 is the 8th: 09:00 WITA is 01:00 UTC.
FIRST = datetime(2026, 12, 8, 1, 0, tzinfo=UTC)
H1 = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)  # Monday 09:00 WITA
H2 = datetime(2026, 12, 7, 23, 0, tzinfo=UTC)  # Tuesday 07:00 WITA


def create_series(engine: Engine, people: dict[str, Person], text: str) -> Meeting:
    """The ketua schedules a series the way the chat and the CLI do."""
    with transaction(engine) as session:
        ketua = session.get(Person, people["ketua"].id)
        assert ketua is not None
        plan = plan_meeting(session=session, organiser=ketua, text=text, now=CREATED)
        assert isinstance(plan, Plan), plan
        return save_plan(session=session, organiser=ketua, plan=plan, now=CREATED).meeting


async def test_a_wita_series_fires_its_reminders_at_the_right_utc_instants(
    engine: Engine, tmp_path: Path
) -> None:
    people = makassar_team(engine)
    meeting = create_series(
        engine, people, "setiap Selasa kedua tiap bulan jam 09.00 di Aula Kelurahan Pandang"
    )
    assert meeting.starts_at == FIRST
    scheduler = make_scheduler(engine, tmp_path)
    assert scheduler.try_acquire()

    assert fire_times(meeting) == {"h1": H1, "h2": H2, "attendance": FIRST + timedelta(hours=2)}

    assert scheduler.try_acquire()
    scheduler.run_due(H1 - timedelta(minutes=1))
    assert rows(engine, "meeting_reminder") == []

    assert scheduler.try_acquire()
    scheduler.run_due(H1)
    reminders = rows(engine, "meeting_reminder")
    assert sorted(r.address for r in reminders) == [PSM_A, PSM_B]
    first = reminders[0]
    assert first.next_attempt_at == H1
    assert first.payload["text"].startswith("Pengingat: besok ada Rapat rutin PSM Pandang")
    assert "Selasa, 8 Desember 2026 pukul 09.00 WITA" in first.payload["text"]
    assert first.payload["template_variables"]["2"] == "Selasa, 8 Desember 2026 pukul 09.00 WITA"
    assert first.payload["template_variables"]["3"] == "Aula Kelurahan Pandang"
    assert [label for _, label in first.payload["options"]] == [
        "✅ Hadir",
        "❌ Tidak hadir",
        "🙏 Izin",
    ]

    # Later runs before the 2-hour mark add nothing; at it, the second reminder goes.
    scheduler.run_due(H1 + timedelta(minutes=5))
    scheduler.run_due(H2 - timedelta(minutes=1))
    assert len(rows(engine, "meeting_reminder")) == 2
    assert scheduler.try_acquire()
    scheduler.run_due(H2)
    second = rows(engine, "meeting_reminder")[2:]
    assert len(second) == 2
    assert all(r.payload["text"].startswith("Pengingat: 2 jam lagi") for r in second)
    assert {r.next_attempt_at for r in second} == {H2}


async def test_a_restart_between_computing_and_sending_sends_each_reminder_once(
    engine: Engine, tmp_path: Path
) -> None:
    people = makassar_team(engine)
    create_series(engine, people, "setiap Selasa kedua tiap bulan jam 09.00 di Aula Kelurahan")
    before_crash = make_scheduler(engine, tmp_path, holder="before-crash", lease_seconds=5)
    assert before_crash.try_acquire()
    before_crash.run_due(H1)
    assert len(rows(engine, "meeting_reminder")) == 2
    # The process dies here: rows queued, nothing sent. A new process starts at once and must
    # wait for the dead instance's lease (five seconds here: a run outlasting a shorter one on
    # a loaded machine stops itself) to lapse before it may act.
    engine.dispose()
    after = make_scheduler(engine, tmp_path, holder="after-restart", lease_seconds=5)
    assert not after.try_acquire()
    assert after.run_due(H1 + timedelta(seconds=30)) == {}
    take_over(after)
    restart = H1 + timedelta(seconds=61)
    counts = after.run_due(restart)  # the catch-up pass a fresh start makes
    assert counts["meetings"] == 0

    simulator = SimulatorChannel()
    sender = OutboxSender(engine, {"sim": simulator}, clock=lambda: restart)
    await sender.drain()
    await sender.drain()
    sent = [r for r in rows(engine, "meeting_reminder") if r.status == OutboxStatus.SENT]
    assert sorted(r.address for r in sent) == [PSM_A, PSM_B]


async def test_invitees_who_declined_get_no_second_reminder(engine: Engine, tmp_path: Path) -> None:
    from storage.meeting_attendance import set_rsvp

    people = makassar_team(engine)
    meeting = create_series(engine, people, "setiap Selasa kedua tiap bulan jam 09.00")
    scheduler = make_scheduler(engine, tmp_path)
    assert scheduler.try_acquire()
    scheduler.run_due(H1)
    with transaction(engine) as session:
        assert meeting.id is not None and people["b"].id is not None
        set_rsvp(session=session, meeting_id=meeting.id, person_id=people["b"].id, answer="tidak")
    assert scheduler.try_acquire()
    scheduler.run_due(H2)
    second = [r for r in rows(engine, "meeting_reminder") if ":h2:" in (r.idempotency_key or "")]
    assert [r.address for r in second] == [PSM_A]


async def test_a_series_keeps_making_its_next_meetings(engine: Engine, tmp_path: Path) -> None:
    people = makassar_team(engine)
    create_series(engine, people, "setiap Senin jam 13.00 di Balai RW 02")
    scheduler = make_scheduler(engine, tmp_path)
    later = CREATED + timedelta(days=30)
    assert scheduler.try_acquire()
    scheduler.run_due(later, kinds=("series", "meetings"))
    with Session(engine) as session:
        starts = sorted(m.starts_at for m in session.exec(select(Meeting)).all())
    # Every Monday 13:00 WITA (05:00 UTC) from 30 Nov 2026 to 62 days after the last run.
    assert starts[0] == datetime(2026, 11, 30, 5, 0, tzinfo=UTC)
    assert all(b - a == timedelta(days=7) for a, b in itertools.pairwise(starts))
    assert starts[-1] > later + timedelta(days=55)
