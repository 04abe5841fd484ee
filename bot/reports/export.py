"""Data exports of cases and activities as CSV or XLSX; every export is audited."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any, Literal

from sqlmodel import Session

from handlers.reports.cells import neutralise
from storage.audit import audit
from storage.reports.rows import ACTIVITY_COLUMNS, CASE_COLUMNS, activity_rows, case_rows

Subject = Literal["cases", "activities"]


def export_records(
    *,
    session: Session,
    subject: Subject,
    fmt: Literal["csv", "xlsx"],
    out: Path,
    area_code: str | None,
    actor_label: str = "cli",
    actor_id: int | None = None,
) -> int:
    """Write every (non-deleted) case or activity of the area to `out`; returns the row count."""
    columns: tuple[str, ...]
    if subject == "cases":
        columns, rows = CASE_COLUMNS, case_rows(session=session, area_code=area_code)
    else:
        columns, rows = ACTIVITY_COLUMNS, activity_rows(session=session, area_code=area_code)
    write_records(out, subject, fmt, columns, rows)
    audit(
        session=session,
        action=f"export.{subject}",
        actor_id=actor_id,
        actor_label=actor_label,
        subject_type="area",
        subject_id=area_code or "all",
        detail={"format": fmt, "rows": len(rows), "file": out.name},
    )
    return len(rows)


def write_records(
    out: Path,
    subject: str,
    fmt: Literal["csv", "xlsx"],
    columns: tuple[str, ...],
    rows: list[dict[str, Any]],
) -> None:
    """Write export rows as CSV or XLSX (cells neutralised against formula injection)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        _write_csv(out, columns, rows)
    else:
        _write_xlsx(out, subject, columns, rows)


def _write_csv(out: Path, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    """CSV with a header row; UTF-8 with a BOM so that Excel reads the names right."""
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([neutralise(_csv_value(row[name])) for name in columns])


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
    out: Path, subject: str, columns: tuple[str, ...], rows: list[dict[str, Any]]
) -> None:
    """One sheet named after the subject, a bold header row, real dates and numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = subject
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise(row[name]) for name in columns])
    sheet.freeze_panes = "A2"
    workbook.save(out)
