"""Activities of a period: by type, by PSM role, people reached."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session, col

from storage.area_scope import in_area, run
from storage.models.activities import Activity


@dataclass(frozen=True, slots=True)
class TypeCount:
    """Activities of one type and the people they reached."""

    code: str
    activities: int
    people_reached: int


@dataclass(frozen=True, slots=True)
class CodeCount:
    """How many records carry one code (None: not given)."""

    code: str | None
    count: int


def in_period(area_code: str, start: date, end: date) -> list[ColumnElement[bool]]:
    """Live activities of the area done in [start, end)."""
    return [
        in_area(col(Activity.area_code), area_code),
        col(Activity.deleted_at).is_(None),
        col(Activity.occurred_on) >= start,
        col(Activity.occurred_on) < end,
    ]


def activities_by_type(
    *, session: Session, area_code: str, start: date, end: date
) -> list[TypeCount]:
    """Activities and people reached per activity type, most frequent first."""
    count = func.count(col(Activity.id))
    rows = run(
        session,
        select(
            col(Activity.activity_type),
            count,
            func.coalesce(func.sum(col(Activity.people_reached)), 0),
        )
        .where(*in_period(area_code, start, end))
        .group_by(col(Activity.activity_type))
        .order_by(count.desc(), col(Activity.activity_type)),
    ).all()
    return [TypeCount(code, int(n), int(people)) for code, n, people in rows]


def activities_by_role(
    *, session: Session, area_code: str, start: date, end: date
) -> list[CodeCount]:
    """Activities per PSM role (inisiator, motivator, ...); None for untagged ones."""
    count = func.count(col(Activity.id))
    rows = run(
        session,
        select(col(Activity.psm_role), count)
        .where(*in_period(area_code, start, end))
        .group_by(col(Activity.psm_role))
        .order_by(count.desc(), col(Activity.psm_role).asc().nulls_last()),
    ).all()
    return [CodeCount(code, int(n)) for code, n in rows]


def reporters_of_activities(
    *, session: Session, area_code: str, start: date, end: date
) -> dict[int, dict[str | None, int]]:
    """Per reporter, their activities of the period counted per PSM role."""
    rows = run(
        session,
        select(col(Activity.reporter_id), col(Activity.psm_role), func.count(col(Activity.id)))
        .where(*in_period(area_code, start, end))
        .group_by(col(Activity.reporter_id), col(Activity.psm_role)),
    ).all()
    result: dict[int, dict[str | None, int]] = {}
    for reporter, role, n in rows:
        result.setdefault(int(reporter), {})[role] = int(n)
    return result
