"""The XLSX report: one sheet per table, then the raw rows of the period."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from handlers.i18n import t
from handlers.reports.build import PeriodReport, area_label
from handlers.reports.cells import neutralise
from handlers.reports.formatting import holidays_line, label, period_label
from handlers.reports.tables import Cell, report_tables
from storage.reports.rows import ACTIVITY_COLUMNS, CASE_COLUMNS

# Excel refuses these in sheet names and allows at most 31 characters.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# Raw columns holding codes, shown with the reader's word next to them.
_LABELLED = {"activity_type", "role", "ppks", "status", "referral"}


def render_xlsx(report: PeriodReport, path: Path, locale: str) -> Path:
    """Write the workbook at `path`."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    kind = t(locale, f"reports.kind.{report.period.kind}")
    heading = [
        t(locale, "reports.title", kind=kind, area=area_label(report)),
        period_label(report.period, locale),
    ]
    holidays = holidays_line(report.holidays, report.period, locale)
    if holidays:
        heading.append(holidays)
    bold = Font(bold=True)
    used: set[str] = set()

    def sheet(title: str, columns: list[str], rows: list[list[Any]], intro: list[str]) -> None:
        ws = workbook.create_sheet(_sheet_name(title, used))
        for line in intro:
            ws.append([line])
        if intro:
            ws["A1"].font = Font(bold=True, size=13)
            ws.append([])
        ws.append(columns)
        header = ws.max_row
        for cell in ws[header]:
            cell.font = bold
        for row in rows:
            ws.append([neutralise(value) for value in row])
            for cell, value in zip(ws[ws.max_row], row, strict=False):
                if isinstance(value, datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
        for index, column in enumerate(columns, start=1):
            values = [column, *(r[index - 1] for r in rows)]
            width = max(len(_shown(v)) for v in values)
            ws.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 50)
        ws.freeze_panes = ws.cell(row=header + 1, column=1)

    for table in report_tables(report, locale):
        rows: list[list[Cell]] = [*table.rows, *([table.total] if table.total else [])]
        title = table.sheet or table.title
        sheet(title, table.columns, rows, heading if table.key == "summary" else [])
    sheet(
        t(locale, "reports.table.activity_rows"),
        _raw_columns(ACTIVITY_COLUMNS, locale),
        _raw_rows(report.activity_rows, ACTIVITY_COLUMNS, locale),
        [],
    )
    sheet(
        t(locale, "reports.table.case_rows"),
        _raw_columns(CASE_COLUMNS, locale),
        _raw_rows(report.case_rows, CASE_COLUMNS, locale),
        [],
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def _raw_columns(columns: tuple[str, ...], locale: str) -> list[str]:
    """The export's columns in the reader's words, with a label column after each coded one."""
    out: list[str] = []
    for name in columns:
        out.append(t(locale, f"reports.column.{name}"))
        if name in _LABELLED:
            out.append(t(locale, f"reports.column.{name}_label"))
    return out


def _raw_rows(
    records: list[dict[str, Any]], columns: tuple[str, ...], locale: str
) -> list[list[Any]]:
    """The records as sheet rows, each code followed by its label."""
    out = []
    for record in records:
        row: list[Any] = []
        for name in columns:
            value = record[name]
            row.append(value)
            if name in _LABELLED:
                row.append(None if value is None else label(name, str(value), locale))
        out.append(row)
    return out


def _sheet_name(title: str, used: set[str]) -> str:
    """A valid, unique sheet name from a table title."""
    base = _SHEET_FORBIDDEN.sub("-", title)[:31].rstrip()
    name, n = base, 2
    while name.lower() in used:
        suffix = f" {n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def _shown(value: object) -> str:
    """A cell as text, to size its column."""
    return "" if value is None else str(value)
