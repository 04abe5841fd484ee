"""Filters shared by the report queries: an area and everything below it, a local period."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Result, Select, or_
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

from storage.regions import dotted

# Who counts as a PSM in the reports (a ketua PSM reports field work too).
PSM_ROLES = ("psm", "ketua_psm")


def in_area(column: Any, area_code: str) -> ColumnElement[bool]:
    """The column's region is `area_code` or lies below it."""
    code = dotted(area_code)
    return or_(column == code, column.startswith(code + "."))


def utc_bounds(start: date, end: date, timezone: str) -> tuple[datetime, datetime]:
    """Local midnights of `start` and `end` in the area's zone, as UTC instants."""
    zone = ZoneInfo(timezone)
    return (
        datetime.combine(start, time(0), zone).astimezone(UTC),
        datetime.combine(end, time(0), zone).astimezone(UTC),
    )


def run(session: Session, statement: Select[Any]) -> Result[Any]:
    """Run a select of several columns in the session's transaction.

    SQLModel's `exec` is typed for SQLModel's own `select` of at most four columns; the report
    queries need more, so they use SQLAlchemy's `select` and the ORM session's `execute`.
    """
    return OrmSession.execute(session, statement)
