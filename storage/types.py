"""Column types shared by the tables."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeAlias

import sqlalchemy as sa
from sqlalchemy import DateTime, Result, Select
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

# A query, or its result, of any columns (SQLAlchemy types them by their column tuple).
AnySelect: TypeAlias = Select[*tuple[Any, ...]]
AnyResult: TypeAlias = Result[*tuple[Any, ...]]


class UTCDateTime(TypeDecorator[datetime]):
    """A point in time stored in UTC and always returned timezone-aware.

    SQLite keeps no zone, so values are written as naive UTC there and given `UTC` back on load;
    PostgreSQL stores `timestamptz`. Naive values are refused so a local time never slips in.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware."""
    return datetime.now(UTC)


def stored_by_value(
    enum: type[StrEnum], *, native: bool = True, length: int | None = None
) -> sa.Enum:
    """An enum column that stores each member's value (`ketua_psm`), the word the code speaks.

    SQLAlchemy stores member names by default; values keep the database, the code, raw SQL
    and exports on one spelling. `native` makes a PostgreSQL enum type (named after the class);
    otherwise the column is a `VARCHAR(length)`, so that a new member needs no type change.
    Without `length` the column is as wide as the longest value.
    """
    sized: dict[str, Any] = {} if length is None else {"length": length}
    return sa.Enum(
        enum,
        name=enum.__name__.lower(),
        native_enum=native,
        values_callable=lambda members: [member.value for member in members],
        **sized,
    )
