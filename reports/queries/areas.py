"""The report per sub-area: each kecamatan of a kab/kota, each kelurahan of a kecamatan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from reports.queries.activities import in_period
from reports.queries.cases import opened_in, stale_filter
from reports.queries.people import roster_filter
from storage.area_scope import run
from storage.models.activities import Activity
from storage.models.cases import Case
from storage.models.people import Person
from storage.models.regions import Region
from storage.regions import dotted

# Kemendagri codes have fixed widths: province 2, kab/kota 5, kecamatan 8, desa/kelurahan 13.
CHILD_WIDTH = {2: 5, 5: 8, 8: 13}


@dataclass(frozen=True, slots=True)
class SubAreaCount:
    """One sub-area's numbers for the period."""

    code: str
    name: str
    activities: int
    people_reached: int
    new_cases: int
    stale: int
    psm: int


def _grouped(session: Session, prefix: Any, query: Any) -> dict[str, tuple[int, ...]]:
    rows = run(session, query.group_by(prefix)).all()
    return {str(code): tuple(int(v or 0) for v in values) for code, *values in rows}


def sub_area_counts(
    *,
    session: Session,
    area_code: str,
    start: date,
    end: date,
    stale_end: date,
    stale_end_utc: datetime,
    stale_days: int,
    joined_before: datetime,
) -> list[SubAreaCount]:
    """Activities, people reached, new cases, stale cases and PSM per sub-area (by code).

    Empty for a desa/kelurahan (no sub-areas). Sub-areas with nothing at all are left out.
    """
    code = dotted(area_code)
    width = CHILD_WIDTH.get(len(code))
    if width is None:
        return []
    activity_area = func.substr(col(Activity.area_code), 1, width)
    case_area = func.substr(col(Case.area_code), 1, width)
    person_area = func.substr(col(Person.area_code), 1, width)
    activities = _grouped(
        session,
        activity_area,
        select(
            activity_area,
            func.count(col(Activity.id)),
            func.coalesce(func.sum(col(Activity.people_reached)), 0),
        ).where(*in_period(code, start, end)),
    )
    new_cases = _grouped(
        session,
        case_area,
        select(case_area, func.count(col(Case.id))).where(*opened_in(code, start, end)),
    )
    stale = _grouped(
        session,
        case_area,
        select(case_area, func.count(col(Case.id))).where(
            *stale_filter(code, stale_end, stale_end_utc, stale_days)
        ),
    )
    psm = _grouped(
        session,
        person_area,
        select(person_area, func.count(col(Person.id))).where(*roster_filter(code, joined_before)),
    )
    children = select(col(Region.code), col(Region.name)).where(col(Region.parent_code) == code)
    names = {str(sub): str(name) for sub, name in run(session, children).all()}
    found = sorted(set(activities) | set(new_cases) | set(stale) | set(psm))
    return [
        SubAreaCount(
            sub,
            names.get(sub, sub),
            activities.get(sub, (0, 0))[0],
            activities.get(sub, (0, 0))[1],
            new_cases.get(sub, (0,))[0],
            stale.get(sub, (0,))[0],
            psm.get(sub, (0,))[0],
        )
        for sub in found
    ]
