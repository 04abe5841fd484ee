"""Every text written fits its column: NUL removed, long values cut with an ellipsis.

PostgreSQL refuses a NUL in text and a value longer than a VARCHAR; SQLite takes both. Checking
here, for every table, keeps the two databases alike whatever path a text took to get here
(chat, roster file, command line). Inbound chat text is already cleaned at the edge.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Mapper
from sqlmodel import SQLModel

ELLIPSIS = "…"


def fitted(value: str, length: int | None) -> str:
    """The value without NUL, cut to `length` characters (the last one an ellipsis)."""
    if "\x00" in value:
        value = value.replace("\x00", "")
    if length is not None and len(value) > length:
        value = value[: max(0, length - 1)] + ELLIPSIS
    return value


def _fit_row(mapper: Mapper[Any], connection: object, target: Any) -> None:
    for prop in mapper.column_attrs:
        column = prop.columns[0]
        value = target.__dict__.get(prop.key)
        if not isinstance(value, str):
            continue
        # String and SQLModel's AutoString (a decorator around it) both carry `length`.
        length = getattr(column.type, "length", None)
        length = length if isinstance(length, int) else None
        new = fitted(value, length)
        if new is not value and new != value:
            setattr(target, prop.key, new)


def _ours(mapper: Mapper[Any]) -> bool:
    return issubclass(mapper.class_, SQLModel)


def _fit_if_ours(mapper: Mapper[Any], connection: object, target: Any) -> None:
    if _ours(mapper):
        _fit_row(mapper, connection, target)


# Every mapper (SQLModel's table classes are mapped one by one, so a listener on the SQLModel
# base would not reach them).
event.listen(Mapper, "before_insert", _fit_if_ours)
event.listen(Mapper, "before_update", _fit_if_ours)
