"""The rows of the data exports, streamed: plain columns in export order as the database yields
them (a server-side cursor on PostgreSQL), never a whole table of ORM objects in memory."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, String, case, cast, func, literal
from sqlmodel import Session

from storage.listings import (
    ACTIVITY_COLUMNS,
    CASE_COLUMNS,
    activity_listing,
    case_listing,
    case_values,
)

Subject = Literal["cases", "activities"]
# Rows fetched from the cursor at a time: memory stays flat, round trips stay few.
BATCH = 2000


def export_columns(subject: Subject) -> tuple[str, ...]:
    """The header of an export."""
    return CASE_COLUMNS if subject == "cases" else ACTIVITY_COLUMNS


# How each export's cells are made safe for a spreadsheet (a cell that would start a formula
# gets a leading apostrophe). Text: by the query. Numbers: left as numbers in a workbook; in a
# CSV, where every cell is text, by the query too (`-3` is written `'-3`). The rest (dates,
# flags, the masked NIK, the status) are Python's to write.
TEXT_COLUMNS = {
    "activities": {
        "activity_type", "kode_wilayah", "kelurahan", "rt", "rw", "place", "role",
        "description", "reporter_name", "reporter_phone",
    },
    "cases": {
        "kode_wilayah", "kelurahan", "rt", "rw", "referral", "reporter_name", "reporter_phone",
    },
}  # fmt: skip
NUMBER_COLUMNS = {
    "activities": {"id", "count", "ppks", "media_count"},
    "cases": {"id", "ppks", "media_count"},
}


def export_rows(
    session: Session,
    subject: Subject,
    area_code: str | None,
    formula_starts: tuple[str, ...],
    *,
    numbers_as_text: bool,
) -> Iterator[Sequence[Any]]:
    """Every live case or activity of the area (all areas without one), oldest first, in the
    order of `export_columns`; the NIK comes masked, and text starting with one of
    `formula_starts` (numbers too, written as text, with `numbers_as_text`) with a leading
    apostrophe."""
    statement = export_query(subject, area_code, formula_starts, numbers_as_text=numbers_as_text)
    if subject == "activities":
        yield from _stream(session, statement)
        return
    for row in _stream(session, statement):
        yield case_values(row)


def export_query(
    subject: Subject,
    area_code: str | None,
    formula_starts: tuple[str, ...] = (),
    *,
    numbers_as_text: bool = False,
) -> Select[Any]:
    """The one SELECT behind an export (a benchmark hands it to `COPY` as the yardstick)."""
    query = (
        case_listing(area_code=area_code)
        if subject == "cases"
        else activity_listing(area_code=area_code)
    )
    if not formula_starts:
        return query
    text, numbers = TEXT_COLUMNS[subject], NUMBER_COLUMNS[subject]
    columns: list[Any] = []
    for name, column in zip(export_columns(subject), query.selected_columns, strict=True):
        if name in text:
            column = _safe(column, formula_starts).label(name)
        elif name in numbers and numbers_as_text:
            written: ColumnElement[Any] = cast(column, String)
            if "-" in formula_starts:
                written = case((column < 0, literal("'") + written), else_=written)
            column = written.label(name)
        columns.append(column)
    return query.with_only_columns(*columns, maintain_column_froms=True)


def _safe(column: Any, starts: tuple[str, ...]) -> ColumnElement[Any]:
    """`'=1+1` for `=1+1`: the spreadsheet shows the text instead of running it."""
    return case((func.substr(column, 1, 1).in_(starts), literal("'") + column), else_=column)


def _stream(session: Session, statement: Select[Any]) -> Iterator[Any]:
    """Rows as the cursor yields them, a batch at a time (server-side on PostgreSQL)."""
    result = session.connection().execute(statement.execution_options(yield_per=BATCH))
    for partition in result.partitions():
        yield from partition
