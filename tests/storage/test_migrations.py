"""The schema: migrations match the models, and parallel upgrades are safe."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, String, inspect, text
from sqlalchemy.types import TypeEngine
from sqlmodel import Session, SQLModel, func, select

from bot.cli_regions import upgrade_and_load
from storage.db import make_engine
from storage.models.regions import Region, RegionLevel
from tests.conftest import POSTGRES_URL


def _same_text_on_sqlite(
    context: Any,
    inspected_column: Any,
    metadata_column: Any,
    inspected_type: TypeEngine[Any],
    metadata_type: TypeEngine[Any],
) -> bool | None:
    """SQLite stores VARCHAR(n) and TEXT alike (no length is enforced): not a difference."""
    # A TypeDecorator (an encrypted column) is compared by what it stores.
    stored = [getattr(t, "impl", t) for t in (inspected_type, metadata_type)]
    if context.dialect.name == "sqlite" and all(isinstance(t, String) for t in stored):
        return False
    return None  # the default comparison


def test_the_migrated_schema_is_the_models_schema(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"render_as_batch": True, "compare_type": _same_text_on_sqlite}
        )
        assert compare_metadata(context, SQLModel.metadata) == []


@pytest.fixture
def empty_schema_url(postgres_schema_url: str) -> Iterator[str]:
    """A PostgreSQL schema with nothing in it yet."""
    schema = f"psmbot_migrate_{uuid.uuid4().hex[:8]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_services_starting_together_migrate_once_without_errors(empty_schema_url: str) -> None:
    # Six `serve` or `db upgrade` starting at the same moment against a fresh database: they
    # migrate and load the region list one after the other, the first doing the work.
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def one() -> None:
        engine = make_engine(empty_schema_url)
        try:
            start.wait()
            upgrade_and_load(engine)
        except BaseException as exc:
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=one) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    engine = make_engine(empty_schema_url)
    with engine.connect() as connection:
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        assert len(versions) == 1
    assert "outboxmessage" in inspect(engine).get_table_names()
    with Session(engine) as session:
        villages = session.exec(
            select(func.count()).select_from(Region).where(Region.level == RegionLevel.VILLAGE)
        ).one()
    assert villages == 83_762
    engine.dispose()
