"""Quiet cases prompt their PSM, then the TKSK; PSM with no report get one friendly nudge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.channels.simulator.channel import SimulatorChannel
from bot.sending.sender import OutboxSender
from storage.db import transaction
from storage.models.activities import Activity
from storage.models.cases import Case, CaseEvent, CaseEventKind
from storage.models.messaging import OutboxMessage, OutboxStatus
from tests.bot.scheduler.helpers import (
    KETUA,
    PANDANG,
    PSM_A,
    PSM_B,
    TKSK,
    Clock,
    chat_at,
    local,
    makassar_team,
    make_scheduler,
    rows,
)

TUESDAY = local("2026-12-01 09:00")
FRIDAY_1600 = local("2026-12-04 16:00")


def open_case(engine: Engine, reporter_id: int, client: str, updated: datetime) -> int:
    """A case last touched at `updated`."""
    with transaction(engine) as session:
        case = Case(
            reporter_id=reporter_id,
            area_code=PANDANG,
            client_name=client,
            opened_on=updated.date(),
            created_at=updated,
            updated_at=updated,
        )
        session.add(case)
        session.flush()
        assert case.id is not None
        return case.id


def report_activity(engine: Engine, reporter_id: int, at: datetime) -> None:
    """An activity the PSM reported at `at`."""
    with transaction(engine) as session:
        session.add(
            Activity(
                reporter_id=reporter_id,
                area_code=PANDANG,
                activity_type="kunjungan",
                occurred_on=at.date(),
                created_at=at,
                updated_at=at,
            )
        )


async def test_a_quiet_case_prompts_its_psm_after_14_days_and_the_tksk_after_21(
    engine: Engine, tmp_path: Path
) -> None:
    people = makassar_team(engine)
    psm_id = people["a"].id
    assert psm_id is not None
    quiet = open_case(engine, psm_id, "Ibu Sitti", TUESDAY - timedelta(days=14))
    open_case(engine, psm_id, "Bapak Baso", TUESDAY - timedelta(days=13))
    scheduler = make_scheduler(engine, tmp_path)

    assert scheduler.try_acquire()
    scheduler.run_due(TUESDAY, kinds=("followups",))
    (prompt,) = rows(engine, "followup")
    assert prompt.address == PSM_A
    assert prompt.payload["text"] == (
        "Kasus Ibu Sitti belum diperbarui sejak 17 November 2026 (14 hari). "
        "Bagaimana perkembangannya?"
    )
    assert prompt.payload["options"][0] == [f"followup:{quiet}:visit", "🏠 Sudah dikunjungi"]
    assert prompt.payload["template_variables"]["1"] == "Ibu Sitti"

    # A week later: no second prompt for the same silence, and the TKSK is told.
    week_later = TUESDAY + timedelta(days=7)
    assert scheduler.try_acquire()
    scheduler.run_due(week_later, kinds=("followups",))
    new = {
        r.address: r.payload["text"]
        for r in rows(engine, "followup")[1:] + rows(engine, "followup_escalation")
    }
    assert new == {
        PSM_A: "Kasus Bapak Baso belum diperbarui sejak 18 November 2026 (20 hari). "
        "Bagaimana perkembangannya?",
        TKSK: "Info untuk TKSK: kasus Ibu Sitti di Pandang (PSM Besse Rahma) belum diperbarui "
        "selama 21 hari. Mohon dibantu menindaklanjuti.",
    }
    scheduler.run_due(week_later + timedelta(hours=1), kinds=("followups",))
    assert len(rows(engine, "followup")) == 2
    (told,) = rows(engine, "followup_escalation")
    assert told.payload["template_variables"] == {
        "1": "Ibu Sitti", "2": "21", "3": "Pandang", "4": "Besse Rahma",
        "client": "Ibu Sitti", "days": "21", "area": "Pandang", "psm": "Besse Rahma",
    }  # fmt: skip


async def test_the_psm_answers_a_prompt_by_typing_its_number(
    engine: Engine, tmp_path: Path
) -> None:
    people = makassar_team(engine)
    psm_id = people["a"].id
    assert psm_id is not None
    case_id = open_case(engine, psm_id, "Ibu Sitti", TUESDAY - timedelta(days=15))
    scheduler = make_scheduler(engine, tmp_path)
    assert scheduler.try_acquire()
    scheduler.run_due(TUESDAY, kinds=("followups",))
    answered_at = TUESDAY + timedelta(hours=1)
    chat = chat_at(engine, tmp_path, PSM_A, Clock(answered_at))
    await chat.services.sender.drain()
    assert [m.text[:26] for m in chat.new_messages()] == ["Kasus Ibu Sitti belum dipe"]

    replies = await chat.send("1", at=answered_at.astimezone(UTC))

    assert [r.text for r in replies] == ["Terima kasih, kunjungan ke Ibu Sitti tercatat."]
    with Session(engine) as session:
        case = session.get(Case, case_id)
        assert case is not None and case.updated_at == answered_at
        events = session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id)).all()
        assert [(e.kind, e.actor_id) for e in events] == [(CaseEventKind.VISIT, psm_id)]
    # The answer restarts the count: nothing until 14 days after it.
    assert scheduler.try_acquire()
    scheduler.run_due(TUESDAY + timedelta(days=7), kinds=("followups",))
    assert len(rows(engine, "followup")) == 1
    assert scheduler.try_acquire()
    scheduler.run_due(answered_at + timedelta(days=14), kinds=("followups",))
    assert len(rows(engine, "followup")) == 2


async def test_the_friday_nudge_goes_only_to_psm_with_no_report_this_week(
    engine: Engine, tmp_path: Path
) -> None:
    people = makassar_team(engine)
    assert people["a"].id is not None and people["b"].id is not None
    report_activity(engine, people["a"].id, local("2026-12-02 11:00"))  # this Wednesday
    report_activity(engine, people["b"].id, local("2026-11-27 11:00"))  # last week
    scheduler = make_scheduler(engine, tmp_path)

    assert scheduler.try_acquire()
    scheduler.run_due(FRIDAY_1600 - timedelta(minutes=1), kinds=("nudges",))
    assert rows(engine, "nudge") == []
    assert scheduler.try_acquire()
    scheduler.run_due(FRIDAY_1600, kinds=("nudges",))
    scheduler.run_due(FRIDAY_1600 + timedelta(minutes=30), kinds=("nudges",))

    nudges = rows(engine, "nudge")
    # Caco (last week only) and the ketua; Besse reported; Daeng never chatted (logged).
    assert sorted(r.address for r in nudges) == sorted([PSM_B, KETUA])
    assert all(r.next_attempt_at == FRIDAY_1600 for r in nudges)
    caco = next(r for r in nudges if r.address == PSM_B)
    assert caco.payload["text"].startswith("Halo, Caco Amir. Minggu ini belum ada laporan")
    assert caco.idempotency_key == f"nudge:{people['b'].id}:2026-W49"


async def test_quiet_hours_hold_a_late_nudge_until_the_morning(
    engine: Engine, tmp_path: Path
) -> None:
    makassar_team(engine)
    scheduler = make_scheduler(engine, tmp_path)
    # The scheduler was down from 16:00; it comes back at 21:30, inside the catch-up window.
    late = FRIDAY_1600 + timedelta(hours=5, minutes=30)
    assert scheduler.try_acquire()
    scheduler.run_due(late, kinds=("nudges",))
    morning = local("2026-12-05 06:00").astimezone(UTC)
    assert {r.next_attempt_at for r in rows(engine, "nudge")} == {morning}

    clock = [late + timedelta(minutes=1)]
    sender = OutboxSender(engine, {"sim": SimulatorChannel()}, clock=lambda: clock[0])
    assert await sender.drain() == 0
    clock[0] = morning
    assert await sender.drain() == 3  # the ketua and both reachable PSM; no one reported
    with Session(engine) as session:
        sent = session.exec(
            select(OutboxMessage).where(col(OutboxMessage.status) == OutboxStatus.SENT)
        ).all()
        assert {r.sent_at for r in sent} == {morning}
