"""Filters shared by the report queries: an area and everything below it, a local period."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, String, bindparam
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.sqltypes import NullType
from sqlmodel import Session

from storage.regions import dotted
from storage.types import AnyResult, AnySelect

# Who counts as a PSM in the reports (a ketua PSM reports field work too).
PSM_ROLES = ("psm", "ketua_psm")


class _InArea(FunctionElement[bool]):
    """`code <= column < code + "/"`: the code itself and every code below it (`code.…`).

    "/" is the character after "." in byte order, and codes hold only digits and dots, so the
    range is exactly the area and its sub-areas. A range (unlike `LIKE 'code.%'`) is served by
    a btree index with a bound parameter: on SQLite by the plain index (binary collation), on
    PostgreSQL by the `varchar_pattern_ops` indexes of migration 0006 through the byte-order
    operators `~>=~` and `~<~`, whatever the database's collation.
    """

    # Not typed Boolean: SQLite would then render it as `(...) = 1`, which no index serves.
    type = NullType()  # type: ignore[assignment]
    name = "in_area"
    inherit_cache = True


@compiles(_InArea)
def _in_area_default(element: _InArea, compiler: SQLCompiler, **kw: Any) -> str:
    column, low, high = (compiler.process(c, **kw) for c in element.clauses)
    return f"({column} >= {low} AND {column} < {high})"


@compiles(_InArea, "postgresql")
def _in_area_postgresql(element: _InArea, compiler: SQLCompiler, **kw: Any) -> str:
    column, low, high = (compiler.process(c, **kw) for c in element.clauses)
    return f"({column} ~>=~ {low} AND {column} ~<~ {high})"


def in_area(column: Any, area_code: str) -> ColumnElement[bool]:
    """The column's region is `area_code` or lies below it."""
    code = dotted(area_code)
    low = bindparam(None, code, type_=String())
    high = bindparam(None, code + "/", type_=String())
    return _InArea(column, low, high)


def utc_bounds(start: date, end: date, timezone: str) -> tuple[datetime, datetime]:
    """Local midnights of `start` and `end` in the area's zone, as UTC instants."""
    zone = ZoneInfo(timezone)
    return (
        datetime.combine(start, time(0), zone).astimezone(UTC),
        datetime.combine(end, time(0), zone).astimezone(UTC),
    )


def run(session: Session, statement: AnySelect) -> AnyResult:
    """Run a select of several columns in the session's transaction.

    SQLModel's `exec` is typed for SQLModel's own `select` of at most four columns; the report
    queries need more, so they use SQLAlchemy's `select` and the ORM session's `execute`.
    """
    return OrmSession.execute(session, statement)
