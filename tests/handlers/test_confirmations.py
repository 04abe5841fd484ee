"""What the bot is unsure of it asks: estimates stay estimates, odd dates are confirmed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from storage.db import transaction
from storage.models.activities import Activity
from storage.models.people import Person
from tests.factories import SimChat, add_person, make_services, seed_area

PSM = "+6281234567001"
NOV_4 = datetime(2026, 11, 4, 3, 0, tzinfo=UTC)  # Wednesday 10:00 in Bandung
NOV_17 = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)  # Tuesday 16:00 in Bandung


def saved(engine: Engine) -> Activity:
    with Session(engine) as session:
        return session.exec(select(Activity)).one()


async def test_an_estimate_is_kept_and_shown_as_one(engine: Engine, tmp_path: Path) -> None:
    seed_area(engine)
    add_person(engine, PSM)
    chat = SimChat(make_services(engine, tmp_path), PSM)

    summary = await chat.send("td pagi kerja bakti di RW 03, sekitar 30 org ikut", at=NOV_17)
    done = await chat.send("Simpan", at=NOV_17)

    assert "Jumlah dijangkau: sekitar 30 orang/KK" in summary[-1].text
    assert done[0].text.startswith("✅ Laporan kegiatan tersimpan")
    activity = saved(engine)
    assert (activity.people_reached, activity.people_reached_approximate) == (30, True)


async def test_a_day_that_would_jump_a_year_is_asked_not_guessed(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    add_person(engine, PSM)
    chat = SimChat(make_services(engine, tmp_path), PSM)

    asked = await chat.send("15/12 dampingi penyaluran BPNT di balai desa, 88 KPM", at=NOV_4)
    refused = await chat.send("Bukan, ubah", at=NOV_4)
    summary = await chat.send("kemarin", at=NOV_4)
    await chat.send("Simpan", at=NOV_4)

    assert asked[-1].text == "Tanggalnya 15 Desember 2025 — benar?"
    assert asked[-1].option_labels() == ["✅ Benar", "✏️ Bukan, ubah"]
    assert refused[-1].text.startswith("Kapan kegiatannya?")
    assert "Tanggal: 3 November 2026" in summary[-1].text
    assert saved(engine).occurred_on == date(2026, 11, 3)


async def test_a_date_over_a_month_back_is_confirmed_then_kept(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    seed_area(sqlite_engine)
    add_person(sqlite_engine, PSM)
    chat = SimChat(make_services(sqlite_engine, tmp_path), PSM)

    asked = await chat.send("tgl 28/9 verval DTKS di RW 09, 18 KK", at=NOV_4)
    summary = await chat.send("benar", at=NOV_4)
    await chat.send("Simpan", at=NOV_4)

    assert asked[-1].text == "Tanggalnya 28 September 2026 — benar?"
    assert "Tanggal: 28 September 2026" in summary[-1].text
    assert saved(sqlite_engine).occurred_on == date(2026, 9, 28)


async def test_english_relative_dates_work_as_indonesian_ones(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    add_person(engine, PSM)
    with transaction(engine) as session:
        person = session.exec(select(Person)).one()
        person.locale = "en"
    chat = SimChat(make_services(engine, tmp_path), PSM)

    summary = await chat.send("yesterday helped distribute BPNT aid in RW 05, 32 KPM", at=NOV_17)
    await chat.send("Change", at=NOV_17)
    await chat.send("Date", at=NOV_17)
    corrected = await chat.send("last Friday", at=NOV_17)
    await chat.send("Save", at=NOV_17)

    assert "Date: November 16, 2026" in summary[-1].text
    assert "Date: November 13, 2026" in corrected[-1].text
    assert saved(engine).occurred_on == date(2026, 11, 13)
