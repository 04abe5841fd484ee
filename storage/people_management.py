"""Who may manage whom: rank, area, and the approver every area must keep.

One place for the rules, so the chat commands and the dashboard enforce the same ones:
PSM < ketua PSM < TKSK < Dinas Sosial < admin; a coordinator manages people of lower rank in
their own area (an admin manages anyone); nobody deactivates themself; the last active approver
of an area stays active.
"""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import Session, col, select

from storage.models.people import Person, PersonRole, PersonStatus
from storage.regions import within

RANK: dict[PersonRole, int] = {
    PersonRole.PSM: 0,
    PersonRole.KETUA_PSM: 1,
    PersonRole.TKSK: 2,
    PersonRole.DINSOS: 3,
    PersonRole.ADMIN: 4,
}
COORDINATORS = (PersonRole.TKSK, PersonRole.DINSOS, PersonRole.ADMIN)
# Clients' names go to those who work with the cases: up to the TKSK. Dinas Sosial and admins
# evaluate the work and see cases by number (data minimisation, UU PDP).
CLIENT_NAME_MAX_RANK = RANK[PersonRole.TKSK]


class Refusal(StrEnum):
    """Why a management action is refused."""

    NOT_COORDINATOR = "not_coordinator"
    OUT_OF_AREA = "out_of_area"
    NOT_HIGHER_RANK = "not_higher_rank"
    SELF = "self"
    LAST_APPROVER = "last_approver"


def rank_of(person: Person) -> int:
    """The person's rank: 0 for a PSM up to 4 for an admin."""
    return RANK[PersonRole(person.role)]


def may_see_client_names(role: PersonRole) -> bool:
    """Whether a viewer of this role is shown clients' names (ketua PSM and TKSK; PSM their
    own cases in the chat)."""
    return RANK[PersonRole(role)] <= CLIENT_NAME_MAX_RANK


def management_refusal(manager: Person, person: Person) -> Refusal | None:
    """Why `manager` may not manage `person` (approve, reject, (de)activate); None if allowed."""
    if manager.role not in COORDINATORS:
        return Refusal.NOT_COORDINATOR
    if manager.role == PersonRole.ADMIN:
        return None
    if rank_of(person) >= rank_of(manager):
        return Refusal.NOT_HIGHER_RANK
    if not within(person.area_code, manager.area_code):
        return Refusal.OUT_OF_AREA
    return None


def deactivation_refusal(*, session: Session, manager: Person, person: Person) -> Refusal | None:
    """Why `manager` may not deactivate `person`; None if allowed."""
    if manager.id is not None and manager.id == person.id:
        return Refusal.SELF
    refusal = management_refusal(manager, person)
    if refusal is not None:
        return refusal
    if is_last_active_approver(session=session, person=person):
        return Refusal.LAST_APPROVER
    return None


def approvers_for(
    *, session: Session, area_code: str, exclude_id: int | None = None
) -> list[Person]:
    """Who approves registrations in an area: the TKSK of its kecamatan; failing that,
    Dinas Sosial and admins of its kab/kota or province."""
    parts = area_code.split(".")
    levels: list[tuple[tuple[PersonRole, ...], tuple[str, ...]]] = []
    if len(parts) >= 3:
        levels.append(((PersonRole.TKSK,), (".".join(parts[:3]),)))
    above = tuple(dict.fromkeys(".".join(parts[:n]) for n in (2, 1) if len(parts) >= n))
    levels.append(((PersonRole.DINSOS, PersonRole.ADMIN), above))
    for roles, areas in levels:
        query = select(Person).where(
            col(Person.role).in_(roles),
            col(Person.area_code).in_(areas),
            col(Person.active).is_(True),
            Person.status == PersonStatus.APPROVED,
        )
        if exclude_id is not None:
            query = query.where(col(Person.id) != exclude_id)
        found = list(session.exec(query.order_by(col(Person.id))).all())
        if found:
            return found
    return []


def is_last_active_approver(*, session: Session, person: Person) -> bool:
    """Deactivating this person would leave their area with nobody to approve registrations."""
    if (
        person.role not in COORDINATORS
        or not person.active
        or person.status != PersonStatus.APPROVED
    ):
        return False
    return not approvers_for(session=session, area_code=person.area_code, exclude_id=person.id)
