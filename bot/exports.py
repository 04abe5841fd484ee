"""Data exports of cases and activities as CSV or XLSX; every export is audited.

Rows go to the file as the database yields them (`storage.exports`), and the XLSX is written by
openpyxl's write-only workbook, so memory stays flat whatever the size of the area.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Literal

from sqlmodel import Session

from reports.rendering.cells import FORMULA_STARTS, neutralise
from storage.audit import audit
from storage.exports import (
    COPIED,
    NUMBER_COLUMNS,
    TEXT_COLUMNS,
    Subject,
    copy_csv,
    csv_query,
    csv_rows,
    export_columns,
    export_rows,
    renders_csv,
)

Format = Literal["csv", "xlsx"]


def export_records(
    *,
    session: Session,
    subject: Subject,
    fmt: Format,
    out: Path,
    area_code: str | None,
    actor_label: str = "cli",
    actor_id: int | None = None,
) -> int:
    """Write every (non-deleted) case or activity of the area to `out`; returns the row count."""
    count = write_export(session=session, subject=subject, fmt=fmt, out=out, area_code=area_code)
    audit_export(
        session=session,
        subject=subject,
        fmt=fmt,
        out=out,
        area_code=area_code,
        rows=count,
        actor_label=actor_label,
        actor_id=actor_id,
    )
    return count


def write_export(
    *, session: Session, subject: Subject, fmt: Format, out: Path, area_code: str | None
) -> int:
    """Stream the rows into `out` (nothing audited yet); returns the row count."""
    columns = export_columns(subject)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv" and renders_csv(session):
        return _write_rendered_csv(session, subject, columns, out, area_code)
    safe = TEXT_COLUMNS[subject] | (NUMBER_COLUMNS[subject] if fmt == "csv" else set())
    # The query makes text (and a CSV's numbers) safe; the other cells are made safe here.
    others = [i for i, name in enumerate(columns) if name not in safe | {"date", "opened_on"}]
    rows = export_rows(session, subject, area_code, FORMULA_STARTS, numbers_as_text=fmt == "csv")
    if fmt == "csv":
        return _write_csv(out, columns, others, rows)
    return _write_xlsx(out, subject, columns, others, rows)


def audit_export(
    *,
    session: Session,
    subject: Subject,
    fmt: Format,
    out: Path,
    area_code: str | None,
    rows: int,
    actor_label: str = "cli",
    actor_id: int | None = None,
) -> None:
    """The audit entry of one export: who, which area, the format, the count and the file."""
    audit(
        session=session,
        action=f"export.{subject}",
        actor_id=actor_id,
        actor_label=actor_label,
        subject_type="area",
        subject_id=area_code or "all",
        detail={"format": fmt, "rows": rows, "file": out.name},
    )


def _write_csv(
    out: Path, columns: tuple[str, ...], others: list[int], rows: Iterable[Sequence[Any]]
) -> int:
    """CSV with a header row; UTF-8 with a BOM so that Excel reads the names right.

    Text and numbers come ready from the query and a date is written in ISO 8601 by the csv
    module itself (an empty cell for nothing); the other cells as `_csv_value` says.
    """
    count = 0
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        if not others:  # every cell as the database gave it
            for row in rows:
                writer.writerow(row)
                count += 1
            return count
        for row in rows:
            values = list(row)
            for index in others:
                values[index] = neutralise(_csv_value(values[index]))
            writer.writerow(values)
            count += 1
    return count


def _write_rendered_csv(
    session: Session, subject: Subject, columns: tuple[str, ...], out: Path, area_code: str | None
) -> int:
    """The CSV of `_write_csv`, byte for byte, with the cells rendered by PostgreSQL: written
    by `COPY` when the database renders every cell (activities, several times faster than
    Python's rows), else row by row (a case's NIK is decrypted and masked in Python)."""
    if subject not in COPIED:
        return _write_csv(out, columns, [], csv_rows(session, subject, area_code, FORMULA_STARTS))
    header = io.StringIO()
    csv.writer(header).writerow(columns)
    with out.open("wb") as handle:
        handle.write(codecs.BOM_UTF8 + header.getvalue().encode("utf-8"))
        return copy_csv(session, csv_query(subject, area_code, FORMULA_STARTS), handle.write)


def write_records(
    out: Path,
    sheet: str,
    fmt: Format,
    columns: tuple[str, ...],
    rows: Iterable[dict[str, Any]],
) -> int:
    """Write rows given as dicts (the dashboard's filtered lists), every cell made safe for a
    spreadsheet; returns the row count. Nothing is audited here: the caller does it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    every = list(range(len(columns)))
    values = ([row[name] for name in columns] for row in rows)
    if fmt == "csv":
        return _write_csv(out, columns, every, values)
    return _write_xlsx(out, sheet, columns, every, values)


def _csv_value(value: Any) -> str:
    """Dates as ISO 8601, booleans as true/false, nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _write_xlsx(
    out: Path,
    subject: str,
    columns: tuple[str, ...],
    others: list[int],
    rows: Iterable[Sequence[Any]],
) -> int:
    """One sheet named after the subject, a bold header row, real dates and numbers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(subject)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in columns:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        values = list(row)
        for index in others:
            values[index] = neutralise(values[index])
        sheet.append(values)
        count += 1
    workbook.save(out)
    return count
