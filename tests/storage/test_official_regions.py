"""The official region list: loaded by `psmbot db upgrade`, kept in step by `regions sync`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.cli import app
from storage.db import transaction
from storage.models.activities import Activity
from storage.models.regions import Region, RegionLevel, RegionSource
from storage.region_list import RegionRecord, official_subset
from storage.region_sync import count_by_level, insert_regions, sync_regions
from storage.regions import upsert_region
from tests.conftest import OfficialDatabase
from tests.factories import add_person


@pytest.fixture(params=["sqlite", "postgresql"])
def official(request: pytest.FixtureRequest) -> OfficialDatabase:
    """The session's database made by `psmbot db upgrade`, on each backend."""
    name = "official_sqlite" if request.param == "sqlite" else "official_postgres"
    database: OfficialDatabase = request.getfixturevalue(name)
    return database


def test_db_upgrade_on_an_empty_database_loads_every_region(official: OfficialDatabase) -> None:
    from storage.db import make_engine

    engine = make_engine(official.url)
    with Session(engine) as session:
        levels = count_by_level(session=session)
        zones = {
            code: session.get(Region, code).timezone  # type: ignore[union-attr]
            for code in ("14.71", "61.71", "62.71", "73.71", "91.71", "81.71")
        }
        pasteur = session.get(Region, "32.73.07.1001")
    engine.dispose()

    assert levels == {"province": 38, "regency": 514, "district": 7285, "village": 83762}
    assert "Memuat daftar wilayah Kemendagri" in official.upgrade_output  # progress is shown
    assert "Wilayah [##############################] 91,599/91,599" in official.upgrade_output
    assert "91,599 loaded now" in official.upgrade_output
    assert "83,762 desa/kelurahan" in official.upgrade_output
    assert zones == {
        "14.71": "Asia/Jakarta",  # Kota Pekanbaru, WIB
        "61.71": "Asia/Pontianak",  # Kota Pontianak, WIB with its own IANA zone
        "62.71": "Asia/Pontianak",  # Kota Palangka Raya
        "73.71": "Asia/Makassar",  # Kota Makassar, WITA
        "91.71": "Asia/Jayapura",  # Kota Jayapura, WIT
        "81.71": "Asia/Jayapura",  # Kota Ambon, WIT
    }
    assert pasteur is not None
    assert (pasteur.name, pasteur.kind, pasteur.postal_code, pasteur.source) == (
        "Pasteur",
        "kelurahan",
        "40161",
        RegionSource.OFFICIAL,
    )


def test_a_second_upgrade_loads_nothing_and_keeps_people(official_url: str) -> None:
    from storage.db import make_engine

    engine = make_engine(official_url)
    add_person(engine, "+6281270000001")
    engine.dispose()

    result = CliRunner().invoke(app, ["db", "upgrade"], env={"DATABASE_URL": official_url})

    assert result.exit_code == 0, result.output
    assert "Regions: 0 loaded now" in result.output
    assert "Memuat daftar wilayah" not in result.output


def _records(*rows: tuple[str, str]) -> list[RegionRecord]:
    return [RegionRecord(code, name) for code, name in rows]


def test_sync_renames_adds_and_removes_only_what_nothing_uses(engine: Engine) -> None:
    with transaction(engine) as session:
        insert_regions(
            session=session,
            records=_records(
                ("14", "Riau"),
                ("14.71", "Kota Pekanbaru"),
                ("14.71.01", "Sukajadi"),
                ("14.71.01.1001", "Lama Dipakai"),
                ("14.71.01.1002", "Lama Kosong"),
                ("14.71.02", "Kecamatan Lama"),
                ("14.71.02.1001", "Desa Lama"),
            ),
        )
    psm = add_person(engine, "+6281270000001", area_code="14.71.01.1001")
    with transaction(engine) as session:
        session.add(
            Activity(
                reporter_id=psm.id or 0,
                area_code="14.71.02.1001",
                activity_type="bansos",
                occurred_on=date(2026, 11, 17),
            )
        )
    # A new decree: the kecamatan gets its kind, two codes added, four gone.
    decree = [
        RegionRecord("14", "Riau"),
        RegionRecord("14.71", "Kota Pekanbaru"),
        RegionRecord("14.71.01", "Sukajadi", "kecamatan"),
        RegionRecord("14.71.01.1003", "Baru"),
        RegionRecord("14.71.03", "Sail"),
    ]

    with transaction(engine) as session:
        report = sync_regions(session=session, records=decree)
    with Session(engine) as session:
        codes = set(session.exec(select(Region.code)).all())

    assert report.added == 2
    assert report.renamed == 1  # Sukajadi got its kind
    # The person's kelurahan and the activity's desa stay, and so does the desa's kecamatan.
    assert report.kept == ["14.71.01.1001", "14.71.02", "14.71.02.1001"]
    assert report.removed == 1
    assert "14.71.01.1002" not in codes
    assert {"14.71.01.1001", "14.71.02.1001", "14.71.03", "14.71.01.1003"} <= codes


def test_sync_keeps_local_corrections_unless_told(engine: Engine) -> None:
    with transaction(engine) as session:
        insert_regions(session=session, records=official_subset(["32.73.07.1001"]))
        upsert_region(session=session, code="32.73.07.1001", name="Pasteur (Kel.)")

    with transaction(engine) as session:
        kept = sync_regions(session=session, records=official_subset(["32.73.07.1001"]))
        kept_name = session.get(Region, "32.73.07.1001").name  # type: ignore[union-attr]
    with transaction(engine) as session:
        forced = sync_regions(
            session=session, records=official_subset(["32.73.07.1001"]), overwrite_local=True
        )
        region = session.get(Region, "32.73.07.1001")

    assert (kept.local_differs, kept_name) == (1, "Pasteur (Kel.)")
    assert forced.renamed == 1
    assert region is not None and (region.name, region.source) == ("Pasteur", "kemendagri")


def test_regions_sync_command_reports_counts(official_url: str) -> None:
    result = CliRunner().invoke(app, ["regions", "sync"], env={"DATABASE_URL": official_url})

    assert result.exit_code == 0, result.output
    assert "Wilayah: 0 baru, 0 diperbarui, 0 dihapus; 83,762 desa/kelurahan" in result.output


def test_regions_import_takes_good_rows_and_names_malformed_codes(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    with transaction(sqlite_engine) as session:
        insert_regions(session=session, records=official_subset(["32.73.07.1001"]))
    url = str(sqlite_engine.url)
    corrections = tmp_path / "koreksi.csv"
    corrections.write_text(
        "kode,nama\n"
        "3273071001,Pasteur Baru\n"
        "32.73.07.9001,Kampung Uji\n"
        "32.7,Salah\n"
        "32.73.99.1001,Tanpa Induk\n"
        "32.73.07.1002,\n"
    )

    result = CliRunner().invoke(
        app, ["regions", "import", str(corrections)], env={"DATABASE_URL": url}
    )
    with Session(sqlite_engine) as session:
        pasteur = session.get(Region, "32.73.07.1001")
        added = session.get(Region, "32.73.07.9001")

    assert result.exit_code == 1
    assert "baris 4: kode tidak valid '32.7'" in result.output
    assert "32.73.99.1001: wilayah induk 32.73.99 tidak ada" in result.output
    assert "baris 6: nama kosong" in result.output
    assert pasteur is not None and (pasteur.name, pasteur.source) == ("Pasteur Baru", "local")
    assert added is not None and (added.level, added.source) == (RegionLevel.VILLAGE, "local")


def test_names_find_their_regions_on_the_whole_list(official_engine: Engine) -> None:
    from storage.regions import find_regions_by_name

    with Session(official_engine) as session:

        def codes(name: str, level: RegionLevel | None = None) -> list[str]:
            found = find_regions_by_name(session=session, name=name, level=level)
            return sorted(r.code for r in found)

        assert codes("Kel. Pasteur", RegionLevel.VILLAGE) == ["32.73.07.1001"]
        assert codes("Kab. Pelalawan") == ["14.05"]
        assert codes("pekanbaru", RegionLevel.REGENCY) == ["14.71"]
        assert "14.71.01.1007" in codes("Sukajadi", RegionLevel.VILLAGE)
        assert len(codes("Sukajadi", RegionLevel.VILLAGE)) > 1
