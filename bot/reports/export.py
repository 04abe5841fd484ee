"""Data exports of cases and activities as CSV or XLSX; every export is audited.

Rows go to the file as the database yields them (`storage.exports`), and the XLSX is written by
openpyxl's write-only workbook, so memory stays flat whatever the size of the area.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, Literal

from sqlmodel import Session

from handlers.reports.cells import neutralise
from storage.audit import audit
from storage.exports import Subject, export_columns, export_rows

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
    rows = export_rows(session, subject, area_code)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        return _write_csv(out, columns, rows)
    return _write_xlsx(out, subject, columns, rows)


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


def _write_csv(out: Path, columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> int:
    """CSV with a header row; UTF-8 with a BOM so that Excel reads the names right."""
    count = 0
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([neutralise(_csv_value(value)) for value in row])
            count += 1
    return count


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
    out: Path, subject: Subject, columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]
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
        sheet.append([neutralise(value) for value in row])
        count += 1
    workbook.save(out)
    return count
