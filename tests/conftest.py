"""Shared fixtures: a migrated database on SQLite and on PostgreSQL, and the network guard."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (every table on the metadata)
from storage.db import make_engine
from storage.encryption import Keyring, install_keyring
from storage.migrate import upgrade
from tests import network_guard
from tests.fakes.telegram_api import fake_telegram  # noqa: F401  (fixture)

network_guard.install()

# One key for the whole run, so that the settings of every test (they read the environment)
# and the rows written directly by the tests agree on it.
TEST_ENCRYPTION_KEY = "bWQxXvtf9dV2ZFw0y3sO4dJx0PNHx7qgtrK2yJZ6b0M="
os.environ.setdefault("DATA_ENCRYPTION_KEYS", TEST_ENCRYPTION_KEY)
install_keyring(Keyring.parse(os.environ["DATA_ENCRYPTION_KEYS"]))

POSTGRES_URL = os.environ.get(
    "PSMBOT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = os.environ.get("PSMBOT_REQUIRE_POSTGRES") == "1"
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres_schema_url() -> Iterator[str]:
    """A private schema in the test database, migrated once for the whole session."""
    schema = f"psmbot_test_{uuid.uuid4().hex[:8]}"
    admin = make_engine(POSTGRES_URL)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:
        admin.dispose()
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL is required but unreachable at {POSTGRES_URL}: {exc}")
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}")
    separator = "&" if "?" in POSTGRES_URL else "?"
    url = f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    try:
        yield url
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty, migrated database: a new SQLite file, or the PostgreSQL schema emptied."""
    if request.param == "sqlite":
        db = make_engine(f"sqlite:///{tmp_path / 'test.sqlite3'}")
        upgrade(db)
        yield db
        db.dispose()
        return
    url = request.getfixturevalue("postgres_schema_url")
    db = make_engine(url)
    truncate(db)
    yield db
    db.dispose()


def truncate(engine: Engine, keep: tuple[str, ...] = ()) -> None:
    """Empty every table but `keep` (PostgreSQL)."""
    names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables if t.name not in keep)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@dataclass(frozen=True)
class OfficialDatabase:
    """A database that `psmbot db upgrade` filled with the whole official region list."""

    url: str
    upgrade_output: str


def _db_upgrade(url: str) -> str:
    from typer.testing import CliRunner

    from bot.cli import app

    result = CliRunner().invoke(app, ["db", "upgrade"], env={"DATABASE_URL": url})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="session")
def official_sqlite(tmp_path_factory: pytest.TempPathFactory) -> OfficialDatabase:
    """Once per session: a SQLite file made by `psmbot db upgrade` (every region loaded)."""
    path = tmp_path_factory.mktemp("official") / "official.sqlite3"
    url = f"sqlite:///{path}"
    output = _db_upgrade(url)
    make_engine(url).dispose()
    return OfficialDatabase(url, output)


@pytest.fixture(scope="session")
def official_postgres(postgres_schema_url: str) -> Iterator[OfficialDatabase]:
    """Once per session: a PostgreSQL schema made by `psmbot db upgrade` (every region loaded)."""
    schema = f"psmbot_regions_{uuid.uuid4().hex[:8]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    url = f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    try:
        yield OfficialDatabase(url, _db_upgrade(url))
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def official_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a database holding every official region and nothing else.

    SQLite: a copy of the session's file. PostgreSQL: the session's schema, every table but
    the regions emptied. Tests on it may add people and records, not change regions.
    """
    if request.param == "sqlite":
        template: OfficialDatabase = request.getfixturevalue("official_sqlite")
        copy = tmp_path / "official.sqlite3"
        shutil.copyfile(template.url.removeprefix("sqlite:///"), copy)
        yield f"sqlite:///{copy}"
        return
    template = request.getfixturevalue("official_postgres")
    db = make_engine(template.url)
    truncate(db, keep=("region", "alembic_version"))
    db.dispose()
    yield template.url


@pytest.fixture
def official_engine(official_url: str) -> Iterator[Engine]:
    """An engine on `official_url`."""
    db = make_engine(official_url)
    yield db
    db.dispose()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    """A migrated SQLite database, for tests that need only one backend."""
    db = make_engine(f"sqlite:///{tmp_path / 'test.sqlite3'}")
    upgrade(db)
    yield db
    db.dispose()
