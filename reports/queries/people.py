"""The PSM of an area: who is on the roster and who reported nothing in a period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlmodel import Session, col

from storage.area_scope import PSM_ROLES, in_area, run
from storage.models.activities import Activity
from storage.models.cases import Case, CaseEvent
from storage.models.people import Person, PersonStatus
from storage.models.regions import Region


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One PSM: who, where."""

    person_id: int
    name: str
    role: str
    area_name: str


def roster_filter(
    area_code: str, joined_before: datetime | None = None
) -> list[ColumnElement[bool]]:
    """The active PSM of an area; with `joined_before`, only those approved by then."""
    conditions = [
        in_area(col(Person.area_code), area_code),
        col(Person.role).in_(PSM_ROLES),
        col(Person.active).is_(True),
        col(Person.status) == PersonStatus.APPROVED,
    ]
    if joined_before is not None:
        # A PSM whose registration was approved after the period was not yet one of its PSM.
        # (Rostered PSM have no approval time: the roster says they were PSM all along.)
        conditions.append(
            or_(col(Person.approved_at).is_(None), col(Person.approved_at) < joined_before)
        )
    return conditions


def psm_roster(*, session: Session, area_code: str) -> list[RosterEntry]:
    """The active PSM (and ketua PSM) of an area, by kelurahan and name."""
    rows = run(
        session,
        select(col(Person.id), col(Person.name), col(Person.role), col(Region.name))
        .join(Region, col(Region.code) == col(Person.area_code))
        .where(*roster_filter(area_code))
        .order_by(col(Region.name), col(Person.name)),
    ).all()
    return [RosterEntry(int(pid), name, str(role), area) for pid, name, role, area in rows]


def psm_count(*, session: Session, area_code: str, joined_before: datetime | None = None) -> int:
    """How many active PSM the area has (those already on the roster by `joined_before`)."""
    count = select(func.count(col(Person.id))).where(*roster_filter(area_code, joined_before))
    return int(run(session, count).scalar_one())


def silent_psm(
    *,
    session: Session,
    area_code: str,
    start: date,
    end: date,
    joined_before: datetime | None = None,
) -> list[RosterEntry]:
    """PSM of the area, on the roster by `joined_before`, with nothing reported in the period."""
    did_activity = exists().where(
        col(Activity.reporter_id) == col(Person.id),
        col(Activity.deleted_at).is_(None),
        col(Activity.occurred_on) >= start,
        col(Activity.occurred_on) < end,
    )
    opened_case = exists().where(
        col(Case.reporter_id) == col(Person.id),
        col(Case.deleted_at).is_(None),
        col(Case.opened_on) >= start,
        col(Case.opened_on) < end,
    )
    updated_case = exists().where(
        col(CaseEvent.actor_id) == col(Person.id),
        col(CaseEvent.case_id) == col(Case.id),
        col(Case.deleted_at).is_(None),
        col(CaseEvent.occurred_on) >= start,
        col(CaseEvent.occurred_on) < end,
    )
    rows = run(
        session,
        select(col(Person.id), col(Person.name), col(Person.role), col(Region.name))
        .join(Region, col(Region.code) == col(Person.area_code))
        .where(*roster_filter(area_code, joined_before), ~did_activity, ~opened_case, ~updated_case)
        .order_by(col(Region.name), col(Person.name)),
    ).all()
    return [RosterEntry(int(pid), name, str(role), area) for pid, name, role, area in rows]
