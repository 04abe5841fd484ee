"""Each PSM of an area at a glance: last report, work this month and this year (dashboard)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session, col

from reports.queries import activities, cases, meetings, people
from storage.area_scope import in_area, run, utc_bounds
from storage.models.activities import Activity
from storage.models.cases import Case


@dataclass(frozen=True, slots=True)
class Work:
    """One PSM's work in one period."""

    activities_by_role: dict[str | None, int] = field(default_factory=dict)
    cases_opened: int = 0
    cases_handled: int = 0
    meetings_attended: int = 0

    @property
    def activities(self) -> int:
        """Activities of every role."""
        return sum(self.activities_by_role.values())

    @property
    def reports(self) -> int:
        """Activities plus new cases reported (as in the monthly report)."""
        return self.activities + self.cases_opened


@dataclass(frozen=True, slots=True)
class PsmRow:
    """One PSM of the area with their last report and their month's and year's work."""

    person_id: int
    name: str
    role: str
    area_name: str
    last_report: date | None
    month: Work
    year: Work


def last_reports(*, session: Session, area_code: str) -> dict[int, date]:
    """Per reporter, the latest day of an activity or a new case they reported in the area."""
    latest: dict[int, date] = {}
    queries = (
        select(col(Activity.reporter_id), func.max(col(Activity.occurred_on)))
        .where(in_area(col(Activity.area_code), area_code), col(Activity.deleted_at).is_(None))
        .group_by(col(Activity.reporter_id)),
        select(col(Case.reporter_id), func.max(col(Case.opened_on)))
        .where(in_area(col(Case.area_code), area_code), col(Case.deleted_at).is_(None))
        .group_by(col(Case.reporter_id)),
    )
    for query in queries:
        for person_id, day in run(session, query).all():
            if day is not None and (int(person_id) not in latest or day > latest[int(person_id)]):
                latest[int(person_id)] = day
    return latest


def _work(
    session: Session, area_code: str, start: date, end: date, timezone: str
) -> dict[int, Work]:
    """Per person, their work in [start, end) (local dates of the area)."""
    start_utc, end_utc = utc_bounds(start, end, timezone)
    by_role = activities.reporters_of_activities(
        session=session, area_code=area_code, start=start, end=end
    )
    opened = cases.cases_opened_by(session=session, area_code=area_code, start=start, end=end)
    handled = cases.cases_handled_by(session=session, area_code=area_code, start=start, end=end)
    attended = meetings.meetings_attended_by(
        session=session, area_code=area_code, start_utc=start_utc, end_utc=end_utc
    )
    ids = by_role.keys() | opened.keys() | handled.keys() | attended.keys()
    return {
        pid: Work(
            activities_by_role=by_role.get(pid, {}),
            cases_opened=opened.get(pid, 0),
            cases_handled=handled.get(pid, 0),
            meetings_attended=attended.get(pid, 0),
        )
        for pid in ids
    }


def psm_performance(
    *,
    session: Session,
    area_code: str,
    month: tuple[date, date],
    year: tuple[date, date],
    timezone: str,
) -> list[PsmRow]:
    """One row per active PSM (and ketua PSM) of the area, by kelurahan and name."""
    last = last_reports(session=session, area_code=area_code)
    in_month = _work(session, area_code, *month, timezone)
    in_year = _work(session, area_code, *year, timezone)
    return [
        PsmRow(
            person_id=entry.person_id,
            name=entry.name,
            role=entry.role,
            area_name=entry.area_name,
            last_report=last.get(entry.person_id),
            month=in_month.get(entry.person_id, Work()),
            year=in_year.get(entry.person_id, Work()),
        )
        for entry in people.psm_roster(session=session, area_code=area_code)
    ]
