"""Each PSM of an area at a glance: last report, work this month and this year (dashboard)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session, col

from reports.queries import people
from reports.queries.work import Work, work_by_person
from storage.area_scope import in_area, run, utc_bounds
from storage.models.activities import Activity
from storage.models.cases import Case


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
    return work_by_person(
        session=session,
        area_code=area_code,
        start=start,
        end=end,
        start_utc=start_utc,
        end_utc=end_utc,
    )


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
