"""A coordinator sends the roster to the bot as a file; it is imported within their area."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.media import store_media
from handlers.messages import InboundMedia
from storage.models.audit import AuditLog
from storage.models.messaging import OutboxMessage
from storage.models.people import Person, PersonRole
from tests.factories import SimChat, add_person, make_services

TKSK = "+6281270000900"  # TKSK of Kec. Sukajadi, Kota Bandung
PSM = "+6281270000901"
HEADER = "nama,telepon,peran,kelurahan,kecamatan,kabupaten_kota\n"
AT = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)


def attach(tmp_path: Path, data: bytes, content_type: str = "text/csv") -> InboundMedia:
    return store_media(tmp_path / "media", data, content_type, now=AT)


def people(engine: Engine) -> dict[str, tuple[str, str]]:
    with Session(engine) as session:
        return {p.name: (p.role, p.area_code) for p in session.exec(select(Person)).all()}


async def test_a_tksk_imports_rows_of_their_kecamatan_and_rows_outside_are_refused(
    official_engine: Engine, tmp_path: Path
) -> None:
    tksk = add_person(official_engine, TKSK, "Hendra", PersonRole.TKSK, "32.73.07")
    chat = SimChat(make_services(official_engine, tmp_path), TKSK)
    roster = (
        (
            HEADER + "Siti Aminah,0812-7000-1001,psm,Kel. Pasteur,Sukajadi,Kota Bandung\n"
            "Euis,081270001002,ketua psm,Cipedes,Kec. Sukajadi,\n"  # Bandung's, within the area
            "Asep,081270001003,psm,Sarijadi,Sukasari,Kota Bandung\n"  # another kecamatan
            "Rina,081270001004,psm,Sukajadi,Sukajadi,Kota Pekanbaru\n"  # another city
            "Dedi,081270001005,tksk,,Sukajadi,Kota Bandung\n"  # not below a TKSK
        ).encode()
    )

    replies = await chat.send("daftar PSM", media=(attach(tmp_path, roster),))

    assert [r.text for r in replies] == [
        "Daftar PSM sudah diproses (Kec. Sukajadi, Kota Bandung, Prov. Jawa Barat): "
        "2 baru, 0 diperbarui, 3 baris ditolak.\n\n"
        "Baris yang ditolak:\n"
        "• baris 4: wilayah Kel. Sarijadi, Kec. Sukasari, Kota Bandung, Prov. Jawa Barat di luar "
        "wilayah Bapak/Ibu (Kec. Sukajadi, Kota Bandung, Prov. Jawa Barat)\n"
        "• baris 5: wilayah Kel. Sukajadi, Kec. Sukajadi, Kota Pekanbaru, Prov. Riau di luar "
        "wilayah Bapak/Ibu "
        "(Kec. Sukajadi, Kota Bandung, Prov. Jawa Barat)\n"
        "• baris 6: Bapak/Ibu tidak dapat menambahkan peran tksk"
    ]
    assert people(official_engine) == {
        "Hendra": (PersonRole.TKSK, "32.73.07"),
        "Siti Aminah": (PersonRole.PSM, "32.73.07.1001"),
        "Euis": (PersonRole.KETUA_PSM, "32.73.07.1002"),
    }
    with Session(official_engine) as session:
        (entry,) = session.exec(select(AuditLog).where(AuditLog.action == "roster.import")).all()
    assert entry.actor_id == tksk.id
    assert entry.detail == {"via": "chat", "created": 2, "updated": 0, "rejected": 3}


async def test_many_refused_rows_come_as_a_workbook_too(
    official_engine: Engine, tmp_path: Path
) -> None:
    add_person(official_engine, TKSK, "Hendra", PersonRole.TKSK, "32.73.07")
    chat = SimChat(make_services(official_engine, tmp_path), TKSK)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Nama", "No HP", "Peran", "Kelurahan", "Kecamatan"])
    sheet.append(["Siti", "081270001001", "psm", "Pasteur", "Sukajadi"])
    for n in range(10):
        sheet.append([f"Salah {n}", f"0812700020{n:02d}", "psm", "Atlantis", "Sukajadi"])
    book.save(tmp_path / "roster.xlsx")
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    await chat.send("", media=(attach(tmp_path, (tmp_path / "roster.xlsx").read_bytes(), xlsx),))

    with Session(official_engine) as session:
        (reply,) = session.exec(select(OutboxMessage)).all()
    assert reply.payload["text"].startswith(
        "Daftar PSM sudah diproses (Kec. Sukajadi, Kota Bandung, Prov. Jawa Barat): 1 baru, "
        "0 diperbarui, 10 baris ditolak.\n\nBaris yang ditolak (sebagian):\n• baris 3: "
    )
    assert reply.payload["text"].endswith("Daftar lengkapnya ada di berkas terlampir.")
    ((path, content_type, _),) = reply.payload["attachments"]
    assert content_type == xlsx
    rows = list(load_workbook(tmp_path / "media" / path).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[0] == ("baris", "alasan") and len(rows) == 11
    assert rows[1][0] == 3 and 'kelurahan/desa "Atlantis"' in str(rows[1][1])


async def test_a_psm_cannot_send_a_roster_and_keeps_their_draft(
    official_engine: Engine, tmp_path: Path
) -> None:
    add_person(official_engine, PSM, "Siti", PersonRole.PSM, "32.73.07.1001")
    chat = SimChat(make_services(official_engine, tmp_path), PSM)
    await chat.send("/lapor")
    roster = (HEADER + "Budi,081270001009,psm,Pasteur,Sukajadi,Kota Bandung\n").encode()

    refused = await chat.send("", media=(attach(tmp_path, roster),))
    resumed = await chat.send("/lapor")

    assert [r.text for r in refused] == [
        "Mohon maaf, daftar PSM hanya bisa dikirim oleh admin, Dinas Sosial atau TKSK. "
        "Laporan yang sedang diisi tetap tersimpan."
    ]
    assert "Budi" not in people(official_engine)
    assert resumed  # the draft is still open and answered


async def test_a_file_in_an_unknown_layout_changes_nothing(
    official_engine: Engine, tmp_path: Path
) -> None:
    add_person(official_engine, TKSK, "Hendra", PersonRole.TKSK, "32.73.07")
    chat = SimChat(make_services(official_engine, tmp_path), TKSK)

    replies = await chat.send(
        "", media=(attach(tmp_path, b"No;Nama Lengkap;Alamat\n1;Siti;Jl. Mawar\n"),)
    )
    old_excel = await chat.send(
        "",
        media=(attach(tmp_path, b"\xd0\xcf\x11\xe0" + b"\0" * 64, "application/vnd.ms-excel"),),
    )

    assert replies[0].text.startswith(
        "Mohon maaf, daftar PSM tidak bisa dibaca: kolom wajib tidak ditemukan: nama dan telepon"
    )
    assert replies[0].text.endswith("Tidak ada data yang diubah.")
    assert "simpan sebagai .xlsx" in old_excel[0].text
    assert set(people(official_engine)) == {"Hendra"}
