"""People read and written many at a time: a roster of thousands in a few statements."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Table, select
from sqlmodel import Session, col

from storage.models.people import Person, PersonRole, PersonStatus
from storage.upserts import insert_for

# Phones per `IN (...)` and rows per INSERT: well inside SQLite's limit of bound parameters.
CHUNK = 500


@dataclass(frozen=True, slots=True)
class Listed:
    """What the roster says of a person, as stored."""

    name: str
    role: PersonRole
    area_code: str


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """A person to create, or to update when the phone is registered already."""

    phone: str
    name: str
    role: PersonRole
    area_code: str


def people_by_phone(session: Session, phones: Iterable[str]) -> dict[str, Listed]:
    """The stored name, role and area of each registered phone among `phones`."""
    wanted = sorted(set(phones))
    found: dict[str, Listed] = {}
    for start in range(0, len(wanted), CHUNK):
        query = select(
            col(Person.phone), col(Person.name), col(Person.role), col(Person.area_code)
        ).where(col(Person.phone).in_(wanted[start : start + CHUNK]))
        for phone, name, role, area_code in session.execute(query):
            found[phone] = Listed(name, role, area_code)
    return found


def upsert_people(session: Session, records: Sequence[PersonRecord], now: datetime) -> None:
    """Create the people of `records`, or update name, role and area of those registered
    (`INSERT ... ON CONFLICT (phone) DO UPDATE`); other fields of a registered person stay."""
    if not records:
        return
    session.flush()
    table: Table = Person.__table__  # type: ignore[attr-defined]
    statement = insert_for(session.get_bind().dialect.name)(table)
    statement = statement.on_conflict_do_update(
        index_elements=["phone"],
        set_={
            "name": statement.excluded.name,
            "role": statement.excluded.role,
            "area_code": statement.excluded.area_code,
            "updated_at": statement.excluded.updated_at,
        },
    )
    for start in range(0, len(records), CHUNK):
        # One statement, many parameter sets: compiled once, sent in multi-row batches.
        session.execute(
            statement,
            [
                {
                    "phone": r.phone,
                    "name": r.name,
                    "role": r.role,
                    "area_code": r.area_code,
                    "locale": "id",
                    "active": True,
                    "status": PersonStatus.APPROVED,
                    "created_at": now,
                    "updated_at": now,
                }
                for r in records[start : start + CHUNK]
            ],
        )
    # Person objects this session holds (the importer, say) are read again when next used.
    changed = {r.phone for r in records}
    for held in list(session.identity_map.values()):
        if isinstance(held, Person) and held.phone in changed:
            session.expire(held)
