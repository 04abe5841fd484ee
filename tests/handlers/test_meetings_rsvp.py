"""Invitees answer a reminder with a tap or by typing its number; izin asks for a reason."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from storage.models.meetings import Meeting, MeetingAttendance
from storage.models.people import PersonRole
from tests.bot.scheduler.helpers import (
    KETUA,
    PSM_A,
    PSM_B,
    Clock,
    chat_at,
    local,
    makassar_team,
    make_scheduler,
    reachable,
)
from tests.factories import add_person

NOW = local("2026-11-25 10:00")
MEETING = local("2026-12-03 09:00")  # Thursday
H1 = MEETING - timedelta(days=1)


async def schedule_and_remind(engine: Engine, tmp_path: Path) -> int:
    """The ketua schedules a one-off meeting; the scheduler sends its H-1 reminder."""
    ketua = chat_at(engine, tmp_path, KETUA, Clock(NOW))
    for text in ("/rapat", "1", "sekali 2026-12-03 09:00 di Kantor Lurah", "1"):
        await ketua.send(text, at=NOW)
    scheduler = make_scheduler(engine, tmp_path)
    assert scheduler.try_acquire()
    assert scheduler.run_due(H1)["meetings"] == 2
    with Session(engine) as session:
        meeting = session.exec(select(Meeting)).one()
        assert meeting.id is not None
        return meeting.id


def answers(engine: Engine) -> dict[int, tuple[str | None, str | None]]:
    """Each invitee's RSVP and reason, by person id."""
    with Session(engine) as session:
        return {
            a.person_id: (a.rsvp, a.reason) for a in session.exec(select(MeetingAttendance)).all()
        }


async def test_invitees_answer_by_button_and_by_typed_number(
    engine: Engine, tmp_path: Path
) -> None:
    people = makassar_team(engine)
    meeting_id = await schedule_and_remind(engine, tmp_path)
    clock = Clock(H1 + timedelta(minutes=5))
    besse = chat_at(engine, tmp_path, PSM_A, clock)
    caco = chat_at(engine, tmp_path, PSM_B, clock)
    await besse.services.sender.drain()
    reminder = [m for m in besse.new_messages() if m.text.startswith("Pengingat")]
    assert reminder[0].option_labels() == ["✅ Hadir", "❌ Tidak hadir", "🙏 Izin"]
    caco.new_messages()

    tapped = await besse.send(choice=f"rsvp:{meeting_id}:hadir", at=clock.now)
    assert [m.text for m in tapped] == [
        "Terima kasih, kehadiran Bapak/Ibu di Rapat PSM Pandang "
        "(Kamis, 3 Desember 2026 pukul 09.00 WITA) tercatat."
    ]
    asked = await caco.send("3", at=clock.now)
    assert [m.text for m in asked] == ["Baik. Mohon tulis alasan izinnya secara singkat."]
    thanked = await caco.send("ada acara keluarga di Maros", at=clock.now)
    assert [m.text for m in thanked] == [
        "Terima kasih, izin Bapak/Ibu untuk Rapat PSM Pandang tercatat."
    ]

    assert answers(engine) == {
        people["a"].id: ("hadir", None),
        people["b"].id: ("izin", "ada acara keluarga di Maros"),
    }
    # Changing one's mind replaces the answer; after the start no answer is taken.
    await caco.send(choice=f"rsvp:{meeting_id}:hadir", at=clock.now)
    clock.now = MEETING + timedelta(minutes=1)
    late = await caco.send(choice=f"rsvp:{meeting_id}:tidak", at=clock.now)
    assert late[0].text == "Mohon maaf, rapat ini sudah dimulai atau tidak terjadwal lagi."
    assert answers(engine)[people["b"].id or 0] == ("hadir", None)


async def test_someone_outside_the_area_cannot_answer(engine: Engine, tmp_path: Path) -> None:
    makassar_team(engine)
    meeting_id = await schedule_and_remind(engine, tmp_path)
    outsider = "+6281399990001"
    add_person(engine, outsider, "Fajar Bandung", PersonRole.PSM, "32.73.07.1001")
    reachable(engine, outsider)
    chat = chat_at(engine, tmp_path, outsider, Clock(H1))

    replies = await chat.send(choice=f"rsvp:{meeting_id}:hadir", at=H1)

    assert replies[0].text == "Mohon maaf, Bapak/Ibu tidak termasuk undangan rapat ini."
    assert answers(engine) == {}
