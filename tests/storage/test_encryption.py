"""The NIK and the problem are encrypted at rest; keys rotate; old rows are migrated."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, text
from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.cli import app
from storage.cases import cases_with_nik, create_case
from storage.db import transaction
from storage.encryption import Keyring, current_keyring, install_keyring
from storage.migrate import alembic_config
from storage.models.activities import Activity
from storage.models.cases import Case
from tests.factories import add_person, seed_area

NIK = "3273014507540001"
NOW = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)


def raw_case(engine: Engine, case_id: int) -> tuple[str | None, str | None, str | None]:
    with engine.connect() as connection:
        row = connection.execute(
            text('SELECT nik, problem, nik_hash FROM "case" WHERE id = :id'), {"id": case_id}
        ).one()
    return row[0], row[1], row[2]


def new_case(engine: Engine) -> int:
    seed_area(engine)
    reporter = add_person(engine, "+6281234567001").id
    assert reporter is not None
    with transaction(engine) as session:
        case = create_case(
            session=session,
            reporter_id=reporter,
            area_code="32.73.07.1001",
            values={
                "client_name": "Ibu S",
                "nik": NIK,
                "ppks": 8,
                "problem": "tinggal sendiri, kondisi lemah",
            },
            opened_on=date(2026, 11, 17),
            now=NOW,
        )
        assert case.id is not None
        return case.id


def test_a_round_trip_keeps_the_text_and_hides_it_in_the_database(engine: Engine) -> None:
    case_id = new_case(engine)
    nik, problem, nik_hash = raw_case(engine, case_id)
    with Session(engine) as session:
        case = session.get(Case, case_id)
        assert case is not None and case.nik == NIK
        assert case.problem == "tinggal sendiri, kondisi lemah"
        assert [c.id for c in cases_with_nik(session=session, nik=NIK)] == [case_id]
        assert cases_with_nik(session=session, nik="3273014507540002") == []
    assert nik is not None and NIK not in nik and nik.startswith("gAAAAA")
    assert problem is not None and "lemah" not in problem
    assert nik_hash is not None and len(nik_hash) == 64 and NIK not in nik_hash


def test_a_new_key_in_front_reads_old_rows_and_rotation_moves_them(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = current_keyring()
    old_key = __import__("os").environ["DATA_ENCRYPTION_KEYS"]
    case_id = new_case(engine)
    before = raw_case(engine, case_id)
    new_key = Keyring.generate_key()
    monkeypatch.setenv("DATA_ENCRYPTION_KEYS", f"{new_key},{old_key}")
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.chdir(tmp_path)
    try:
        install_keyring(Keyring([new_key, old_key]))
        with Session(engine) as session:  # still readable, still found, before rotation
            assert session.get(Case, case_id).nik == NIK  # type: ignore[union-attr]
            assert len(cases_with_nik(session=session, nik=NIK)) == 1
        result = CliRunner().invoke(app, ["privacy", "rotate-keys", "--actor", "Budi"])
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("2 nilai dienkripsi ulang")
        after = raw_case(engine, case_id)
        assert after[0] != before[0] and after[2] != before[2]
        install_keyring(Keyring([new_key]))  # the old key retired: everything still reads
        with Session(engine) as session:
            case = session.get(Case, case_id)
            assert case is not None and case.nik == NIK
            assert [c.id for c in cases_with_nik(session=session, nik=NIK)] == [case_id]
    finally:
        install_keyring(old)


def test_the_migration_encrypts_rows_written_before_it(engine: Engine) -> None:
    config = alembic_config()
    seed_area(engine)
    reporter = add_person(engine, "+6281234567001").id
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")  # the schema before encryption
    with engine.begin() as connection:
        connection.execute(
            text(
                'INSERT INTO "case" (reporter_id, area_code, client_name, nik, problem, status, '
                "consent_given, opened_on) VALUES (:r, '32.73.07.1001', 'Ibu Siti Aminah', :nik, "
                ":problem, 'OPEN', true, '2026-11-17')"
            ),
            {"r": reporter, "nik": NIK, "problem": f"Ibu Siti Aminah NIK {NIK} lansia"},
        )
        case_id = connection.execute(text('SELECT id FROM "case"')).scalar_one()
        for activity_id, description in (
            (1, f"Kunjungan Ibu Siti Aminah NIK {NIK}"),
            (2, "Bagi sembako, hubungi Bu Rina 081234567890"),
        ):
            connection.execute(
                text(
                    "INSERT INTO activity (id, reporter_id, area_code, activity_type, occurred_on,"
                    " description, source_text) VALUES (:id, :r, '32.73.07.1001', 'kunjungan',"
                    " '2026-11-17', :d, :d)"
                ),
                {"id": activity_id, "r": reporter, "d": description},
            )
        connection.execute(
            text("INSERT INTO activitycase (activity_id, case_id) VALUES (1, :c)"), {"c": case_id}
        )
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

    nik, problem, nik_hash = raw_case(engine, case_id)
    assert nik is not None and nik.startswith("gAAAAA") and nik_hash
    assert problem is not None and problem.startswith("gAAAAA")
    with Session(engine) as session:
        case = session.get(Case, case_id)
        linked, other = session.exec(select(Activity).order_by(Activity.id)).all()  # type: ignore[arg-type]
        found = cases_with_nik(session=session, nik=NIK)
    assert case is not None and case.nik == NIK and case.problem is not None
    assert NIK not in case.problem and "3273********0001" in case.problem
    assert [c.id for c in found] == [case_id]
    assert (linked.description, linked.source_text) == (f"Kunjungan kasus #{case_id}", None)
    assert other.description is not None and "081234567890" not in other.description
    assert "Bagi sembako" in other.description
