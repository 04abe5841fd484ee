"""The audit log as the dashboard reads it: one area's entries, filtered and paged.

An entry belongs to an area when the person who acted works there, or when it is about a
person who does. Entries of the system itself (the command line, the scheduler) name no
person and are shown to those who see everywhere only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, String, and_, cast, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from storage.area_scope import in_area, run
from storage.models.audit import AuditLog
from storage.models.people import Person

PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What the reader asked for: who acted, which action (or its prefix), a UTC period."""

    actor_id: int | None = None
    action: str | None = None
    start_utc: datetime | None = None
    end_utc: datetime | None = None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One audited action with the names of who acted and whom it concerned."""

    entry_id: int
    at: datetime
    actor_name: str | None
    actor_label: str | None
    action: str
    subject_type: str | None
    subject_id: str | None
    subject_name: str | None
    detail: dict[str, Any]


@dataclass(frozen=True, slots=True)
class AuditPage:
    """One page of entries, newest first."""

    entries: list[AuditEntry]
    page: int
    has_next: bool


Actor = aliased(Person, name="actor")
Subject = aliased(Person, name="subject")


def _subject_join() -> ColumnElement[bool]:
    return and_(
        col(AuditLog.subject_type) == "person",
        col(AuditLog.subject_id) == cast(col(Subject.id), String),
    )


def _scope(area_code: str | None) -> list[ColumnElement[bool]]:
    if area_code is None:
        return []
    return [
        or_(in_area(col(Actor.area_code), area_code), in_area(col(Subject.area_code), area_code))
    ]


def _filters(chosen: AuditFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if chosen.actor_id is not None:
        where.append(col(AuditLog.actor_id) == chosen.actor_id)
    if chosen.action:
        where.append(
            or_(
                col(AuditLog.action) == chosen.action,
                col(AuditLog.action).startswith(chosen.action + "."),
            )
        )
    if chosen.start_utc is not None:
        where.append(col(AuditLog.at) >= chosen.start_utc)
    if chosen.end_utc is not None:
        where.append(col(AuditLog.at) < chosen.end_utc)
    return where


def audit_page(
    *,
    session: Session,
    area_code: str | None,
    chosen: AuditFilter,
    page: int = 1,
    per_page: int = PAGE_SIZE,
) -> AuditPage:
    """Entries of the area (None: everywhere) matching the filter, newest first, one page."""
    page = max(page, 1)
    query = (
        select(AuditLog, col(Actor.name), col(Subject.name))
        .outerjoin(Actor, col(Actor.id) == col(AuditLog.actor_id))
        .outerjoin(Subject, _subject_join())
        .where(*_scope(area_code), *_filters(chosen))
        .order_by(col(AuditLog.at).desc(), col(AuditLog.id).desc())
        .offset((page - 1) * per_page)
        .limit(per_page + 1)
    )
    rows = run(session, query).all()
    entries = [
        AuditEntry(
            entry_id=int(entry.id),
            at=entry.at,
            actor_name=actor,
            actor_label=entry.actor_label,
            action=entry.action,
            subject_type=entry.subject_type,
            subject_id=entry.subject_id,
            subject_name=subject,
            detail=dict(entry.detail or {}),
        )
        for entry, actor, subject in rows[:per_page]
    ]
    return AuditPage(entries, page, len(rows) > per_page)


def actions_seen(*, session: Session, area_code: str | None) -> list[str]:
    """The distinct actions of the area's entries, to offer as a filter."""
    query = (
        select(col(AuditLog.action))
        .outerjoin(Actor, col(Actor.id) == col(AuditLog.actor_id))
        .outerjoin(Subject, _subject_join())
        .where(*_scope(area_code))
        .group_by(col(AuditLog.action))
        .order_by(col(AuditLog.action))
    )
    return [str(action) for (action,) in run(session, query).all()]


def actors_seen(*, session: Session, area_code: str | None) -> list[tuple[int, str]]:
    """The people who acted in the area's entries (id, name), to offer as a filter."""
    query = (
        select(col(Actor.id), col(Actor.name))
        .select_from(AuditLog)
        .join(Actor, col(Actor.id) == col(AuditLog.actor_id))
        .outerjoin(Subject, _subject_join())
        .where(*_scope(area_code))
        .group_by(col(Actor.id), col(Actor.name))
        .order_by(func.lower(col(Actor.name)), col(Actor.id))
    )
    return [(int(pid), str(name)) for pid, name in run(session, query).all()]
