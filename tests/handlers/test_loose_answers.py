"""A PSM answers the bot's questions in their own words: synonyms, abbreviations, typos."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from storage.models.activities import Activity
from storage.models.cases import Case
from tests.factories import SimChat, add_person, make_services, seed_area

PSM = "+6281234567001"
AT = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)  # Tuesday 16:00 in Bandung


async def test_a_guided_activity_answered_loosely(engine: Engine, tmp_path: Path) -> None:
    seed_area(engine)
    add_person(engine, PSM)
    chat = SimChat(make_services(engine, tmp_path), PSM)

    await chat.send("/lapor", at=AT)
    which = await chat.send("pendampingan", at=AT)  # three types are "pendampingan"
    await chat.send("penyuluhan", at=AT)  # Sosialisasi / penyuluhan, by its other name
    await chat.send("kmrn", at=AT)
    await chat.send("lewati", at=AT)
    counted = await chat.send("kira2 20an org", at=AT)
    await chat.send("motivasi", at=AT)  # Motivator
    await chat.send("lewati", at=AT)
    summary = await chat.send("selesai", at=AT)
    await chat.send("ya", at=AT)  # Simpan

    assert which[0].text == "Maksud Bapak/Ibu yang mana?"
    assert which[0].option_labels() == [
        "Pendampingan penyaluran bansos",
        "Penanganan / pendampingan klien",
        "Pendampingan KUBE",
    ]
    assert counted[-1].text.startswith("Peran PSM apa")
    assert "Jumlah dijangkau: sekitar 20 orang/KK" in summary[-1].text
    with Session(engine) as session:
        activity = session.exec(select(Activity)).one()
    assert (
        activity.activity_type,
        activity.occurred_on,
        activity.people_reached,
        activity.people_reached_approximate,
        activity.psm_role,
    ) == ("sosialisasi", date(2026, 11, 16), 20, True, "motivator")


async def test_typos_and_numbers_in_words_are_understood(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    seed_area(sqlite_engine)
    add_person(sqlite_engine, PSM)
    chat = SimChat(make_services(sqlite_engine, tmp_path), PSM)

    await chat.send("/lapor", at=AT)
    await chat.send("sosialsasi", at=AT)  # a letter missing
    await chat.send("hari ini", at=AT)
    await chat.send("lewati", at=AT)
    await chat.send("seratus dua puluh", at=AT)
    await chat.send("Motivator", at=AT)
    await chat.send("lewati", at=AT)
    summary = await chat.send("selesai", at=AT)

    assert "Jenis: Sosialisasi / penyuluhan" in summary[-1].text
    assert "Jumlah dijangkau: 120 orang/KK" in summary[-1].text


async def test_a_guided_case_and_a_referral_answered_loosely(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    add_person(engine, PSM)
    chat = SimChat(make_services(engine, tmp_path), PSM)

    await chat.send("/kasusbaru", at=AT)
    await chat.send("An. R", at=AT)
    await chat.send("laki2", at=AT)
    await chat.send("12", at=AT)
    await chat.send("lewati", at=AT)  # NIK
    await chat.send("RT 1 RW 4", at=AT)
    await chat.send("anak jalanan", at=AT)
    await chat.send("Putus sekolah, sering di jalan", at=AT)
    await chat.send("tetangga", at=AT)
    await chat.send("mendesak", at=AT)  # Darurat
    await chat.send("ortu setuju", at=AT)  # Wali/keluarga setuju
    summary = await chat.send("selesai", at=AT)
    await chat.send("simpan", at=AT)
    await chat.send("/kasus", at=AT)
    await chat.send("1", at=AT)
    await chat.send("rujuk", at=AT)
    agreement = await chat.send("RSUD kota", at=AT)
    await chat.send("iya", at=AT)

    assert "Jenis kelamin: Laki-laki" in summary[-1].text
    assert "Persetujuan: Wali/keluarga setuju" in summary[-1].text
    assert agreement[0].text.startswith("Apakah klien/keluarga sudah setuju dirujuk?")
    with Session(engine) as session:
        case = session.exec(select(Case).order_by(col(Case.id))).one()
    assert (case.client_sex, case.ppks, case.urgency, case.consent_by, case.referral) == (
        "L",
        4,
        "tinggi",
        "wali",
        "rumah_sakit",
    )


async def test_the_hint_for_a_wrong_answer_does_not_ask_for_numbers_the_buttons_lack(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    seed_area(sqlite_engine)
    add_person(sqlite_engine, PSM)
    chat = SimChat(make_services(sqlite_engine, tmp_path), PSM)

    await chat.send("/lapor", at=AT)
    refused = await chat.send("qwerty", at=AT)

    assert refused[0].text.startswith("Mohon pilih salah satu pilihan di atas")
    assert "nomor" not in refused[0].text
    assert refused[-1].text == "Kegiatan apa yang dilakukan?"
