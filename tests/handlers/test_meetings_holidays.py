"""A meeting on a holiday is flagged at scheduling; a series may skip its holidays."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from storage.models.meetings import Meeting, MeetingSeries
from tests.bot.scheduler.helpers import KETUA, Clock, chat_at, local, makassar_team

NOW = local("2026-11-25 10:00")  # Wednesday, Makassar
WITA = ZoneInfo("Asia/Makassar")


def meeting_days(engine: Engine) -> list[str]:
    with Session(engine) as session:
        meetings = session.exec(select(Meeting).order_by(col(Meeting.starts_at))).all()
        return [m.starts_at.astimezone(WITA).date().isoformat() for m in meetings]


async def test_a_meeting_on_christmas_asks_before_it_is_scheduled(
    engine: Engine, tmp_path: Path
) -> None:
    makassar_team(engine)
    chat = chat_at(engine, tmp_path, KETUA, Clock(NOW))
    await chat.send("/rapat", at=NOW)
    await chat.send("Buat rapat", at=NOW)

    preview = await chat.send("sekali 2026-12-25 09:00 di Kantor Lurah", at=NOW)
    other = await chat.send("Ganti waktu", at=NOW)
    again = await chat.send("sekali 2026-12-25 09:00 di Kantor Lurah", at=NOW)
    saved = await chat.send("Tetap jadwalkan", at=NOW)

    assert preview[0].text.endswith(
        "\n\n⚠️ Tanggal 25 Desember 2026 adalah hari libur: Kelahiran Yesus Kristus. "
        "Tetap jadwalkan?"
    )
    assert preview[0].option_labels() == ["✅ Tetap jadwalkan", "🕑 Ganti waktu", "❌ Batal"]
    assert other[0].text.startswith("Kapan dan di mana rapatnya?")
    assert meeting_days(engine) == ["2026-12-25"]  # kept, as the organiser chose
    assert again[0].option_labels()[0] == "✅ Tetap jadwalkan"
    assert saved[0].text.startswith("Rapat tersimpan.")


async def test_an_ordinary_day_asks_nothing(engine: Engine, tmp_path: Path) -> None:
    makassar_team(engine)
    chat = chat_at(engine, tmp_path, KETUA, Clock(NOW))
    await chat.send("/rapat", at=NOW)
    await chat.send("Buat rapat", at=NOW)

    preview = await chat.send("sekali 2026-12-23 09:00 di Kantor Lurah", at=NOW)

    assert "hari libur" not in preview[0].text
    assert preview[0].option_labels() == ["✅ Simpan", "✏️ Ganti judul", "❌ Batal"]


async def test_a_weekly_series_can_skip_its_holidays(engine: Engine, tmp_path: Path) -> None:
    makassar_team(engine)
    chat = chat_at(engine, tmp_path, KETUA, Clock(NOW))
    await chat.send("/rapat", at=NOW)
    await chat.send("Buat rapat", at=NOW)

    preview = await chat.send("setiap Jumat jam 09.00 di Aula Kelurahan", at=NOW)
    saved = await chat.send("Ya, lewati hari libur", at=NOW)

    assert "25 Desember 2026 (Kelahiran Yesus Kristus)" in preview[0].text
    assert "Lewati pertemuan pada hari libur?" in preview[0].text
    assert saved[0].text.startswith("Rapat tersimpan.")
    with Session(engine) as session:
        assert session.exec(select(MeetingSeries.skip_holidays)).one() is True
    days = meeting_days(engine)
    assert "2026-12-18" in days and "2027-01-01" not in days
    assert "2026-12-25" not in days and "2027-01-08" in days
