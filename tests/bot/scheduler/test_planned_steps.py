"""A planned step ("besok dirujuk ke puskesmas") is asked about on its day and answered once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.scheduler import SchedulerConfig
from bot.scheduler.planned_jobs import run_planned_steps
from storage.db import transaction
from storage.models.cases import Case, CaseEvent, CaseStatus
from storage.models.plans import PlannedStep
from tests.factories import SimChat, add_person, make_services, seed_area

PSM = "+6281234567001"
WIB = ZoneInfo("Asia/Jakarta")
AT = datetime(2026, 11, 17, 16, 0, tzinfo=WIB)  # Tuesday afternoon in Bandung
REPORT = (
    "Kunjungan rumah Ibu S (72th) lansia terlantar RT 02/RW 03, tinggal sendiri, kondisi "
    "lemah. Sudah koordinasi dgn Kasie Kesos, besok dirujuk ke puskesmas."
)


async def open_case(chat: SimChat, report: str, consent: str, at: datetime) -> None:
    """The PSM reports a client in free text, answers the consent question and saves."""
    for text in (report, consent, "Simpan"):
        await chat.send(text, at=at)


def run(engine: Engine, now: datetime) -> int:
    with transaction(engine) as session:
        return run_planned_steps(session=session, now=now.astimezone(UTC), config=SchedulerConfig())


def case_and_history(engine: Engine) -> tuple[Case, list[str], list[PlannedStep]]:
    with Session(engine) as session:
        case = session.exec(select(Case)).one()
        events = session.exec(select(CaseEvent).order_by(col(CaseEvent.id))).all()
        steps = session.exec(select(PlannedStep)).all()
        return case, [e.kind.value for e in events], list(steps)


async def test_a_planned_referral_is_asked_about_the_next_day_and_recorded(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    add_person(engine, PSM)
    services = make_services(engine, tmp_path)
    chat = SimChat(services, PSM)

    await chat.send(REPORT, at=AT)
    summary = await chat.send("Klien setuju", at=AT)
    await chat.send("Simpan", at=AT)

    assert "• Rencana: dirujuk ke Puskesmas, 18 November 2026" in summary[-1].text
    assert "• Rujukan:" not in summary[-1].text  # planned, not done
    case, history, [step] = case_and_history(engine)
    assert (case.status, case.referral, history) == (CaseStatus.OPEN, None, ["opened"])
    assert (step.action, step.destination, step.due_on.isoformat()) == (
        "referral",
        "puskesmas",
        "2026-11-18",
    )

    next_day = AT + timedelta(days=1)
    assert run(engine, next_day.replace(hour=7)) == 0  # not before the morning check
    assert run(engine, next_day.replace(hour=9, minute=30)) == 1
    assert run(engine, next_day.replace(hour=10)) == 0  # asked once
    await services.sender.drain()
    [question] = chat.new_messages()
    answered = await chat.send("sudah", at=next_day.replace(hour=11))

    assert question.text == "📅 Apakah Ibu S sudah dirujuk ke Puskesmas hari ini?"
    assert question.option_labels() == ["✅ Sudah", "⏳ Belum", "❌ Batal"]
    assert answered[0].text == "Terima kasih, tercatat di kasus Ibu S. 🙏"
    case, history, [step] = case_and_history(engine)
    assert (case.status, case.referral, history) == (
        CaseStatus.REFERRED,
        "puskesmas",
        ["opened", "referral"],
    )
    assert step.status == "done"
    again = await chat.send(choice=f"plan:{step.id}:done", at=next_day.replace(hour=12))
    assert again[0].text.startswith("Rencana untuk Ibu S ini sudah dijawab")


async def test_a_plan_not_carried_out_is_noted_and_a_closed_cases_plan_is_dropped(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    add_person(engine, PSM)
    services = make_services(engine, tmp_path)
    chat = SimChat(services, PSM)

    await open_case(
        chat,
        "Kunjungan ke Pak Darto (67) lumpuh stroke, RT 2 RW 5. Akan dikunjungi lagi Senin",
        "Wali/keluarga setuju",
        AT,
    )
    monday = datetime(2026, 11, 23, 9, 15, tzinfo=WIB)
    assert run(engine, monday - timedelta(days=1)) == 0  # Sunday: not yet due
    assert run(engine, monday) == 1
    await services.sender.drain()
    [question] = chat.new_messages()
    await chat.send("belum", at=monday + timedelta(hours=1))

    assert question.text == "📅 Apakah Pak Darto sudah dikunjungi hari ini?"
    _, history, [step] = case_and_history(engine)
    assert (history, step.status) == (["opened", "note"], "not_done")

    # A plan of a case closed meanwhile is dropped without a message.
    await open_case(
        chat,
        "Kunjungan ke Bu Yati (60) lansia tinggal sendiri RT 06 RW 03, besok diantar ke PKM",
        "Klien setuju",
        monday,
    )
    with transaction(engine) as session:
        yati = session.exec(select(Case).where(Case.client_name == "Bu Yati")).one()
        yati.status = CaseStatus.CLOSED
    assert run(engine, monday + timedelta(days=1, hours=1)) == 0
    with Session(engine) as session:
        dropped = session.exec(select(PlannedStep).where(PlannedStep.case_id == yati.id)).one()
    assert dropped.status == "cancelled"


async def test_a_prompt_arriving_during_a_draft_is_answered_and_the_draft_kept(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    add_person(engine, PSM)
    services = make_services(engine, tmp_path)
    chat = SimChat(services, PSM)
    await open_case(chat, REPORT, "Klien setuju", AT)

    next_day = (AT + timedelta(days=1)).replace(hour=9, minute=0)
    asked = await chat.send("td pagi sosialisasi PKH di RW 07", at=next_day)
    assert run(engine, next_day.replace(minute=30)) == 1
    await services.sender.drain()
    [question] = chat.new_messages()
    answered = await chat.send("sudah", at=next_day.replace(minute=40))
    summary = await chat.send("25", at=next_day.replace(minute=41))

    assert asked[-1].text.startswith("Berapa orang/KK yang dijangkau?")
    assert question.text.startswith("📅 Apakah Ibu S sudah dirujuk ke Puskesmas")
    assert answered[0].text == "Terima kasih, tercatat di kasus Ibu S. 🙏"
    assert "Jumlah dijangkau: 25 orang/KK" in summary[-1].text
    assert "Peran PSM: Motivator" in summary[-1].text
    case, history, _ = case_and_history(engine)
    assert (case.status, history) == (CaseStatus.REFERRED, ["opened", "referral"])
