"""PSM performance: one row per PSM of the area, sortable, and the monthly/yearly reports.

The reports are the ones the chat and the command line send (`reports`): built from
the database in one read, then rendered in a worker thread with no transaction open.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.web.dashboard.areas import PARAM, AreaChoice, chosen_area
from bot.web.dashboard.csrf import checked_form
from bot.web.dashboard.rendering import render
from bot.web.dashboard.viewer import Viewer, not_found, require_viewer, services_of
from reports.building.build import PeriodReport, build_report
from reports.building.formatting import period_label
from reports.building.periods import Period, parse_period
from reports.rendering.files import PDF, XLSX, file_stem, render_one
from reports.rendering.pdf import PDF_FAILURES
from storage.audit import audit
from storage.db import reading, transaction
from storage.psm_performance import PsmRow, psm_performance

FORMATS = {"pdf": PDF, "xlsx": XLSX}
# Sort keys of the table (`?urut=`): what each sorts by (ties always by name, A to Z).
SORTS: dict[str, Callable[[PsmRow], Any]] = {
    "nama": lambda r: r.name.lower(),
    "wilayah": lambda r: r.area_name.lower(),
    "terakhir": lambda r: r.last_report or date.min,
    "laporan_bulan": lambda r: r.month.reports,
    "laporan_tahun": lambda r: r.year.reports,
    "kegiatan_bulan": lambda r: r.month.activities,
    "kasus_bulan": lambda r: r.month.cases_handled,
    "pertemuan_bulan": lambda r: r.month.meetings_attended,
}
DEFAULT_SORT = "wilayah"


def routes() -> list[BaseRoute]:
    """The PSM table and its report downloads."""
    return [
        Route("/psm", psm_page, methods=["GET"]),
        Route("/psm/laporan", report_download, methods=["POST"]),
    ]


@dataclass(frozen=True, slots=True)
class Sorting:
    """The table's order as asked in the query string."""

    key: str
    descending: bool

    @classmethod
    def of(cls, request: Request) -> Sorting:
        key = request.query_params.get("urut", DEFAULT_SORT)
        if key not in SORTS:
            key = DEFAULT_SORT
        return cls(key, request.query_params.get("arah") == "turun")


def sort_rows(rows: list[PsmRow], sorting: Sorting) -> list[PsmRow]:
    """The rows in the asked order; ties by name whichever the direction."""
    by_name = sorted(rows, key=lambda r: (r.name.lower(), r.person_id))
    return sorted(by_name, key=SORTS[sorting.key], reverse=sorting.descending)


def _month_and_year(request: Request, today: date) -> tuple[Period, Period]:
    """The month (`?bulan=2026-11`) and year (`?tahun=2026`) shown; 404 for nonsense."""
    try:
        month = parse_period(request.query_params.get("bulan") or today.strftime("%Y-%m"))
        year = parse_period(request.query_params.get("tahun") or str(month.start.year))
    except ValueError:
        raise not_found() from None
    if month.kind != "monthly" or year.kind != "yearly":
        raise not_found()
    return month, year


async def psm_page(request: Request) -> Response:
    """The table of the area's PSM."""
    viewer = await require_viewer(request)
    services = services_of(request)
    sorting = Sorting.of(request)
    code = request.query_params.get(PARAM)

    def load() -> tuple[AreaChoice, Period, Period, list[PsmRow]]:
        with transaction(services.engine) as session:
            area = chosen_area(session=session, viewer=viewer, code=code)
            zone = area.region.timezone
            today = datetime.now(UTC).astimezone(ZoneInfo(zone)).date()
            month, year = _month_and_year(request, today)
            rows = psm_performance(
                session=session,
                area_code=area.region.code,
                month=(month.start, month.end),
                year=(year.start, year.end),
                timezone=zone,
            )
            audit(
                session=session,
                action="psm.viewed",
                actor_id=viewer.person_id,
                subject_type="area",
                subject_id=area.region.code,
                detail={"via": "dasbor", "month": month.key, "year": year.key},
            )
            return area, month, year, rows

    area, month, year, rows = await asyncio.to_thread(load)
    return render(
        request,
        "psm.html",
        {
            "area": area,
            "month": month,
            "year": year,
            "rows": sort_rows(rows, sorting),
            "sorting": sorting,
            "sorts": list(SORTS),
            "months": _recent_months(month),
            "roles": ("inisiator", "motivator", "dinamisator", "administrator"),
            "period_name": lambda period: period_label(period, viewer.locale),
        },
    )


def _recent_months(shown: Period) -> list[Period]:
    """The twelve months up to the one shown, newest first (the month picker)."""
    found = [shown]
    while len(found) < 12:
        found.append(found[-1].previous())
    return found


def _report_period(raw: object) -> Period:
    """`2026-11` (a month) or `2026` (a year); 404 otherwise."""
    try:
        period = parse_period(raw if isinstance(raw, str) else "")
    except ValueError:
        raise not_found() from None
    if period.kind == "weekly":
        raise not_found()
    return period


async def report_download(request: Request) -> Response:
    """The area's monthly or yearly report as PDF or XLSX (audited)."""
    viewer, form = await checked_form(request)
    services = services_of(request)
    fmt = form.get("format")
    if not isinstance(fmt, str) or fmt not in FORMATS:
        raise not_found()
    period = _report_period(form.get("periode"))
    chosen = form.get(PARAM)
    code = chosen if isinstance(chosen, str) and chosen else None

    def build() -> PeriodReport:
        with reading(services.engine) as session:
            area = chosen_area(session=session, viewer=viewer, code=code)
            if period.start > datetime.now(UTC).date():
                raise not_found()  # nothing to report on yet
            return build_report(
                session=session,
                area_code=area.region.code,
                period=period,
                now=datetime.now(UTC),
            )

    report = await asyncio.to_thread(build)
    name = f"{file_stem(report, viewer.locale)}.{fmt}"

    def make() -> bytes | None:
        with tempfile.TemporaryDirectory() as scratch:
            try:
                path = render_one(report, fmt, Path(scratch) / name, viewer.locale)
            except PDF_FAILURES:
                return None
            return path.read_bytes()

    data = await asyncio.to_thread(make)
    if data is None:
        return render(request, "report_unavailable.html", {"period": period}, status=503)
    await asyncio.to_thread(_audit_export, services.engine, viewer, report, fmt)
    return Response(
        data,
        media_type=FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _audit_export(engine: Engine, viewer: Viewer, report: PeriodReport, fmt: str) -> None:
    with transaction(engine) as session:
        audit(
            session=session,
            action="export.report",
            actor_id=viewer.person_id,
            subject_type="area",
            subject_id=report.area_code,
            detail={"via": "dasbor", "period": report.period.key, "format": fmt},
        )
