"""A roster as offices write it, against the whole built-in region list."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.cli import app
from handlers.roster import import_file
from storage.db import make_engine
from storage.models.people import Person, PersonRole
from storage.models.regions import Region
from storage.region_names import name_key, read_name

ROSTER_12 = Path(__file__).parents[2] / "data" / "roster-12.csv"


def test_the_12_row_roster_imports_every_row_with_code_and_zone(official_url: str) -> None:
    """`psmbot db upgrade` made the database; `psmbot roster import` takes all 12 rows."""
    result = CliRunner().invoke(
        app, ["roster", "import", str(ROSTER_12)], env={"DATABASE_URL": official_url}
    )
    engine = make_engine(official_url)
    with Session(engine) as session:
        people = {
            p.name: (p.role, p.area_code, session.get(Region, p.area_code).timezone)  # type: ignore[union-attr]
            for p in session.exec(select(Person)).all()
        }
    engine.dispose()

    assert result.exit_code == 0, result.output
    assert "Selesai: 12 baru, 0 diperbarui, 0 baris ditolak." in result.output
    wib, wita, wit = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"
    assert people == {
        "Sri Wahyuni": (PersonRole.PSM, "14.71.01.1007", wib),  # Kel. Sukajadi, Pekanbaru
        "Rahmat Hidayat": (PersonRole.PSM, "14.71.07.1006", wib),
        "Yusnita": (PersonRole.TKSK, "14.71.07", wib),  # Kec. Bukit Raya
        "Ahmad Fauzi": (PersonRole.PSM, "14.05.01.2001", wib),  # Desa Air Hitam, Pelalawan
        "Nurhayati": (PersonRole.KETUA_PSM, "14.05.02.1008", wib),
        "Zulkifli": (PersonRole.DINSOS, "14.05", wib),  # Kabupaten Pelalawan
        "Siti Rohmah": (PersonRole.PSM, "32.73.07.1001", wib),  # Kel. Pasteur, Kota Bandung
        "Dedi Kurnia": (PersonRole.PSM, "32.73.07.1001", wib),  # "Bandung" told by kecamatan
        "Made Suarta": (PersonRole.PSM, "51.71.01.1003", wita),  # Sesetan, Denpasar (Bali)
        "Ni Kadek Ayu": (PersonRole.TKSK, "51.71.01", wita),
        "Yohanes Wenda": (PersonRole.PSM, "91.71.01.1004", wit),  # Kel. Imbi, Kota Jayapura
        "Maria Rumbewas": (PersonRole.PSM, "91.71.01.1003", wit),  # by kode_wilayah
    }


def _roster(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "roster.csv"
    header = "nama,telepon,peran,kelurahan,kecamatan,kabupaten_kota,provinsi,kode_wilayah\n"
    path.write_text(header + "\n".join(rows) + "\n")
    return path


def test_ambiguous_and_unknown_names_say_why_with_codes(
    official_engine: Engine, tmp_path: Path
) -> None:
    roster = _roster(
        tmp_path,
        "Satu,081270000101,tksk,,Sukajadi,,,",
        "Dua,081270000102,psm,Pasteurr,Sukajadi,Kota Bandung,,",
        "Tiga,081270000103,psm,Pasteur,Sukajadi,Kota Bandung,,",
        "Empat,081270000104,psm,,,,,32.73.7",
        "Lima,081270000105,psm,,,,,32.73.07.9999",
        "Enam,081270000106,dinsos,,,Kab Bandung,Jabar,",
    )

    report = import_file(official_engine, roster)
    reasons = dict(report.errors)

    assert (report.created, sorted(reasons)) == (2, [2, 3, 5, 6])
    assert reasons[2] == (
        'nama wilayah ganda: kecamatan "Sukajadi" ada di 2 tempat: '
        "14.71.01 Kec. Sukajadi, Kota Pekanbaru, Prov. Riau; "
        "32.73.07 Kec. Sukajadi, Kota Bandung, Prov. Jawa Barat. "
        "Isi kolom wilayah di atasnya atau kode_wilayah"
    )
    assert reasons[3] == (
        'wilayah tidak dikenal: kelurahan/desa "Pasteurr" tidak ada di Kec. Sukajadi, '
        "Kota Bandung, Prov. Jawa Barat; yang mirip: Kel. Pasteur (32.73.07.1001)"
    )
    assert reasons[5].startswith("kode_wilayah tidak valid: 32.73.7")
    assert reasons[6] == "kode_wilayah 32.73.07.9999 tidak ada dalam daftar wilayah"
    with Session(official_engine) as session:
        dinsos = session.exec(select(Person).where(Person.name == "Enam")).one()
    assert dinsos.area_code == "32.04"  # Kabupaten Bandung, not the kota


@pytest.mark.parametrize(
    ("written", "official"),
    [
        ("Kab. Pelalawan", "Kabupaten Pelalawan"),
        ("kabupaten  pelalawan", "Kabupaten Pelalawan"),
        ("PELALAWAN", "Kabupaten Pelalawan"),
        ("Kota Pekanbaru", "Kota Pekanbaru"),
        ("Kel. Pasteur", "Pasteur"),
        ("Desa Air Hitam", "Air Hitam"),
        ("Kec. Bukit Raya", "Bukitraya"),
        ("Tj. Priok", "Tanjung Priok"),
        ("Bandar Sungai Kijang", "Bandar Sei Kijang"),
        ("Kota Adm. Jakarta Selatan", "Kota Administrasi Jakarta Selatan"),
        ("Soekadjadi", "Sukajadi"),
        ("Pa'baeng-baeng", "Pa'baeng-Baeng"),
    ],
)
def test_names_written_differently_compare_equal(written: str, official: str) -> None:
    assert name_key(written) == name_key(official)


def test_a_prefix_tells_kota_from_kabupaten() -> None:
    assert (read_name("Kota Bandung").kind, read_name("Kab. Bandung").kind) == (
        "kota",
        "kabupaten",
    )
    assert read_name("Bandung").kind is None
