"""The PDF report: the tables in Jinja2 HTML, laid out by WeasyPrint."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from babel.dates import format_datetime

from handlers.i18n import t
from report_templates import TEMPLATE_DIR
from reports.building.build import PeriodReport, area_label
from reports.building.formatting import (
    change,
    day,
    holidays_line,
    moment,
    number,
    period_label,
)
from reports.building.tables import Cell, report_tables
from reports.rendering.text import environment


def report_html(report: PeriodReport, locale: str, chart: Path | None = None) -> str:
    """The report as one HTML document (the chart, when given, is linked by file URL)."""

    def cell(value: Cell, signed: bool = False) -> str:
        if value is None:
            return "–"
        if isinstance(value, bool):
            return "✓" if value else "–"
        if isinstance(value, int):
            return change(value, 0, locale) if signed else number(value, locale)
        if isinstance(value, datetime):
            # Meeting times come already in the area's local time.
            return format_datetime(value, "EEE d MMM y, HH.mm", locale=locale)
        if isinstance(value, date):
            return day(value, locale)
        return value

    kind = t(locale, f"reports.kind.{report.period.kind}")
    return (
        environment()
        .get_template("report.html.j2")
        .render(
            lang=locale,
            css=(TEMPLATE_DIR / "report.css").read_text(encoding="utf-8"),
            title=t(locale, "reports.title", kind=kind, area=area_label(report)),
            period=period_label(report.period, locale),
            holidays=holidays_line(report.holidays, report.period, locale),
            generated=t(
                locale,
                "reports.generated",
                when=moment(report.generated_at, report.timezone, locale),
            ),
            tables=report_tables(report, locale),
            chart=chart.resolve().as_uri() if chart is not None else None,
            chart_title=t(locale, "reports.chart.title"),
            empty=t(locale, "reports.empty"),
            more=lambda n, key: t(locale, key, n=number(n, locale)),
            confidential=t(locale, "reports.confidential"),
            cell=cell,
        )
    )


# What a missing or broken Pango/WeasyPrint install raises (at import or while laying out).
PDF_FAILURES = (OSError, ImportError)


@cache
def pdf_available() -> str | None:
    """None when a PDF can be made here; otherwise what is wrong (checked once per process)."""
    try:
        from weasyprint import HTML

        HTML(string="<p>psmbot</p>").write_pdf()
    except PDF_FAILURES as exc:
        return f"{type(exc).__name__}: {str(exc).splitlines()[0][:120] if str(exc) else ''}"
    return None


def render_pdf(report: PeriodReport, path: Path, locale: str, chart: Path | None = None) -> Path:
    """Write the PDF report at `path`."""
    from weasyprint import HTML, URLFetcher

    allowed = {chart.resolve().as_uri()} if chart is not None else set()

    class ChartOnly(URLFetcher):
        """Loads the chart and nothing else: a report never reaches out to the network."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url not in allowed:
                raise ValueError(f"not loaded into a report: {url}")
            return super().fetch(url, headers)

    path.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=report_html(report, locale, chart), url_fetcher=ChartOnly()).write_pdf(path)
    return path
