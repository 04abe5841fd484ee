"""Shared fixtures: a migrated database on SQLite and on PostgreSQL, and the network guard."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
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
    _truncate(db)
    yield db
    db.dispose()


def _truncate(engine: Engine) -> None:
    names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    """A migrated SQLite database, for tests that need only one backend."""
    db = make_engine(f"sqlite:///{tmp_path / 'test.sqlite3'}")
    upgrade(db)
    yield db
    db.dispose()
