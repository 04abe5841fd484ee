"""A PSM opens a case, refers the client, records a move and closes the case."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from storage.models.activities import Activity, ActivityCase
from storage.models.cases import Case, CaseEvent, CaseStatus
from storage.models.people import PersonRole
from tests.factories import SimChat, add_person, make_services, seed_area

PSM = "+6281234567001"
PSM_CIPEDES = "+6281234567002"
TKSK = "+6281234567003"
AT = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)


def the_case(engine: Engine) -> tuple[Case, list[str]]:
    with Session(engine) as session:
        case = session.exec(select(Case)).one()
        events = session.exec(select(CaseEvent).order_by(col(CaseEvent.id))).all()
        return case, [e.kind.value for e in events]


async def test_a_case_from_opening_to_closure(engine: Engine, tmp_path: Path) -> None:
    seed_area(engine)
    add_person(engine, PSM)
    add_person(engine, PSM_CIPEDES, name="Dedi", area_code="32.73.07.1002")
    add_person(engine, TKSK, name="Hendra", role=PersonRole.TKSK, area_code="32.73.07")
    services = make_services(engine, tmp_path)
    psm, other, tksk = (SimChat(services, p) for p in (PSM, PSM_CIPEDES, TKSK))
    await tksk.send("/start", at=AT)  # only people who have chatted can be reached

    consent_question = await psm.send(
        "Kunjungan rumah Ibu S (72th) lansia terlantar RT 02/RW 03, tinggal sendiri, kondisi "
        "lemah. Sudah koordinasi dgn Kasie Kesos.",
        at=AT,
    )
    summary = await psm.send("1", at=AT)  # Klien setuju
    saved = await psm.send("Simpan", at=AT)

    assert consent_question[-1].text.startswith("Apakah klien (atau wali/keluarganya)")
    assert "Nama/inisial klien: Ibu S" in summary[-1].text
    assert "Kategori PPKS: 8. Lanjut Usia Terlantar" in summary[-1].text
    assert "Umur: 72 tahun" in summary[-1].text
    assert saved[0].text == "✅ Kasus No. 1 tersimpan. Terima kasih, Bapak/Ibu!"

    # Another kelurahan's PSM sees nothing of it.
    assert (await other.send("/kasus", at=AT))[0].text.startswith("Bapak/Ibu tidak memiliki")
    assert (await other.send(choice="case:open:1", at=AT))[0].text.startswith(
        "Kasus itu tidak ditemukan"
    )

    listing = await psm.send("/kasus", at=AT)
    assert listing[0].option_labels() == ["#1 Ibu S · Baru · 0 hari lalu"]
    card = await psm.send("1", at=AT)
    assert card[0].text.startswith("Kasus #1: Ibu S\nPPKS: Lanjut Usia Terlantar")
    await psm.send("Rujuk", at=AT)
    await psm.send("Puskesmas", at=AT)
    referred = await psm.send("Ya", at=AT)
    assert referred[0].text == "✅ Perkembangan kasus #1 tersimpan. Status: Dirujuk."

    await psm.send("/kasus", at=AT)
    await psm.send("1", at=AT)
    await psm.send("Pindah alamat", at=AT)
    confirm = await psm.send("Cipedes, RT 03 RW 02", at=AT)
    assert confirm[0].text == "Pindahkan kasus Ibu S ke Kel. Cipedes, RT 03/RW 02?"
    moved = await psm.send("Ya", at=AT)
    assert moved[0].text == "✅ Perkembangan kasus #1 tersimpan. Status: Pindah."
    told = (await other.send("/menu", at=AT))[0].text, (await tksk.send("/menu", at=AT))[0].text
    assert told[0].startswith("ℹ️ Kasus #1 pindah ke wilayah Cipedes (dari Pasteur)")
    assert told[1].startswith("ℹ️ Kasus #1 pindah ke wilayah Cipedes")
    assert (await other.send("/kasus", at=AT))[0].option_labels()[0].startswith("#1 Ibu S")

    await psm.send("/kasus", at=AT)
    await psm.send("1", at=AT)
    await psm.send("6", at=AT)  # Selesai/tutup
    asked = await psm.send("Sudah tinggal bersama anaknya di Cimahi", at=AT)
    assert asked[0].text.startswith("Tutup kasus Ibu S?")
    await psm.send("Ya", at=AT)

    case, events = the_case(engine)
    assert (
        case.status,
        case.referral,
        case.area_code,
        case.rt,
        case.rw,
        case.ppks,
        case.client_age,
        case.consent_given,
        case.consent_by,
    ) == (CaseStatus.CLOSED, "puskesmas", "32.73.07.1002", "03", "02", 8, 72, True, "klien")
    assert case.outcome == "Sudah tinggal bersama anaknya di Cimahi"
    assert events == ["opened", "referral", "moved", "closed"]
    with Session(engine) as session:
        visit = session.exec(select(Activity)).one()
        link = session.exec(select(ActivityCase)).one()
    assert (visit.activity_type, link.case_id) == ("kunjungan", case.id)


async def test_guided_case_checks_nik_and_childrens_consent(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    seed_area(sqlite_engine)
    add_person(sqlite_engine, PSM)
    chat = SimChat(make_services(sqlite_engine, tmp_path), PSM)

    await chat.send("/menu", at=AT)
    await chat.send("2", at=AT)  # Lapor kasus baru
    await chat.send("Adik R", at=AT)
    await chat.send("Laki-laki", at=AT)
    await chat.send("2014", at=AT)  # birth year: 12 years old
    wrong_nik = await chat.send("1234", at=AT)
    await chat.send("3273241507140001", at=AT)
    await chat.send("RT 1 RW 4", at=AT)
    several = await chat.send("anak", at=AT)
    await chat.send("4", at=AT)  # from the list offered
    await chat.send("Putus sekolah, sering di jalan", at=AT)
    await chat.send("Tetangga", at=AT)
    await chat.send("Perlu segera", at=AT)
    await chat.send("Klien setuju", at=AT)
    await chat.send("Selesai", at=AT)  # no photos
    refused = await chat.send("Simpan", at=AT)
    await chat.send("Ubah", at=AT)
    await chat.send("Persetujuan", at=AT)
    summary = await chat.send("Wali/keluarga setuju", at=AT)
    await chat.send("Simpan", at=AT)

    assert wrong_nik[0].text.startswith("NIK tidak valid.")
    assert several[-1].text == "Pilih kategori yang paling sesuai:"
    assert refused[0].text.startswith("Klien masih anak-anak")
    assert "NIK: 3273********0001" in summary[-1].text
    with Session(sqlite_engine) as session:
        case = session.exec(select(Case)).one()
    assert (
        case.client_name,
        case.client_sex,
        case.client_age,
        case.nik,
        case.rt,
        case.rw,
        case.source,
        case.urgency,
        case.consent_by,
    ) == ("Adik R", "L", 12, "3273241507140001", "01", "04", "tetangga", "sedang", "wali")
    assert case.ppks is not None and 1 <= case.ppks <= 7
