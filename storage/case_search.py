"""Cases of an area found by the dashboard's filters, and one case's whole timeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlmodel import Session, col

from reports.queries.cases import stale_cases
from storage.area_scope import in_area, run
from storage.models.cases import Case, CaseEvent
from storage.models.media import Media
from storage.models.people import Person
from storage.models.regions import Region


@dataclass(frozen=True, slots=True)
class CaseFilter:
    """What the case list is narrowed to; `area_code` is required."""

    area_code: str
    status: str | None = None
    ppks: int | None = None
    # Only cases without news for `stale_days` days as of `stale_as_of` (the overview's rule).
    stale: bool = False
    stale_as_of: date | None = None  # the day after the last day counted (exclusive)
    stale_as_of_utc: datetime | None = None
    stale_days: int = 14


@dataclass(frozen=True, slots=True)
class CaseItem:
    """One case as the list shows it."""

    case: Case
    area_name: str
    reporter_name: str
    last_news: date | None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One event of a case, who recorded it, and its photos."""

    event: CaseEvent
    actor_name: str | None
    media_ids: list[int] = field(default_factory=list)


def _conditions(session: Session, filters: CaseFilter) -> list[ColumnElement[bool]]:
    where = [in_area(col(Case.area_code), filters.area_code), col(Case.deleted_at).is_(None)]
    if filters.status:
        where.append(col(Case.status) == filters.status)
    if filters.ppks is not None:
        where.append(col(Case.ppks) == filters.ppks)
    if filters.stale and filters.stale_as_of is not None and filters.stale_as_of_utc is not None:
        ids = [
            s.case_id
            for s in stale_cases(
                session=session,
                area_code=filters.area_code,
                end=filters.stale_as_of,
                end_utc=filters.stale_as_of_utc,
                days=filters.stale_days,
            )
        ]
        where.append(col(Case.id).in_(ids))
    return where


def case_page(
    *, session: Session, filters: CaseFilter, limit: int, offset: int
) -> tuple[list[CaseItem], int]:
    """A page of matching cases, most recently opened first, and how many match in all."""
    where = _conditions(session, filters)
    total = int(run(session, select(func.count(col(Case.id))).where(*where)).scalar_one())
    last = (
        select(col(CaseEvent.case_id), func.max(col(CaseEvent.occurred_on)).label("last"))
        .group_by(col(CaseEvent.case_id))
        .subquery()
    )
    rows = run(
        session,
        select(Case, col(Region.name), col(Person.name), last.c.last)
        .join(Region, col(Region.code) == col(Case.area_code))
        .join(Person, col(Person.id) == col(Case.reporter_id))
        .outerjoin(last, last.c.case_id == col(Case.id))
        .where(*where)
        .order_by(col(Case.opened_on).desc(), col(Case.id).desc())
        .offset(offset)
        .limit(limit),
    ).all()
    return [CaseItem(c, area, name, news) for c, area, name, news in rows], total


def case_timeline(*, session: Session, case: Case) -> tuple[list[TimelineEntry], list[int]]:
    """The case's events oldest first, each with its photos, and photos of the case itself."""
    events = run(
        session,
        select(CaseEvent, col(Person.name))
        .outerjoin(Person, col(Person.id) == col(CaseEvent.actor_id))
        .where(col(CaseEvent.case_id) == case.id)
        .order_by(col(CaseEvent.occurred_on), col(CaseEvent.id)),
    ).all()
    event_ids = [e.id for e, _ in events]
    by_event: dict[int, list[int]] = {}
    of_case: list[int] = []
    for media_id, event_id in run(
        session,
        select(col(Media.id), col(Media.case_event_id))
        .where(
            or_(col(Media.case_id) == case.id, col(Media.case_event_id).in_(event_ids)),
            col(Media.content_type).startswith("image/"),
        )
        .order_by(col(Media.id)),
    ).all():
        if event_id is not None and event_id in event_ids:
            by_event.setdefault(int(event_id), []).append(int(media_id))
        else:
            of_case.append(int(media_id))
    entries = [TimelineEntry(e, name, by_event.get(e.id or 0, [])) for e, name in events]
    return entries, of_case
