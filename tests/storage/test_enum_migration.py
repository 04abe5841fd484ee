"""Enums stored by value: a database written with member names reads on after the upgrade."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from storage.migrate import alembic_config
from storage.models.cases import Case, CaseEvent, CaseEventKind, CaseStatus
from storage.models.messaging import OutboxMessage, OutboxStatus
from storage.models.people import Person, PersonRole, PersonStatus
from storage.models.regions import Region, RegionLevel
from tests.factories import add_person, seed_area


def _migrate(engine: Engine, revision: str, *, down: bool = False) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def test_rows_written_before_the_upgrade_keep_their_meaning(engine: Engine) -> None:
    seed_area(engine)
    ketua = add_person(engine, "+6281234567001", role=PersonRole.KETUA_PSM).id
    _migrate(engine, "0008", down=True)  # the schema that stored member names
    with engine.begin() as connection:
        assert connection.execute(text("SELECT role FROM person")).scalar_one() == "KETUA_PSM"
        connection.execute(
            text(
                'INSERT INTO "case" (reporter_id, area_code, client_name, status, consent_given, '
                "opened_on) VALUES (:r, '32.73.07.1001', 'Bapak Ahmad', 'IN_PROGRESS', true, "
                "'2026-11-17')"
            ),
            {"r": ketua},
        )
        case_id = connection.execute(text('SELECT id FROM "case"')).scalar_one()
        connection.execute(
            text(
                "INSERT INTO caseevent (case_id, kind, occurred_on, data) "
                "VALUES (:c, 'STATUS_CHANGE', '2026-11-18', '{}')"
            ),
            {"c": case_id},
        )
        connection.execute(
            text(
                "INSERT INTO outboxmessage (channel, address, kind, payload, status, attempts, "
                "lane, part_ids) VALUES ('sim', '+6281234567001', 'reply', '{}', 'PENDING', 0, "
                "0, '[]')"
            )
        )
    _migrate(engine, "head")

    with engine.connect() as connection:
        stored = connection.execute(
            text(
                'SELECT p.role, c.status, e.kind, o.status FROM person p, "case" c, '
                "caseevent e, outboxmessage o"
            )
        ).one()
        levels = set(connection.execute(text("SELECT DISTINCT level FROM region")).scalars())
    assert tuple(stored) == ("ketua_psm", "in_progress", "status_change", "pending")
    assert levels == {"province", "regency", "district", "village"}
    with Session(engine) as session:
        person = session.exec(select(Person)).one()
        assert (person.role, person.status) == (PersonRole.KETUA_PSM, PersonStatus.APPROVED)
        assert session.exec(select(Case.status)).one() == CaseStatus.IN_PROGRESS
        assert session.exec(select(CaseEvent.kind)).one() == CaseEventKind.STATUS_CHANGE
        pending = session.exec(
            select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.PENDING)
        ).one()
        assert pending.address == "+6281234567001"
        village = session.get(Region, "32.73.07.1001")
        assert village is not None and village.level == RegionLevel.VILLAGE


def test_the_outbox_indexes_hold_the_statuses_by_value(engine: Engine) -> None:
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            rows = connection.execute(
                text(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'ix_outbox_%'"
                )
            ).all()
        else:
            rows = connection.execute(
                text("SELECT name, sql FROM sqlite_master WHERE name LIKE 'ix_outbox_%'")
            ).all()
    where = {name: (sql or "").split("WHERE", 1)[-1] for name, sql in rows}
    assert "'pending'" in where["ix_outbox_pending_lane"]
    assert "'pending'" in where["ix_outbox_open_chat"]
    assert "'sending'" in where["ix_outbox_open_chat"]
    assert "'sending'" in where["ix_outbox_claims"]
    assert "PENDING" not in " ".join(where.values())
    assert "SENDING" not in " ".join(where.values())


def test_new_rows_are_stored_by_value(engine: Engine) -> None:
    now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    with Session(engine) as session:
        session.add(OutboxMessage(channel="sim", address="+6281234567009", next_attempt_at=now))
        session.commit()
    with engine.connect() as connection:
        raw = connection.execute(text("SELECT status FROM outboxmessage")).scalar_one()
    assert raw == "pending"
