"""The report as titled tables, in the reader's language: the PDF and the XLSX show these."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from handlers.i18n import t, term_label
from reports.building.build import STALE_DAYS, STALE_SHOWN, PeriodReport
from reports.building.formatting import ZONE_NAMES, label, short_label
from reports.queries.cases import StaleCase
from storage.vocabulary import PERSON_ROLES, PSM_ROLES

Cell = str | int | date | datetime | None
# A list in the PDF shows this many rows, then says how many more the XLSX has.
LIST_SHOWN = STALE_SHOWN
TOTAL_FIELDS = (
    "activities",
    "people_reached",
    "new_cases",
    "referrals",
    "photos",
    "psm_reporting",
    "meetings",
)


@dataclass(slots=True)
class Table:
    """One table: a key (the XLSX sheet), a title, column headings, rows, a total row."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    total: list[Cell] | None = None
    # Columns holding numbers (right-aligned in the PDF).
    numeric: set[int] = field(default_factory=set)
    # A shorter name for the XLSX sheet, when the title is longer than Excel allows.
    sheet: str | None = None
    # Rows left out of a long list (the PDF shows the top; the XLSX has every row).
    more: int = 0
    # What the "… and N more" line says: where the full list is.
    more_key: str = "reports.more"


def summary_table(report: PeriodReport, locale: str) -> Table:
    """This period against the one before, with the change."""
    rows: list[list[Cell]] = []
    for name in TOTAL_FIELDS:
        now, before = getattr(report.totals, name), getattr(report.previous, name)
        rows.append([t(locale, f"reports.total.{name}"), now, before, now - before])
    return Table(
        "summary",
        t(locale, "reports.table.summary"),
        [
            t(locale, "reports.col.measure"),
            short_label(report.period, locale),
            short_label(report.period.previous(), locale),
            t(locale, "reports.col.change"),
        ],
        rows,
        numeric={1, 2, 3},
    )


def _top(
    rows: list[list[Cell]], limit: int | None, total: int | None = None
) -> tuple[list[list[Cell]], int]:
    """The first `limit` rows and how many are left out (of `total`, when more exist)."""
    total = len(rows) if total is None else total
    shown = rows if limit is None else rows[:limit]
    return shown, max(total - len(shown), 0)


def report_tables(
    report: PeriodReport,
    locale: str,
    *,
    limit: int | None = LIST_SHOWN,
    stale: Sequence[StaleCase] | None = None,
) -> list[Table]:
    """Every table of the report, in reading order (the summary first).

    Long lists (stale cases, silent PSM, meetings, PSM performance) keep their first `limit`
    rows and say how many more there are; `limit=None` with the full `stale` list gives
    every row (the XLSX).
    """

    def tx(key: str, **values: object) -> str:
        return t(locale, f"reports.{key}", **values)

    report.load_lists()
    stale_rows, stale_more = _top(
        [
            [
                s.case_id,
                label("ppks", None if s.ppks is None else str(s.ppks), locale),
                s.area_name,
                s.psm_name,
                s.last_update,
                s.days,
            ]
            for s in (report.stale if stale is None else stale)
        ],
        limit,
        report.stale_total,
    )
    silent_rows, silent_more = _top(
        [[p.name, term_label(PERSON_ROLES[p.role], locale), p.area_name] for p in report.silent],
        limit,
    )

    zone = ZoneInfo(report.timezone)
    meeting_rows, meeting_more = _top(
        [
            [
                _local(m.starts_at, zone),
                m.title,
                m.area_name,
                tx(f"meeting.{m.status}"),
                m.invited,
                m.attended,
            ]
            for m in report.meetings
        ],
        limit,
    )
    when = f"{tx('col.when')} ({ZONE_NAMES.get(report.timezone, report.timezone)})"
    tables = [
        summary_table(report, locale),
        Table(
            "by_type",
            tx("table.by_type"),
            [tx("col.activity_type"), tx("col.activities"), tx("col.people_reached")],
            [
                [label("activity_type", r.code, locale), r.activities, r.people_reached]
                for r in report.by_type
            ],
            total=[
                tx("total_row"),
                report.totals.activities,
                report.totals.people_reached,
            ],
            numeric={1, 2},
        ),
        Table(
            "by_role",
            tx("table.by_role"),
            [tx("col.role"), tx("col.activities")],
            [[label("role", r.code, locale), r.count] for r in report.by_role],
            numeric={1},
        ),
        Table(
            "new_cases",
            tx("table.new_cases"),
            [tx("col.ppks"), tx("col.cases")],
            [[label("ppks", r.code, locale), r.count] for r in report.new_cases],
            total=[tx("total_row"), report.totals.new_cases],
            numeric={1},
        ),
        Table(
            "statuses",
            tx("table.statuses"),
            [tx("col.status"), tx("col.cases")],
            [[label("status", r.code, locale), r.count] for r in report.statuses],
            total=[tx("total_row"), sum(r.count for r in report.statuses)],
            numeric={1},
        ),
        Table(
            "referrals",
            tx("table.referrals"),
            [tx("col.destination"), tx("col.referrals")],
            [[label("referral", r.code, locale), r.count] for r in report.referrals],
            total=[tx("total_row"), report.totals.referrals],
            numeric={1},
        ),
        Table(
            "stale",
            tx("table.stale", days=STALE_DAYS),
            [
                tx("col.case_no"),
                tx("col.ppks"),
                tx("col.area"),
                tx("col.psm"),
                tx("col.last_update"),
                tx("col.days"),
            ],
            stale_rows,
            numeric={0, 5},
            sheet=tx("sheet.stale"),
            more=stale_more,
            more_key="reports.more" if report.full_lists else "reports.more_by_kabkota",
        ),
        Table(
            "silent",
            tx("table.silent"),
            [tx("col.name"), tx("col.role"), tx("col.area")],
            silent_rows,
            more=silent_more,
        ),
        Table(
            "meetings",
            tx("table.meetings"),
            [
                when,
                tx("col.meeting"),
                tx("col.area"),
                tx("col.status"),
                tx("col.invited"),
                tx("col.attended"),
            ],
            meeting_rows,
            more=meeting_more,
            total=[
                tx("total_row"),
                len(report.meetings),
                None,
                None,
                report.invited,
                report.attended,
            ],
            numeric={4, 5},
        ),
        Table(
            "upcoming",
            tx("table.upcoming"),
            [when, tx("col.meeting"), tx("col.place"), tx("col.area")],
            [[_local(m.starts_at, zone), m.title, m.place, m.area_name] for m in report.upcoming],
        ),
        Table(
            "photos",
            tx("table.photos"),
            [tx("col.subject"), tx("col.photos")],
            [
                [tx(f"photos.{kind}"), report.photos[kind]]
                for kind in ("activity", "case", "meeting")
                if report.photos.get(kind)
            ],
            total=[tx("total_row"), report.totals.photos],
            numeric={1},
        ),
    ]
    if report.sub_areas:
        tables.append(sub_area_table(report, locale))
    if report.period.kind != "weekly":
        tables.append(performance_table(report, locale, limit))
    return tables


def sub_area_table(report: PeriodReport, locale: str) -> Table:
    """Per kecamatan (of a kab/kota) or kelurahan (of a kecamatan): the period's numbers."""

    def tx(key: str) -> str:
        return t(locale, f"reports.{key}")

    subs = report.sub_areas
    return Table(
        "sub_areas",
        tx("table.sub_areas"),
        [
            tx("col.area"),
            tx("col.activities"),
            tx("col.people_reached"),
            tx("total.new_cases"),
            tx("col.stale"),
            tx("col.psm_count"),
        ],
        [[s.name, s.activities, s.people_reached, s.new_cases, s.stale, s.psm] for s in subs],
        total=[
            tx("total_row"),
            sum(s.activities for s in subs),
            sum(s.people_reached for s in subs),
            sum(s.new_cases for s in subs),
            sum(s.stale for s in subs),
            sum(s.psm for s in subs),
        ],
        numeric={1, 2, 3, 4, 5},
    )


def performance_table(report: PeriodReport, locale: str, limit: int | None = None) -> Table:
    """Per PSM: reports, activities per role, cases handled, meetings attended."""
    roles = list(PSM_ROLES)
    rows, more = _top(
        [
            [
                p.name,
                p.area_name,
                p.reports,
                *(p.activities_by_role.get(r, 0) for r in roles),
                p.cases_handled,
                p.meetings_attended,
            ]
            for p in report.performance
        ],
        limit,
    )
    return Table(
        "performance",
        t(locale, "reports.table.performance"),
        [
            t(locale, "reports.col.name"),
            t(locale, "reports.col.area"),
            t(locale, "reports.col.reports"),
            *(term_label(PSM_ROLES[r], locale) for r in roles),
            t(locale, "reports.col.cases_handled"),
            t(locale, "reports.col.meetings_attended"),
        ],
        rows,
        numeric=set(range(2, 5 + len(roles))),
        more=more,
    )


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    """A meeting time in the area's zone, without the zone (spreadsheets keep none)."""
    return moment.astimezone(zone).replace(tzinfo=None)
