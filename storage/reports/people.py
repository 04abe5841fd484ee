"""The PSM of an area: who is on the roster and who reported nothing in a period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, exists, func, select
from sqlmodel import Session, col

from storage.models.activities import Activity
from storage.models.cases import Case, CaseEvent
from storage.models.people import Person
from storage.models.regions import Region
from storage.reports.scope import PSM_ROLES, in_area, run


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One PSM: who, where."""

    person_id: int
    name: str
    role: str
    area_name: str


def _roster(area_code: str) -> list[ColumnElement[bool]]:
    return [
        in_area(col(Person.area_code), area_code),
        col(Person.role).in_(PSM_ROLES),
        col(Person.active).is_(True),
        col(Person.status) == "approved",
    ]


def psm_roster(*, session: Session, area_code: str) -> list[RosterEntry]:
    """The active PSM (and ketua PSM) of an area, by kelurahan and name."""
    rows = run(
        session,
        select(col(Person.id), col(Person.name), col(Person.role), col(Region.name))
        .join(Region, col(Region.code) == col(Person.area_code))
        .where(*_roster(area_code))
        .order_by(col(Region.name), col(Person.name)),
    ).all()
    return [RosterEntry(int(pid), name, str(role), area) for pid, name, role, area in rows]


def psm_count(*, session: Session, area_code: str) -> int:
    """How many active PSM the area has."""
    count = select(func.count(col(Person.id))).where(*_roster(area_code))
    return int(run(session, count).scalar_one())


def silent_psm(*, session: Session, area_code: str, start: date, end: date) -> list[RosterEntry]:
    """PSM of the area with no activity, new case or case update in the period."""
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
        .where(*_roster(area_code), ~did_activity, ~opened_case, ~updated_case)
        .order_by(col(Region.name), col(Person.name)),
    ).all()
    return [RosterEntry(int(pid), name, str(role), area) for pid, name, role, area in rows]
