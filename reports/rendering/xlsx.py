"""The XLSX report: one sheet per table, then the raw rows of the period (up to a kab/kota)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from handlers.i18n import t
from reports.building.build import PROVINCE_LIST_ROWS, PeriodReport, area_label
from reports.building.formatting import holidays_line, label, number, period_label
from reports.building.tables import Cell, report_tables
from reports.rendering.cells import neutralise
from storage.listings import ACTIVITY_COLUMNS, CASE_COLUMNS

# Excel refuses these in sheet names and allows at most 31 characters.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# Raw columns holding codes, shown with the reader's word next to them.
_LABELLED = {"activity_type", "role", "ppks", "status", "referral"}
# Raw sheets are laid out before their rows are read: every column gets at least this width.
RAW_WIDTH = 12


def render_xlsx(report: PeriodReport, path: Path, locale: str) -> Path:
    """Write the workbook at `path`, streaming: memory and time grow linearly with the rows.

    openpyxl's write-only mode writes each row as it comes; the raw records and the full list
    of stale cases are read piece by piece from `report.records` while the file is written. A
    province's workbook has the tables, its stalest cases up to `PROVINCE_LIST_ROWS` and no raw
    records: those are in each kab/kota's report.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    workbook = Workbook(write_only=True)
    kind = t(locale, f"reports.kind.{report.period.kind}")
    heading = [
        t(locale, "reports.title", kind=kind, area=area_label(report)),
        period_label(report.period, locale),
    ]
    holidays = holidays_line(report.holidays, report.period, locale)
    if holidays:
        heading.append(holidays)
    if not report.full_lists:
        heading.append(t(locale, "reports.records_by_kabkota"))
    bold = Font(bold=True)
    title_font = Font(bold=True, size=13)
    used: set[str] = set()

    def cell(ws: WriteOnlyWorksheet, value: Any, font: Font | None = None) -> Any:
        if font is None and not isinstance(value, date):
            return neutralise(value)
        out = WriteOnlyCell(ws, value=neutralise(value))
        if font is not None:
            out.font = font
        if isinstance(value, datetime):
            out.number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(value, date):
            out.number_format = "yyyy-mm-dd"
        return out

    def sheet(
        title: str,
        columns: list[str],
        rows: Iterable[list[Any]],
        intro: list[str],
        widths: list[int],
        raw: bool = False,
    ) -> None:
        ws = workbook.create_sheet(_sheet_name(title, used))
        # Write-only sheets take their layout before the first row.
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 50)
        header = len(intro) + (2 if intro else 1)
        ws.freeze_panes = f"A{header + 1}"
        for index, line in enumerate(intro):
            ws.append([cell(ws, line, title_font if index == 0 else None)])
        if intro:
            ws.append([])
        ws.append([cell(ws, column, bold) for column in columns])
        if raw:  # already safe values: openpyxl shows a date as yyyy-mm-dd by itself
            for row in rows:
                ws.append(row)
        else:
            for row in rows:
                ws.append([cell(ws, value) for value in row])

    limit = None if report.full_lists else PROVINCE_LIST_ROWS
    full = report.records.stale(limit=limit) if report.records is not None else report.stale
    for table in report_tables(report, locale, limit=None, stale=full):
        rows: list[list[Cell]] = [*table.rows, *([table.total] if table.total else [])]
        title = table.sheet or table.title
        widths = [
            max(len(_shown(v)) for v in [column, *(r[i] for r in rows if i < len(r))])
            for i, column in enumerate(table.columns)
        ]
        if table.more:  # a list cut short (a province's): say where the rest is
            rows.append([t(locale, table.more_key, n=number(table.more, locale))])
        sheet(title, table.columns, rows, heading if table.key == "summary" else [], widths)
    if report.full_lists and report.records is not None:
        for key, columns, records in (
            ("activity_rows", ACTIVITY_COLUMNS, report.records.activities()),
            ("case_rows", CASE_COLUMNS, report.records.cases()),
        ):
            names = _raw_columns(columns, locale)
            sheet(
                t(locale, f"reports.table.{key}"),
                names,
                _raw_rows(records, columns, locale),
                [],
                [max(len(name), RAW_WIDTH) for name in names],
                raw=True,
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
    records: Iterable[dict[str, Any]], columns: tuple[str, ...], locale: str
) -> Iterator[list[Any]]:
    """The records as sheet rows of safe cell values, each code followed by its label."""
    labels: dict[tuple[str, Any], str | None] = {}

    def labelled(name: str, value: Any) -> str | None:
        key = (name, value)
        if key not in labels:  # a few dozen codes: each looked up once
            labels[key] = None if value is None else label(name, str(value), locale)
        return labels[key]

    for record in records:
        row: list[Any] = []
        for name in columns:
            value = record[name]
            row.append(neutralise(value) if isinstance(value, str) else value)
            if name in _LABELLED:
                row.append(labelled(name, value))
        yield row


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
