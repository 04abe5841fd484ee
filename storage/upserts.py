"""INSERT … ON CONFLICT statements, built once for each database dialect.

SQLAlchemy caches their compiled SQL; building the statement object (its `excluded` columns
above all) is then most of what an upsert costs on a busy turn. So each is built once here and
run with its values as parameters.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

T = TypeVar("T")


def insert_for(dialect: str) -> Callable[..., Any]:
    """The dialect's INSERT, the one that knows ON CONFLICT (PostgreSQL or SQLite)."""
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def built_once(build: Callable[[str], T]) -> Callable[[Session], T]:
    """`build(dialect)` run once per dialect; the result is the statement for a session."""
    built = cache(build)

    def statement(session: Session) -> T:
        return built(session.get_bind().dialect.name)

    return statement
