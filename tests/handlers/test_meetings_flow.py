"""A ketua PSM schedules, cancels and moves meetings by chat; invitees hear of it once."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from storage.db import transaction
from storage.models.meetings import Meeting, MeetingSeries
from storage.models.people import Person
from tests.bot.scheduler.helpers import (
    KETUA,
    PSM_A,
    PSM_B,
    Clock,
    chat_at,
    local,
    makassar_team,
    rows,
)

NOW = local("2026-11-25 10:00")  # Wednesday, Makassar


async def test_a_ketua_creates_a_monthly_series_in_indonesian(
    engine: Engine, tmp_path: Path
) -> None:
    makassar_team(engine)
    chat = chat_at(engine, tmp_path, KETUA, Clock(NOW))

    menu = await chat.send("/rapat", at=NOW)
    assert menu[-1].option_labels() == [
        "➕ Buat rapat",
        "📅 Rapat mendatang",
        "❌ Batalkan rapat",
        "🔁 Pindah jadwal",
    ]
    asked = await chat.send("1", at=NOW)
    assert asked[0].text.startswith("Kapan dan di mana rapatnya?")
    preview = await chat.send("setiap Selasa kedua tiap bulan jam 09.00 di Aula Kelurahan", at=NOW)
    assert preview[0].text == (
        "Mohon periksa rapatnya:\n📌 Rapat rutin PSM Pandang\n"
        "🗓️ setiap Selasa kedua tiap bulan pukul 09.00 WITA\n📍 Aula Kelurahan\n"
        "👥 Diundang: 3 PSM Pandang\n"
        "Rapat pertama: Selasa, 8 Desember 2026 pukul 09.00 WITA\n\n"
        "⚠️ 1 pertemuan dalam setahun ke depan jatuh pada hari libur: 9 Maret 2027 "
        "(cuti bersama Idulfitri 1448 H). Lewati pertemuan pada hari libur?"
    )
    assert preview[0].option_labels() == [
        "⏭️ Ya, lewati hari libur",
        "✅ Tetap semua",
        "✏️ Ganti judul",
        "❌ Batal",
    ]
    saved = await chat.send("Tetap semua", at=NOW)

    assert saved[0].text == (
        "Rapat tersimpan. Undangan dikirim ke 2 dari 3 PSM.\n"
        "Belum bisa dihubungi lewat chat (belum pernah mengirim pesan ke saya): Daeng Offline. "
        "Mohon kabari mereka langsung, dan minta mereka menyapa saya sekali."
    )
    with Session(engine) as session:
        (series,) = session.exec(select(MeetingSeries)).all()
    assert series.rule == "FREQ=MONTHLY;BYDAY=2TU;BYHOUR=9;BYMINUTE=0;BYSECOND=0"
    assert series.timezone == "Asia/Makassar" and series.place == "Aula Kelurahan"
    invitations = rows(engine, "meeting_notice")
    assert sorted(r.address for r in invitations) == [PSM_A, PSM_B]
    assert invitations[0].payload["text"].startswith("Undangan rapat PSM: Rapat rutin PSM Pandang")


async def test_an_unreadable_rule_gets_an_example_and_a_past_meeting_is_refused(
    engine: Engine, tmp_path: Path
) -> None:
    makassar_team(engine)
    chat = chat_at(engine, tmp_path, KETUA, Clock(NOW))
    await chat.send("/rapat", at=NOW)
    await chat.send("1", at=NOW)

    unclear = await chat.send("rapat kapan-kapan saja", at=NOW)
    assert unclear[0].text.startswith("Mohon maaf, jadwalnya belum bisa saya baca.")
    assert "• setiap Selasa kedua tiap bulan jam 09.00 di Aula Kelurahan" in unclear[0].text
    past = await chat.send("sekali 2026-11-20 09:00 di Kantor Lurah", at=NOW)
    assert past[0].text == (
        "Mohon maaf, Jumat, 20 November 2026 pukul 09.00 WITA sudah lewat. "
        "Mohon tulis tanggal dan jam yang akan datang."
    )
    earlier_today = await chat.send("sekali 2026-11-25 09:30", at=NOW)
    assert earlier_today[0].text.startswith("Mohon maaf, Rabu, 25 November 2026 pukul 09.30 WITA")
    # The question still stands: a good answer now goes through.
    preview = await chat.send("sekali 2026-12-03 09:00 di Kantor Lurah", at=NOW)
    assert "🗓️ Kamis, 3 Desember 2026 pukul 09.00 WITA" in preview[0].text
    with Session(engine) as session:
        assert session.exec(select(Meeting)).all() == []


async def test_an_english_speaking_ketua_writes_the_rule_in_english(
    engine: Engine, tmp_path: Path
) -> None:
    people = makassar_team(engine)
    with transaction(engine) as session:
        ketua = session.get(Person, people["ketua"].id)
        assert ketua is not None
        ketua.locale = "en"
    chat = chat_at(engine, tmp_path, KETUA, Clock(NOW))
    await chat.send("/rapat", at=NOW)
    await chat.send("1", at=NOW)
    preview = await chat.send("every second Tuesday of the month 09:00 at Aula Kelurahan", at=NOW)
    assert "🗓️ every second Tuesday of the month at 09:00 WITA" in preview[0].text
    assert "First meeting: Tuesday 8 December 2026, 09:00 WITA" in preview[0].text
    assert preview[0].option_labels()[2:] == ["✏️ Change title", "❌ Cancel"]
    asked = await chat.send("3", at=NOW)
    assert asked[0].text == "What is the meeting's title?"
    renamed = await chat.send("Rapat koordinasi PSM Pandang", at=NOW)
    assert renamed[0].text.startswith("Please check the meeting:\n📌 Rapat koordinasi PSM Pandang")
    saved = await chat.send("2", at=NOW)
    assert saved[0].text.startswith("Meeting saved. Invitations sent to 2 of 3 PSM.")
    with Session(engine) as session:
        assert session.exec(select(MeetingSeries.title)).one() == "Rapat koordinasi PSM Pandang"


async def test_a_psm_sees_the_coming_meetings_but_cannot_create_one(
    engine: Engine, tmp_path: Path
) -> None:
    makassar_team(engine)
    ketua = chat_at(engine, tmp_path, KETUA, Clock(NOW))
    for text in ("/rapat", "1", "setiap Senin jam 13.00 di Balai RW 02", "1"):
        await ketua.send(text, at=NOW)
    psm = chat_at(engine, tmp_path, PSM_A, Clock(NOW))

    listed = await psm.send("/rapat", at=NOW)

    assert listed[-1].text.startswith(
        "Rapat mendatang:\n• Senin, 30 November 2026 pukul 13.00 WITA: Rapat rutin PSM Pandang, "
        "Balai RW 02\n• Senin, 7 Desember 2026"
    )
    assert listed[-1].options == []


async def test_cancelling_one_meeting_of_a_series_tells_each_invitee_once(
    engine: Engine, tmp_path: Path
) -> None:
    makassar_team(engine)
    chat = chat_at(engine, tmp_path, KETUA, Clock(NOW))
    for text in ("/rapat", "1", "setiap Selasa kedua tiap bulan jam 09.00 di Aula", "1"):
        await chat.send(text, at=NOW)

    await chat.send("/rapat", at=NOW)
    picks = await chat.send("3", at=NOW)
    assert picks[0].option_labels()[0] == "Sel 8 Des 09.00 · Rapat rutin PSM Pandang"
    which = await chat.send("1", at=NOW)
    assert which[0].option_labels() == ["Hanya rapat ini", "Seluruh jadwal rutin"]
    done = await chat.send("1", at=NOW)
    assert done[0].text == (
        "Rapat Selasa, 8 Desember 2026 pukul 09.00 WITA dibatalkan. 2 PSM diberi tahu."
    )
    # The cancelled meeting leaves the list; its old button changes nothing, tells no one.
    await chat.send("/rapat", at=NOW)
    picks = await chat.send("3", at=NOW)
    assert picks[0].option_labels()[0] == "Sel 12 Jan 09.00 · Rapat rutin PSM Pandang"
    again = await chat.send(choice=f"mtg:pick:{_first_meeting_id(engine)}", at=NOW)
    assert again[0].text == "Rapat itu sudah tidak terjadwal lagi."

    notices = [r for r in rows(engine, "meeting_notice") if "dibatalkan" in r.payload["text"]]
    assert sorted(r.address for r in notices) == [PSM_A, PSM_B]
    assert notices[0].payload["text"] == (
        "Rapat rutin PSM Pandang pada Selasa, 8 Desember 2026 pukul 09.00 WITA dibatalkan. "
        "Mohon maaf atas perubahannya."
    )
    with Session(engine) as session:
        statuses = [
            m.status for m in session.exec(select(Meeting).order_by(Meeting.starts_at)).all()
        ]
    assert statuses[0] == "cancelled" and set(statuses[1:]) == {"scheduled"}


async def test_moving_a_meeting_tells_each_invitee_once(engine: Engine, tmp_path: Path) -> None:
    makassar_team(engine)
    chat = chat_at(engine, tmp_path, KETUA, Clock(NOW))
    for text in ("/rapat", "1", "sekali 2026-12-03 09:00 di Kantor Lurah", "1"):
        await chat.send(text, at=NOW)

    for text in ("/rapat", "4", "1"):
        await chat.send(text, at=NOW)
    unclear = await chat.send("minggu depan saja", at=NOW)
    assert unclear[0].text.startswith("Mohon maaf, waktunya belum bisa saya baca.")
    moved = await chat.send("2026-12-10 10:00 di Balai RW 03", at=NOW)

    assert moved[0].text == (
        "Rapat dipindah ke Kamis, 10 Desember 2026 pukul 10.00 WITA. 2 PSM diberi tahu."
    )
    notices = [r for r in rows(engine, "meeting_notice") if "dipindah" in r.payload["text"]]
    assert sorted(r.address for r in notices) == [PSM_A, PSM_B]
    assert notices[0].payload["text"] == (
        "Rapat PSM Pandang dipindah dari Kamis, 3 Desember 2026 pukul 09.00 WITA ke "
        "Kamis, 10 Desember 2026 pukul 10.00 WITA, di Balai RW 03."
    )
    with Session(engine) as session:
        meetings = session.exec(select(Meeting).order_by(Meeting.id)).all()
    assert [(m.status, m.place) for m in meetings] == [
        ("moved", "Kantor Lurah"),
        ("scheduled", "Balai RW 03"),
    ]


def _first_meeting_id(engine: Engine) -> int:
    with Session(engine) as session:
        meeting = session.exec(select(Meeting).order_by(Meeting.starts_at)).first()
        assert meeting is not None and meeting.id is not None
        return meeting.id
