"""Cases the way the work goes: moves in free words, own and area lists, confirmations."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from storage.cases import create_case
from storage.db import transaction
from storage.models.cases import Case, CaseStatus
from storage.models.people import Person, PersonRole
from tests.factories import SimChat, add_person, make_services, seed_area

PSM = "+6281234567001"
COLLEAGUE = "+6281234567004"
PSM_CIPEDES = "+6281234567002"
TKSK = "+6281234567003"
KETUA = "+6281234567005"
DINSOS = "+6281234567006"
AT = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)
PASTEUR, CIPEDES = "32.73.07.1001", "32.73.07.1002"


async def test_a_move_told_in_free_words_is_confirmed_and_unreachable_people_are_named(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    add_person(engine, PSM)
    add_person(engine, PSM_CIPEDES, name="Dedi Supriadi", area_code=CIPEDES)
    add_person(engine, TKSK, name="Hendra Gunawan", role=PersonRole.TKSK, area_code="32.73.07")
    services = make_services(engine, tmp_path)
    psm, dedi = SimChat(services, PSM), SimChat(services, PSM_CIPEDES)
    await dedi.send("/start", at=AT)  # Dedi has chatted; the TKSK never has
    await psm.send("Kunjungan rumah Ibu S (72th) lansia terlantar RT 02/RW 03", at=AT)
    await psm.send("Klien setuju", at=AT)
    await psm.send("Simpan", at=AT)

    await psm.send("/kasus", at=AT)
    await psm.send("1", at=AT)
    asked = await psm.send("ikut anaknya ke kel cipedes rt 3 rw 2", at=AT)
    kept = await psm.send("tidak", at=AT)
    await psm.send("/kasus", at=AT)
    await psm.send("1", at=AT)
    await psm.send("ikut anaknya ke kel cipedes rt 3 rw 2", at=AT)
    moved = await psm.send("ya", at=AT)

    assert asked[0].text == "Pindahkan kasus Ibu S ke Kel. Cipedes, RT 03/RW 02?"
    assert kept[0].text == "Baik, kasus Ibu S tidak diubah."
    assert moved[0].text == "✅ Perkembangan kasus #1 tersimpan. Status: Pindah."
    assert moved[1].text.startswith(
        "ℹ️ Pemberitahuan belum bisa dikirim kepada: Hendra Gunawan, karena beliau belum pernah"
    )
    told = await dedi.send("/kasus", at=AT)
    assert told[0].text.startswith("ℹ️ Kasus #1 pindah ke wilayah Cipedes (dari Pasteur)")
    assert told[1].option_labels()[0].startswith("#1 Ibu S")
    with Session(engine) as session:
        case = session.exec(select(Case)).one()
    assert (case.area_code, case.rt, case.rw, case.status) == (
        CIPEDES,
        "03",
        "02",
        CaseStatus.MOVED,
    )


async def test_kasus_saya_is_ones_own_and_the_ketua_sees_the_kelurahan(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    add_person(engine, PSM, name="Siti Aminah")
    add_person(engine, COLLEAGUE, name="Neneng")
    add_person(engine, KETUA, name="Dedi Ketua", role=PersonRole.KETUA_PSM)
    services = make_services(engine, tmp_path)
    siti, neneng, ketua = (SimChat(services, p) for p in (PSM, COLLEAGUE, KETUA))
    for chat, report in (
        (siti, "Kunjungan rumah Ibu S (72th) lansia terlantar RT 02/RW 03"),
        (neneng, "Kunjungan ke Pak D (50) penyandang disabilitas RT 04 RW 11"),
    ):
        await chat.send(report, at=AT)
        await chat.send("Klien setuju", at=AT)
        await chat.send("Simpan", at=AT)

    own = await siti.send("/kasus", at=AT)
    menu = await ketua.send("/menu", at=AT)
    village = await ketua.send("Kasus kelurahan", at=AT)
    # Closing a colleague's case asks first.
    await siti.send(choice="case:open:2", at=AT)
    await siti.send("Selesai/tutup", at=AT)
    confirm = await siti.send("Sudah dapat kursi roda dari Baznas", at=AT)
    closed = await siti.send("ya", at=AT)

    assert own[0].option_labels() == ["#1 Ibu S · Baru · 0 hari lalu"]
    assert "🏘️ Kasus kelurahan" in menu[0].option_labels()
    assert village[0].text.startswith("Kasus terbuka di Pasteur: 2 (halaman 1 dari 1)")
    assert [label.split(" · ")[0] for label in village[0].option_labels()] == [
        "#1 Ibu S",
        "#2 Pak D",
    ]
    assert confirm[0].text.startswith("Tutup kasus Pak D?")
    assert closed[0].text == "✅ Perkembangan kasus #2 tersimpan. Status: Selesai."


def many_cases(engine: Engine) -> None:
    """Twelve open cases in Kec. Sukajadi: nine in Pasteur, three in Cipedes (lansia)."""
    with transaction(engine) as session:
        reporter = session.exec(select(Person).where(Person.phone == PSM)).one()
        assert reporter.id is not None
        for n in range(12):
            area, ppks = (CIPEDES, 8) if n >= 9 else (PASTEUR, 24)
            case = create_case(
                session=session,
                reporter_id=reporter.id,
                area_code=area,
                values={"client_name": f"Klien {n + 1:02d}", "ppks": ppks},
                opened_on=date(2026, 10, 1),
                now=AT - timedelta(days=30 - n),  # Klien 01 waited longest
            )
            case.updated_at = AT - timedelta(days=30 - n)


async def test_coordinators_see_their_areas_open_cases_paged_and_filtered(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    add_person(engine, PSM)
    add_person(engine, TKSK, name="Hendra", role=PersonRole.TKSK, area_code="32.73.07")
    add_person(engine, DINSOS, name="Rika", role=PersonRole.DINSOS, area_code="32.73")
    many_cases(engine)
    services = make_services(engine, tmp_path)
    tksk, dinsos = SimChat(services, TKSK), SimChat(services, DINSOS)

    first = await tksk.send("/kasus", at=AT)
    second = await tksk.send("Berikutnya", at=AT)
    cipedes = await tksk.send("/kasus Cipedes", at=AT)
    poor = await tksk.send("/kasus miskin", at=AT)
    card = await tksk.send(choice="case:open:10", at=AT)
    city = await dinsos.send("/kasus", at=AT)

    assert first[0].text.startswith("Kasus terbuka di Sukajadi: 12 (halaman 1 dari 2)")
    labels = first[0].option_labels()
    assert len(labels) == 11 and labels[-1] == "▶️ Berikutnya"
    assert labels[0].startswith("#1 Klien 01") and labels[0].endswith("· Pasteur")
    assert [label.split(" · ")[0] for label in second[0].option_labels()] == [
        "#11 Klien 11",
        "#12 Klien 12",
    ]
    assert cipedes[0].text.startswith("Kasus terbuka di Cipedes: 3")
    assert poor[0].text.startswith("Kasus terbuka di Sukajadi · Fakir Miskin: 9")
    assert card[0].text.startswith("Kasus #10: Klien 10")
    assert city[0].text.startswith("Kasus terbuka di Kota Bandung: 12")
