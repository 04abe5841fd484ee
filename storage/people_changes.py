"""Approving, rejecting, deactivating and reactivating a person: the rules checked, audited.

The chat buttons and commands and the dashboard's roster page change people only through
these functions, so both enforce the same rank rules (storage.people_management) and leave
the same audit entries.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Session, col, select

from storage.audit import audit
from storage.dashboard_access import revoke_sessions_of
from storage.models.people import Person, PersonStatus
from storage.people_management import Refusal, deactivation_refusal, management_refusal


class Decision(StrEnum):
    """What became of a registration decision."""

    DECIDED = "decided"
    NOT_ALLOWED = "not_allowed"
    ALREADY_DECIDED = "already_decided"


def pending_registrations(*, session: Session) -> list[Person]:
    """Self-registrations still awaiting a decision, oldest first."""
    return list(
        session.exec(
            select(Person).where(Person.status == PersonStatus.PENDING).order_by(col(Person.id))
        ).all()
    )


def decide_registration(
    *, session: Session, manager: Person, applicant: Person, approve: bool, now: datetime
) -> Decision:
    """Approve or reject a pending self-registration the manager may decide on."""
    if management_refusal(manager, applicant) is not None:
        return Decision.NOT_ALLOWED
    if applicant.status != PersonStatus.PENDING:
        return Decision.ALREADY_DECIDED
    verdict = "approve" if approve else "reject"
    applicant.status = PersonStatus.APPROVED if approve else PersonStatus.REJECTED
    if approve:
        applicant.approved_at = now
    applicant.updated_at = now
    session.add(applicant)
    audit(
        session=session,
        action=f"person.{verdict}",
        actor_id=manager.id,
        subject_type="person",
        subject_id=applicant.id,
    )
    return Decision.DECIDED


def set_active(
    *, session: Session, manager: Person, person: Person, active: bool, now: datetime
) -> Refusal | None:
    """(De)activate the person when the rank rules allow; the refusal otherwise.

    Deactivating also ends the person's dashboard sign-ins.
    """
    refusal = (
        management_refusal(manager, person)
        if active
        else deactivation_refusal(session=session, manager=manager, person=person)
    )
    if refusal is not None:
        return refusal
    person.active = active
    person.updated_at = now
    session.add(person)
    if not active and person.id is not None:
        # Signed out of the dashboard everywhere, at once.
        revoke_sessions_of(session=session, person_id=person.id, now=now)
    audit(
        session=session,
        action="person.activate" if active else "person.deactivate",
        actor_id=manager.id,
        subject_type="person",
        subject_id=person.id,
    )
    return None
