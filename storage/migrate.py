"""Bring a database's schema to the newest migration, one process at a time."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, text
from sqlmodel import Session

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Any constant shared by every psmbot process; pg_advisory_xact_lock takes a bigint key.
MIGRATION_LOCK_KEY = 0x70736D626F74  # "psmbot"


def alembic_config(url: str = "") -> Config:
    """An Alembic config pointing at this package's migrations (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def hold_setup_lock(connection: Connection | Session) -> None:
    """Wait for and hold, until the transaction ends, the lock that setup steps share.

    PostgreSQL only: processes starting together migrate and load their first data one at a
    time, so the second finds the work done. SQLite's write lock does the same there.
    """
    dialect = (
        connection.dialect if isinstance(connection, Connection) else connection.get_bind().dialect
    )
    if dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to `revision` on `engine`.

    On PostgreSQL the whole upgrade holds a transaction-level advisory lock, so processes that
    start together (several `serve`, a deploy's `db upgrade`) take turns: the first migrates,
    the others then find the schema at head and do nothing. SQLite's write lock does the same.
    """
    config = alembic_config()
    with engine.begin() as connection:
        hold_setup_lock(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
