"""The database's own clock, which every process of a deployment shares."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text
from sqlmodel import Session


def database_now(*, session: Session) -> datetime:
    """The current time as the database sees it (UTC, aware).

    Leases and claims are compared with this clock, so processes on hosts whose clocks drift
    apart still agree on when a claim lapses. SQLite is one host's file: its clock is ours.
    """
    if session.get_bind().dialect.name == "postgresql":
        value = session.execute(text("SELECT clock_timestamp()")).scalar_one()
        assert isinstance(value, datetime)
        return value.astimezone(UTC)
    return datetime.now(UTC)
