"""A PSM corrects a summary in their own words; only the named field changes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from storage.models.activities import Activity
from storage.models.cases import Case
from tests.factories import SimChat, add_person, make_services, seed_area

PSM = "+6281234567001"
AT = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)


async def test_a_place_correction_keeps_the_activity_type(engine: Engine, tmp_path: Path) -> None:
    seed_area(engine)
    add_person(engine, PSM)
    chat = SimChat(make_services(engine, tmp_path), PSM)

    await chat.send("Penyuluhan stunting bersama kader, 22 ibu balita", at=AT)
    corrected = await chat.send("tempatnya di posyandu mawar RW 04", at=AT)
    counted = await chat.send("jumlahnya 24 org", at=AT)
    await chat.send("Simpan", at=AT)

    text = corrected[-1].text
    assert "Jenis: Sosialisasi / penyuluhan" in text
    assert "Tempat: RW 04, posyandu mawar, Kel. Pasteur" in text
    assert text.count("RW 04") == 1
    assert "Jumlah dijangkau: 22 orang/KK" in text
    assert "Jumlah dijangkau: 24 orang/KK" in counted[-1].text
    assert "Tempat: RW 04, posyandu mawar" in counted[-1].text
    with Session(engine) as session:
        activity = session.exec(select(Activity)).one()
    assert (activity.activity_type, activity.rw, activity.place, activity.people_reached) == (
        "sosialisasi",
        "04",
        "posyandu mawar",
        24,
    )


async def test_a_bare_number_asks_which_field_it_is_for(engine: Engine, tmp_path: Path) -> None:
    seed_area(engine)
    add_person(engine, PSM)
    chat = SimChat(make_services(engine, tmp_path), PSM)

    await chat.send("kmrn sosialisasi PKH di masjid Al Ikhlas rw 7, yg datang 25 org", at=AT)
    which = await chat.send("12", at=AT)
    summary = await chat.send("RT", at=AT)
    await chat.send("simpan", at=AT)

    assert which[0].text == "Angka 12 itu untuk apa?"
    assert which[0].option_labels() == ["Jumlah dijangkau", "RT", "RW"]
    assert "Tempat: RT 12/RW 07" in summary[-1].text
    assert "Jumlah dijangkau: 25 orang/KK" in summary[-1].text
    with Session(engine) as session:
        activity = session.exec(select(Activity)).one()
    assert (activity.rt, activity.rw, activity.people_reached) == ("12", "07", 25)


async def test_a_case_correction_changes_only_its_field(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    seed_area(sqlite_engine)
    add_person(sqlite_engine, PSM)
    chat = SimChat(make_services(sqlite_engine, tmp_path), PSM)

    await chat.send("Kunjungan rumah Ibu S (72th) lansia terlantar RT 02/RW 03", at=AT)
    await chat.send("Klien setuju", at=AT)
    summary = await chat.send("umurnya 74", at=AT)
    await chat.send("Simpan", at=AT)

    assert "Umur: 74 tahun" in summary[-1].text
    assert "Kategori PPKS: 8. Lanjut Usia Terlantar" in summary[-1].text
    with Session(sqlite_engine) as session:
        case = session.exec(select(Case)).one()
    assert (case.client_age, case.ppks, case.rt, case.rw) == (74, 8, "02", "03")
