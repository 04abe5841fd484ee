"""Storing cases and everything that happens to them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, or_
from sqlmodel import Session, col, select

from storage.area_scope import in_area
from storage.encryption import current_keyring
from storage.models.cases import Case, CaseEvent, CaseEventKind, CaseStatus
from storage.models.people import Person, PersonRole, PersonStatus

OPEN_STATUSES = (CaseStatus.OPEN, CaseStatus.IN_PROGRESS, CaseStatus.REFERRED, CaseStatus.MOVED)
EDITABLE = (
    "client_name",
    "client_sex",
    "client_age",
    "nik",
    "rt",
    "rw",
    "ppks",
    "problem",
    "source",
    "urgency",
)


def create_case(
    *,
    session: Session,
    reporter_id: int,
    area_code: str,
    values: dict[str, Any],
    opened_on: date,
    now: datetime,
) -> Case:
    """Store a new case and its `opened` event."""
    case = Case(
        reporter_id=reporter_id,
        area_code=area_code,
        opened_on=opened_on,
        created_at=now,
        updated_at=now,
        **values,
    )
    session.add(case)
    session.flush()
    add_event(
        session=session,
        case=case,
        kind=CaseEventKind.OPENED,
        actor_id=reporter_id,
        occurred_on=opened_on,
        now=now,
    )
    return case


def add_event(
    *,
    session: Session,
    case: Case,
    kind: CaseEventKind,
    actor_id: int | None,
    occurred_on: date,
    now: datetime,
    note: str | None = None,
    data: dict[str, Any] | None = None,
) -> CaseEvent:
    """Record something that happened to a case; the case counts as updated now."""
    event = CaseEvent(
        case_id=case.id or 0,
        kind=kind,
        actor_id=actor_id,
        occurred_on=occurred_on,
        note=note,
        data=data or {},
        created_at=now,
    )
    session.add(event)
    case.updated_at = now
    if (
        kind in (CaseEventKind.VISIT, CaseEventKind.ASSESSMENT, CaseEventKind.ASSISTANCE)
        and case.status == CaseStatus.OPEN
    ):
        case.status = CaseStatus.IN_PROGRESS
    session.add(case)
    session.flush()
    return event


def open_cases_of(
    *, session: Session, reporter_id: int | None = None, area_code: str | None = None
) -> list[Case]:
    """Open cases reported by a PSM or lying in an area, stalest first."""
    query = select(Case).where(col(Case.status).in_(OPEN_STATUSES), col(Case.deleted_at).is_(None))
    if reporter_id is not None and area_code is not None:
        query = query.where(
            or_(col(Case.reporter_id) == reporter_id, col(Case.area_code) == area_code)
        )
    elif reporter_id is not None:
        query = query.where(Case.reporter_id == reporter_id)
    elif area_code is not None:
        query = query.where(Case.area_code == area_code)
    return list(session.exec(query.order_by(col(Case.updated_at), col(Case.id))).all())


def update_case(
    *, session: Session, case: Case, values: dict[str, Any], actor_id: int, now: datetime
) -> dict[str, list[Any]]:
    """Apply changed fields with an `edited` event holding old and new values."""
    changes: dict[str, list[Any]] = {}
    for name, value in values.items():
        if name in EDITABLE and getattr(case, name) != value:
            changes[name] = [getattr(case, name), value]
            setattr(case, name, value)
    if changes:
        # The NIK's old and new values are not copied into the history.
        if "nik" in changes:
            changes["nik"] = ["•", "•"]
        add_event(
            session=session,
            case=case,
            kind=CaseEventKind.EDITED,
            actor_id=actor_id,
            occurred_on=now.date(),
            now=now,
            data={"changes": changes},
        )
    return changes


def cases_with_nik(*, session: Session, nik: str) -> list[Case]:
    """Cases recorded with this NIK (not deleted), found by its keyed hash."""
    hashes = current_keyring().lookup_hashes(nik)
    return list(
        session.exec(
            select(Case)
            .where(col(Case.nik_hash).in_(hashes), col(Case.deleted_at).is_(None))
            .order_by(col(Case.id))
        ).all()
    )


def events_of(*, session: Session, case_id: int) -> list[CaseEvent]:
    """A case's history, oldest first."""
    return list(
        session.exec(
            select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(col(CaseEvent.id))
        ).all()
    )


def count_cases(*, session: Session) -> int:
    """How many cases exist (deleted ones included)."""
    return int(session.exec(select(func.count()).select_from(Case)).one())


def last_case_of(*, session: Session, reporter_id: int, since: datetime) -> Case | None:
    """The reporter's newest case created after `since`, not deleted."""
    return session.exec(
        select(Case)
        .where(
            Case.reporter_id == reporter_id,
            col(Case.deleted_at).is_(None),
            col(Case.created_at) >= since,
        )
        .order_by(col(Case.created_at).desc(), col(Case.id).desc())
    ).first()


def own_open_cases(*, session: Session, reporter_id: int, area_code: str) -> list[Case]:
    """Open cases a PSM reported, and those moved into their kelurahan, stalest first."""
    query = select(Case).where(
        col(Case.status).in_(OPEN_STATUSES),
        col(Case.deleted_at).is_(None),
        or_(
            col(Case.reporter_id) == reporter_id,
            and_(col(Case.status) == CaseStatus.MOVED, col(Case.area_code) == area_code),
        ),
    )
    return list(session.exec(query.order_by(col(Case.updated_at), col(Case.id))).all())


def open_cases_in_area(
    *,
    session: Session,
    area_code: str,
    ppks: int | None = None,
    limit: int = 10,
    offset: int = 0,
) -> tuple[list[Case], int]:
    """A page of the open cases lying in an area (or below it), stalest first, and the total."""
    conditions = [
        col(Case.status).in_(OPEN_STATUSES),
        col(Case.deleted_at).is_(None),
        in_area(col(Case.area_code), area_code),
    ]
    if ppks is not None:
        conditions.append(col(Case.ppks) == ppks)
    total = int(session.exec(select(func.count()).select_from(Case).where(*conditions)).one())
    rows = session.exec(
        select(Case)
        .where(*conditions)
        .order_by(col(Case.updated_at), col(Case.id))
        .offset(offset)
        .limit(limit)
    ).all()
    return list(rows), total


def takers_of_area(*, session: Session, area_code: str) -> list[Person]:
    """Who takes over a case moved to a kelurahan: its active PSM and ketua PSM, and the TKSK
    of its kecamatan."""
    district = area_code.rsplit(".", 1)[0]
    return list(
        session.exec(
            select(Person)
            .where(
                col(Person.active).is_(True),
                Person.status == PersonStatus.APPROVED,
                or_(
                    and_(
                        col(Person.area_code) == area_code,
                        col(Person.role).in_([PersonRole.PSM, PersonRole.KETUA_PSM]),
                    ),
                    and_(col(Person.area_code) == district, col(Person.role) == PersonRole.TKSK),
                ),
            )
            .order_by(col(Person.id))
        ).all()
    )
