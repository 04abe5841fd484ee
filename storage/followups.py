"""Cases waiting for a follow-up, the TKSK to tell, and the one-tap answers to a prompt."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, col, select

from storage.models.cases import Case, CaseEvent, CaseEventKind, CaseStatus
from storage.models.people import Person, PersonRole, PersonStatus
from storage.models.regions import Region
from storage.regions import dotted

# Cases still in someone's hands; moved and closed ones need no follow-up.
ACTIVE_STATUSES = (CaseStatus.OPEN, CaseStatus.IN_PROGRESS, CaseStatus.REFERRED)
FOLLOWUP_ANSWERS = ("visit", "nochange", "close")


def stale_cases(
    *, session: Session, updated_before: datetime, zone: str | None = None
) -> list[Case]:
    """Active cases not updated since `updated_before`, of areas in `zone` when given."""
    query = (
        select(Case)
        .join(Region, col(Region.code) == col(Case.area_code))
        .where(
            col(Case.status).in_(ACTIVE_STATUSES),
            col(Case.deleted_at).is_(None),
            col(Case.updated_at) <= updated_before,
        )
    )
    if zone is not None:
        query = query.where(Region.timezone == zone)
    return list(session.exec(query.order_by(col(Case.id))).all())


def area_chain(code: str) -> list[str]:
    """An area's code and the codes above it (`73.71.09.1008`, `73.71.09`, `73.71`, `73`)."""
    parts = dotted(code).split(".")
    return [".".join(parts[:n]) for n in range(len(parts), 0, -1)]


def tksk_of(*, session: Session, area_code: str) -> list[Person]:
    """The active TKSK whose kecamatan contains the area."""
    return list(
        session.exec(
            select(Person)
            .where(
                Person.role == PersonRole.TKSK,
                col(Person.active).is_(True),
                Person.status == PersonStatus.APPROVED,
                col(Person.area_code).in_(area_chain(area_code)),
            )
            .order_by(col(Person.id))
        ).all()
    )


def record_followup(
    *, session: Session, case: Case, answer: str, actor_id: int, today: date, now: datetime
) -> CaseEvent:
    """Store a PSM's answer to a follow-up prompt as a case event; the case counts as updated."""
    if answer not in FOLLOWUP_ANSWERS:
        raise ValueError(f"not a follow-up answer: {answer!r}")
    if answer == "visit":
        event = CaseEvent(
            case_id=case.id or 0,
            kind=CaseEventKind.VISIT,
            actor_id=actor_id,
            occurred_on=today,
            data={"via": "followup"},
        )
        if case.status == CaseStatus.OPEN:
            case.status = CaseStatus.IN_PROGRESS
    elif answer == "nochange":
        event = CaseEvent(
            case_id=case.id or 0,
            kind=CaseEventKind.NOTE,
            actor_id=actor_id,
            occurred_on=today,
            note="Belum ada perubahan",
            data={"via": "followup", "followup": "no_change"},
        )
    else:
        event = CaseEvent(
            case_id=case.id or 0,
            kind=CaseEventKind.CLOSED,
            actor_id=actor_id,
            occurred_on=today,
            data={"via": "followup"},
        )
        case.status = CaseStatus.CLOSED
        case.closed_at = now
    event.created_at = now
    case.updated_at = now
    session.add(event)
    session.add(case)
    session.flush()
    return event
