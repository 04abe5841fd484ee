"""The overview: this week's report of the viewer's area (or a sub-area), and 12 weeks' trend.

The numbers come from `reports.building.build` (the storage aggregations behind the chat
report), so the page and `psmbot report weekly` agree. The charts are drawn by the report's
own chart code and served as images.
"""

from __future__ import annotations

import asyncio
import tempfile
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.web.dashboard.areas import PARAM, AreaChoice, chosen_area
from bot.web.dashboard.rendering import render
from bot.web.dashboard.viewer import Viewer, not_found, require_viewer, services_of
from handlers.i18n import t
from reports.building.build import STALE_DAYS, PeriodReport, Totals, build_report, totals_of
from reports.building.formatting import period_label, short_label
from reports.building.periods import Period, parse_period, period_containing
from reports.rendering.chart import render_chart
from reports.rendering.trend_chart import render_trend
from storage.db import reading

TREND_WEEKS = 12
WEEK_PARAM = "minggu"
# pyplot keeps global state: one drawing at a time in this process.
_DRAWING = threading.Lock()


@dataclass(frozen=True, slots=True)
class Overview:
    """What the overview page shows."""

    area: AreaChoice
    report: PeriodReport | None  # None when only the trend was asked for
    weeks: list[Period]  # the trend's weeks, oldest first (the last is the report's)
    trend: list[Totals]


def routes() -> list[BaseRoute]:
    """The overview page and its two chart images."""
    return [
        Route("/", overview_page),
        Route("/grafik/minggu.png", week_chart),
        Route("/grafik/tren.png", trend_chart),
    ]


def _week(text: str | None, today_local: datetime) -> Period:
    """The week asked for (`?minggu=2026-W47`), else the current one; 404 for nonsense."""
    if not text:
        return period_containing("weekly", today_local.date())
    try:
        period = parse_period(text)
    except ValueError:
        raise not_found() from None
    if period.kind != "weekly":
        raise not_found()
    return period


def _load(request: Request, viewer: Viewer, *, report: bool, trend: bool) -> Overview:
    """The chosen area and week's report (when asked) and the 12 weeks' totals (when asked)."""
    services = services_of(request)
    now = datetime.now(UTC)
    with reading(services.engine) as session:
        area = chosen_area(session=session, viewer=viewer, code=request.query_params.get(PARAM))
        code, zone = area.region.code, area.region.timezone
        period = _week(request.query_params.get(WEEK_PARAM), now.astimezone(ZoneInfo(zone)))
        built = (
            build_report(session=session, area_code=code, period=period, now=now)
            if report
            else None
        )
        weeks = [
            period_containing("weekly", period.start - timedelta(weeks=back))
            for back in range(TREND_WEEKS - 1, -1, -1)
        ]
        totals = []
        if trend:
            totals = [
                totals_of(session=session, area_code=code, timezone=zone, period=w, now=now)
                for w in (weeks[:-1] if built else weeks)
            ]
            totals += [built.totals] if built else []
    if built is not None:
        built.load_lists()  # the stalest cases, read as the PDF reads them
    return Overview(area, built, weeks, totals)


async def overview_page(request: Request) -> Response:
    """The overview of the chosen area and week."""
    viewer = await require_viewer(request)
    data = await asyncio.to_thread(_load, request, viewer, report=True, trend=True)
    report = data.report
    assert report is not None
    now_week = period_containing("weekly", datetime.now(ZoneInfo(report.timezone)).date())
    choices = [
        period_containing("weekly", now_week.start - timedelta(weeks=back))
        for back in range(TREND_WEEKS)
    ]
    return render(
        request,
        "overview.html",
        {
            "area": data.area,
            "keep": {WEEK_PARAM: request.query_params.get(WEEK_PARAM)},
            "r": report,
            "period_label": period_label(report.period, viewer.locale),
            "week_key": report.period.key,
            "week_choices": [(p.key, period_label(p, viewer.locale)) for p in choices],
            "trend": [
                (short_label(w, viewer.locale), w.key, totals)
                for w, totals in zip(data.weeks, data.trend, strict=True)
            ],
            "stale_days": STALE_DAYS,
            "chart_query": f"?{PARAM}={data.area.region.code}&{WEEK_PARAM}={report.period.key}",
        },
    )


async def week_chart(request: Request) -> Response:
    """The chat report's chart of the chosen area and week, as a PNG."""
    viewer = await require_viewer(request)
    data = await asyncio.to_thread(_load, request, viewer, report=True, trend=False)
    report = data.report
    assert report is not None

    def draw() -> bytes:
        with _DRAWING, tempfile.TemporaryDirectory() as folder:
            path = render_chart(report, Path(folder) / "chart.png", viewer.locale)
            return path.read_bytes()

    return Response(await asyncio.to_thread(draw), media_type="image/png")


async def trend_chart(request: Request) -> Response:
    """The 12 weeks' trend of the chosen area, as a PNG."""
    viewer = await require_viewer(request)
    data = await asyncio.to_thread(_load, request, viewer, report=False, trend=True)
    weeks = [
        (short_label(w, viewer.locale).split()[-1], totals)
        for w, totals in zip(data.weeks, data.trend, strict=True)
    ]

    def draw() -> bytes:
        with _DRAWING, tempfile.TemporaryDirectory() as folder:
            title = f"{data.area.label} · {t(viewer.locale, 'dash.overview.trend')}"
            path = render_trend(weeks, title, Path(folder) / "trend.png", viewer.locale)
            return path.read_bytes()

    return Response(await asyncio.to_thread(draw), media_type="image/png")
