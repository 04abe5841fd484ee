"""The people of an area as the dashboard's roster page lists and downloads them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lokal.samaran import partial_mask
from sqlalchemy import func, select
from sqlmodel import Session, col

from storage.area_scope import in_area, run
from storage.models.people import Person, PersonStatus
from storage.models.regions import Region

# The columns of a downloaded roster: those the import reads, then the state of each person.
ROSTER_COLUMNS = ("nama", "telepon", "peran", "kelurahan", "kode_wilayah", "aktif", "status")


@dataclass(frozen=True, slots=True)
class RosterPerson:
    """One person of the area with the name of their region."""

    person: Person
    area_name: str

    @property
    def phone_masked(self) -> str:
        """The phone number with its middle hidden (`0812****7890`)."""
        return mask_phone(self.person.phone)


def mask_phone(phone: str | None) -> str:
    """A phone number as shown outside a private chat: first and last digits only."""
    if not phone:
        return ""
    return partial_mask("PHONE", phone)


def _people(
    session: Session,
    area_code: str,
    *conditions: Any,
    limit: int | None = None,
    offset: int = 0,
) -> list[RosterPerson]:
    query = (
        select(Person, col(Region.name))
        .join(Region, col(Region.code) == col(Person.area_code))
        .where(in_area(col(Person.area_code), area_code), *conditions)
        .order_by(col(Region.name), col(Person.name), col(Person.id))
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    return [RosterPerson(person, area) for person, area in run(session, query).all()]


def pending_registrations(*, session: Session, area_code: str) -> list[RosterPerson]:
    """Self-registrations of the area still awaiting a decision, oldest first."""
    found = _people(session, area_code, col(Person.status) == PersonStatus.PENDING)
    return sorted(found, key=lambda r: (r.person.created_at, r.person.id or 0))


def area_people(
    *, session: Session, area_code: str, limit: int | None = None, offset: int = 0
) -> list[RosterPerson]:
    """Everyone approved in the area (active or not), by kelurahan and name; a page of them
    with `limit` and `offset`."""
    approved = col(Person.status) == PersonStatus.APPROVED
    return _people(session, area_code, approved, limit=limit, offset=offset)


def count_people(*, session: Session, area_code: str) -> int:
    """How many approved people the area has (active or not)."""
    query = select(func.count(col(Person.id))).where(
        in_area(col(Person.area_code), area_code), col(Person.status) == PersonStatus.APPROVED
    )
    return int(run(session, query).scalar_one())


def person_in_area(*, session: Session, person_id: int, area_code: str | None) -> Person | None:
    """The person, when they belong to the area (None: everywhere); otherwise None."""
    query = select(Person).where(col(Person.id) == person_id)
    if area_code is not None:
        query = query.where(in_area(col(Person.area_code), area_code))
    found: Person | None = run(session, query).scalar_one_or_none()
    return found


def roster_rows(*, session: Session, area_code: str) -> list[dict[str, Any]]:
    """The area's approved people as download rows, phone numbers masked."""
    return [
        {
            "nama": entry.person.name,
            "telepon": entry.phone_masked,
            "peran": str(entry.person.role),
            "kelurahan": entry.area_name,
            "kode_wilayah": entry.person.area_code,
            "aktif": entry.person.active,
            "status": entry.person.status,
        }
        for entry in area_people(session=session, area_code=area_code)
    ]
