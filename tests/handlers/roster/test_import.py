"""Importing the roster from CSV and XLSX."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from handlers.roster import RosterFileError
from handlers.roster import import_file as import_roster
from storage.models.audit import AuditLog
from storage.models.people import Person, PersonRole
from tests.factories import seed_area

HEADER = ["nama", "telepon", "peran", "kelurahan", "kecamatan", "kabupaten_kota", "provinsi"]


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def people_count(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Person)).one()


def test_importing_1000_rows_twice_yields_1000_people(engine: Engine, tmp_path: Path) -> None:
    seed_area(engine)
    rows = [
        [f"PSM {n}", f"0813{n:08d}", "psm", "Pasteur", "Sukajadi", "Kota Bandung", "Jawa Barat"]
        for n in range(1000)
    ]
    roster = write_csv(tmp_path / "roster.csv", rows)

    first = import_roster(engine, roster)
    with Session(engine) as session:
        stamps = dict(session.exec(select(Person.phone, Person.updated_at)).all())
    second = import_roster(engine, roster)

    assert (first.created, first.updated, first.unchanged, first.errors) == (1000, 0, 0, [])
    # The same file again changes nothing and says so.
    assert (second.created, second.updated, second.unchanged, second.errors) == (0, 0, 1000, [])
    assert people_count(engine) == 1000
    with Session(engine) as session:
        assert dict(session.exec(select(Person.phone, Person.updated_at)).all()) == stamps
        details = [
            a.detail for a in session.exec(select(AuditLog).order_by(col(AuditLog.id))).all()
        ]
    assert [(d["created"], d["updated"]) for d in details] == [(1000, 0), (0, 0)]


def test_a_changed_file_updates_only_the_rows_that_changed(engine: Engine, tmp_path: Path) -> None:
    seed_area(engine)
    rows = [
        [f"PSM {n}", f"0813{n:08d}", "psm", "Pasteur", "Sukajadi", "Kota Bandung", "Jawa Barat"]
        for n in range(600)
    ]
    import_roster(engine, write_csv(tmp_path / "roster.csv", rows))
    rows[5][0] = "PSM Lima"  # a new name
    rows[7][2] = "ketua psm"  # a new role
    rows[9][3] = "Cipedes"  # another kelurahan
    rows.append(["Baru", "081399999999", "psm", "Pasteur", "Sukajadi", "", ""])

    report = import_roster(engine, write_csv(tmp_path / "roster-2.csv", rows))

    assert (report.created, report.updated, report.unchanged, report.errors) == (1, 3, 597, [])
    with Session(engine) as session:
        changed = {
            p.phone: (p.name, p.role, p.area_code)
            for p in session.exec(select(Person).where(col(Person.phone).in_(
                ["+6281300000005", "+6281300000007", "+6281300000009", "+6281399999999"]
            ))).all()
        }  # fmt: skip
    assert changed == {
        "+6281300000005": ("PSM Lima", PersonRole.PSM, "32.73.07.1001"),
        "+6281300000007": ("PSM 7", PersonRole.KETUA_PSM, "32.73.07.1001"),
        "+6281300000009": ("PSM 9", PersonRole.PSM, "32.73.07.1002"),
        "+6281399999999": ("Baru", PersonRole.PSM, "32.73.07.1001"),
    }
    assert people_count(engine) == 601


def test_bad_rows_are_reported_and_good_rows_still_imported(engine: Engine, tmp_path: Path) -> None:
    seed_area(engine)
    roster = write_csv(
        tmp_path / "roster.csv",
        [
            ["Siti Aminah", "0812-3456-7001", "psm", "Pasteur", "Sukajadi", "", ""],
            ["Nomor Salah", "12345", "psm", "Pasteur", "Sukajadi", "", ""],
            ["Wilayah Asing", "081234567002", "psm", "Atlantis", "Sukajadi", "", ""],
            ["Siti Lagi", "+62 812 3456 7001", "psm", "Pasteur", "Sukajadi", "", ""],
            ["Peran Aneh", "081234567003", "lurah", "Pasteur", "Sukajadi", "", ""],
            ["", "081234567004", "psm", "Pasteur", "Sukajadi", "", ""],
            ["Hendra", "6281234567005", "TKSK", "", "Sukajadi", "Kota Bandung", ""],
        ],
    )

    report = import_roster(engine, roster)

    assert report.created == 2
    assert [line for line, _ in report.errors] == [3, 4, 5, 6, 7]
    reasons = dict(report.errors)
    assert "nomor telepon tidak valid" in reasons[3]
    assert 'wilayah tidak dikenal: kelurahan/desa "Atlantis"' in reasons[4]
    assert "sudah ada di baris 2" in reasons[5]
    assert "peran tidak dikenal" in reasons[6]
    assert reasons[7] == "nama kosong"
    with Session(engine) as session:
        tksk = session.exec(select(Person).where(Person.phone == "+6281234567005")).one()
    assert (tksk.role, tksk.area_code) == (PersonRole.TKSK, "32.73.07")


def test_xlsx_with_english_headers_and_region_codes(engine: Engine, tmp_path: Path) -> None:
    seed_area(engine)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "Phone", "Role", "Region code"])
    sheet.append(["Andi", "081234567010", "psm", "73.71.09.1008"])
    sheet.append(["Budi", 81234567011, "ketua psm", "3273071001"])
    book.save(tmp_path / "roster.xlsx")

    report = import_roster(engine, tmp_path / "roster.xlsx")

    assert (report.created, report.errors) == (2, [])
    with Session(engine) as session:
        budi = session.exec(select(Person).where(Person.name == "Budi")).one()
    assert (budi.phone, budi.area_code, budi.role) == (
        "+6281234567011",
        "32.73.07.1001",
        PersonRole.KETUA_PSM,
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", "", "berkas kosong"),
        ("header-only.csv", "nama,telepon\n", "tidak berisi baris data"),
        ("roster.txt", "nama,telepon\nA,0812\n", "jenis berkas tidak didukung"),
        ("no-phone.csv", "nama,alamat\nA,Jl. X\n", "kolom wajib tidak ditemukan"),
        ("fake.xlsx", "not a workbook", "XLSX tidak bisa dibaca"),
    ],
)
def test_unusable_files_get_a_clear_message_and_store_nothing(
    sqlite_engine: Engine, tmp_path: Path, name: str, content: str, message: str
) -> None:
    seed_area(sqlite_engine)
    path = tmp_path / name
    path.write_text(content)

    with pytest.raises(RosterFileError, match=message):
        import_roster(sqlite_engine, path)
    assert people_count(sqlite_engine) == 0
