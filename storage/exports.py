"""The rows of the data exports, streamed: plain columns in export order as the database yields
them (a server-side cursor on PostgreSQL), never a whole table of ORM objects in memory.

On PostgreSQL a CSV is rendered by the database itself (`csv_query`): every cell comes as the
text that Python's csv writer would have written, so `COPY ... TO STDOUT` can write the file
(`copy_csv`) when no column needs Python (`COPIED`); the cases' rows go to the csv writer as
they come, but for the NIK, which is decrypted and masked in Python.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import ColumnElement, String, case, cast, func, literal
from sqlmodel import Session

from storage.listings import (
    ACTIVITY_COLUMNS,
    CASE_COLUMNS,
    activity_listing,
    case_listing,
    case_values,
)
from storage.personal_data import mask_nik
from storage.types import AnySelect

if TYPE_CHECKING:  # loaded with the PostgreSQL engine; a SQLite deployment never needs it
    import psycopg

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
# The exports whose every CSV cell the database renders (`csv_query`), so that COPY writes the
# file; a case's NIK is encrypted at rest and masked in Python (the key never leaves the app).
COPIED: frozenset[Subject] = frozenset({"activities"})
# Where `copy_csv` writes (a binary file's `write`).
Write = Callable[[bytes | bytearray], object]
# What `copy_csv` collects from COPY's row messages before writing (bytes).
CHUNK = 1 << 16


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
) -> AnySelect:
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
            column = _number_text(column, formula_starts).label(name)
        columns.append(column)
    return query.with_only_columns(*columns, maintain_column_froms=True)


def _number_text(column: Any, starts: tuple[str, ...]) -> ColumnElement[Any]:
    """A number as text, `'-3` for -3 (a minus starts a formula)."""
    written: ColumnElement[Any] = cast(column, String)
    if "-" in starts:
        written = case((column < 0, literal("'") + written), else_=written)
    return written


def _safe(column: Any, starts: tuple[str, ...]) -> ColumnElement[Any]:
    """`'=1+1` for `=1+1`: the spreadsheet shows the text instead of running it."""
    return case((func.substr(column, 1, 1).in_(starts), literal("'") + column), else_=column)


def _stream(session: Session, statement: AnySelect) -> Iterator[Any]:
    """Rows as the cursor yields them, a batch at a time (server-side on PostgreSQL)."""
    result = session.connection().execute(statement.execution_options(yield_per=BATCH))
    for partition in result.partitions():
        yield from partition


def csv_query(
    subject: Subject, area_code: str | None, formula_starts: tuple[str, ...]
) -> AnySelect:
    """The export's SELECT with every cell as the text that the CSV holds (PostgreSQL, UTF-8).

    As Python's csv writer writes the rows of `export_rows`: numbers and text made safe as
    there, dates in ISO 8601, flags `true`/`false`, the status as its code; an empty text is NULL,
    since COPY writes an empty string as `""` and nothing (an empty cell) only for NULL. A
    case's NIK comes as read (decrypted by its column type, not yet masked: `csv_rows`).
    """
    query = export_query(subject, area_code)
    # The first character by its code point: cheaper to test for PostgreSQL than a `substr`.
    codes = [ord(start) for start in formula_starts]
    text, numbers = TEXT_COLUMNS[subject], NUMBER_COLUMNS[subject]
    columns: list[Any] = []
    for name, column in zip(export_columns(subject), query.selected_columns, strict=True):
        if name in ("date", "opened_on"):
            column = func.to_char(column, "YYYY-MM-DD")
        elif name in numbers:
            column = _number_text(column, formula_starts)
        elif name == "consent_given":
            column = cast(column, String)
        elif name in text or name == "status":
            written = cast(column, String) if name == "status" else column
            safe = case((func.ascii(written).in_(codes), literal("'") + written), else_=written)
            column = func.nullif(safe, "")
        columns.append(column.label(name))
    return query.with_only_columns(*columns, maintain_column_froms=True)


def csv_rows(
    session: Session, subject: Subject, area_code: str | None, formula_starts: tuple[str, ...]
) -> Iterator[Sequence[Any]]:
    """The rows of `csv_query` as the csv writer takes them: a case's NIK masked (digits and
    stars, nothing that a spreadsheet reads as a formula)."""
    rows = _stream(session, csv_query(subject, area_code, formula_starts))
    if subject == "activities":
        yield from rows
        return
    nik = CASE_COLUMNS.index("nik_masked")
    for row in rows:
        values = list(row)
        values[nik] = mask_nik(values[nik])
        yield values


def copy_csv(session: Session, statement: AnySelect, write: Write) -> int:
    """`COPY (statement) TO STDOUT` as CSV, on the session's own connection and transaction
    (PostgreSQL with a UTF-8 client encoding: see `renders_csv`); returns the row count.

    The bytes go to `write` as COPY sends them, but for the end of each record: CRLF, as
    Python's csv writer ends it (RFC 4180), where COPY writes LF. The statement's parameters
    are handed to psycopg as they are (plain strings, numbers, dates).
    """
    connection = session.connection()
    compiled = statement.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    with _driver(session).cursor() as cursor:
        sql = f"COPY ({compiled}) TO STDOUT WITH (FORMAT csv)"
        with cursor.copy(sql, compiled.params) as copy:
            _crlf_records(copy, write)
        return int(cursor.rowcount)


def renders_csv(session: Session) -> bool:
    """Whether the database renders a CSV's cells here (`csv_query`, `copy_csv`): PostgreSQL
    sending UTF-8, the encoding of the file."""
    if session.connection().dialect.name != "postgresql":
        return False
    return _driver(session).info.encoding == "utf-8"


def _driver(session: Session) -> psycopg.Connection[Any]:
    """The psycopg connection under the session's connection (in its transaction)."""
    import psycopg

    driver = session.connection().connection.driver_connection
    assert isinstance(driver, psycopg.Connection)
    return driver


def _crlf_records(blocks: Iterable[Any], write: Write) -> None:
    """The CSV of `blocks` with CRLF, not LF, after each record; a line break inside a quoted
    field stays as it is, as Python's csv writer leaves it.

    A quoted field holds an even number of quotes (its own two, each inner one doubled) and an
    unquoted one none, so an LF ends a record where the quotes before it are even in number.
    """
    quoted = False  # the chunk so far ends inside a quoted field
    chunk = bytearray()
    for block in blocks:
        chunk += block
        if len(chunk) >= CHUNK:
            quoted = _write_crlf(chunk, quoted, write)
            chunk.clear()
    _write_crlf(chunk, quoted, write)


def _write_crlf(chunk: bytearray, quoted: bool, write: Write) -> bool:
    """Write one chunk with CRLF records (see `_crlf_records`); whether it ends quoted."""
    if not quoted and b'"' not in chunk:
        write(chunk.replace(b"\n", b"\r\n"))
        return False
    lines = chunk.split(b"\n")
    out = bytearray(lines[0])
    quoted ^= lines[0].count(b'"') % 2 == 1
    for line in lines[1:]:
        out += b"\n" if quoted else b"\r\n"
        out += line
        quoted ^= line.count(b'"') % 2 == 1
    write(out)
    return quoted
