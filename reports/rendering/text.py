"""The short chat summary, from the Jinja2 templates in `report_templates/`."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from handlers.i18n import t
from report_templates import TEMPLATE_DIR
from reports.building.build import STALE_DAYS, PeriodReport, area_label
from reports.building.formatting import holidays_line, label, moment, number, period_label
from reports.queries.activities import CodeCount, TypeCount
from reports.queries.people import RosterEntry

# The chat text names at most this many PSM who did not report; the PDF lists them all.
MAX_NAMES = 8
TOP = 3


@cache
def environment() -> Environment:
    """The template environment: HTML autoescaped, text kept as written."""
    return Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        # `report.html.j2` holds people's names and meeting titles: escape them.
        autoescape=select_autoescape(["html", "html.j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def summary_text(report: PeriodReport, locale: str) -> str:
    """The chat message of a report, in the reader's language."""
    language = "en" if locale == "en" else "id"

    def top(vocabulary: str, rows: Sequence[CodeCount | TypeCount], limit: int = TOP) -> str:
        parts = []
        for row in rows[:limit]:
            count = row.activities if isinstance(row, TypeCount) else row.count
            parts.append(f"{label(vocabulary, row.code, language)} {number(count, language)}")
        return ", ".join(parts)

    def names(entries: list[RosterEntry]) -> str:
        shown = ", ".join(e.name for e in entries[:MAX_NAMES])
        rest = len(entries) - MAX_NAMES
        if rest <= 0:
            return shown
        more = "and {} more" if language == "en" else "dan {} lainnya"
        return f"{shown}, {more.format(number(rest, language))}"

    template = environment().get_template(f"weekly_summary.{language}.txt.j2")
    text = template.render(
        r=report,
        T=report.totals,
        P=report.previous,
        kind=t(language, f"reports.kind.{report.period.kind}"),
        previous=t(language, f"reports.previous.{report.period.kind}"),
        area=area_label(report),
        period=period_label(report.period, language),
        holidays=holidays_line(report.holidays, report.period, language),
        stale_days=STALE_DAYS,
        pdf_note=t(language, "reports.pdf_missing"),
        n=lambda value: number(value, language),
        moment=lambda value: moment(value, report.timezone, language),
        top=top,
        # Every destination, so the parts add up to the total (there are only a few).
        every=lambda vocabulary, rows: top(vocabulary, rows, len(rows)),
        names=names,
    )
    return text.strip()
