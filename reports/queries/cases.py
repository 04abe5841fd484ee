"""Cases of a period: new ones by PPKS, all by status, referrals, and those left waiting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlmodel import Session, col

from reports.queries.activities import CodeCount
from storage.area_scope import in_area, run
from storage.models.cases import Case, CaseEvent, CaseEventKind, CaseStatus
from storage.models.people import Person
from storage.models.regions import Region

# A case in one of these states needs no follow-up.
FINISHED = (CaseStatus.CLOSED, CaseStatus.MOVED)


@dataclass(frozen=True, slots=True)
class StaleCase:
    """An unfinished case with no news for a while."""

    case_id: int
    ppks: int | None
    area_name: str
    psm_name: str
    last_update: date
    days: int


def _live(area_code: str) -> list[ColumnElement[bool]]:
    return [in_area(col(Case.area_code), area_code), col(Case.deleted_at).is_(None)]


def opened_in(area_code: str, start: date, end: date) -> list[ColumnElement[bool]]:
    """Live cases of the area opened in [start, end)."""
    return [*_live(area_code), col(Case.opened_on) >= start, col(Case.opened_on) < end]


def new_cases_by_ppks(
    *, session: Session, area_code: str, start: date, end: date
) -> list[CodeCount]:
    """Cases opened in the period per PPKS category (code as text; None: not classified)."""
    count = func.count(col(Case.id))
    rows = run(
        session,
        select(col(Case.ppks), count)
        .where(*opened_in(area_code, start, end))
        .group_by(col(Case.ppks))
        .order_by(count.desc(), col(Case.ppks).asc().nulls_last()),
    ).all()
    return [CodeCount(None if ppks is None else str(ppks), int(n)) for ppks, n in rows]


def cases_by_status(*, session: Session, area_code: str, end: date) -> list[CodeCount]:
    """Every case opened before the period's end, by its status now."""
    count = func.count(col(Case.id))
    rows = run(
        session,
        select(col(Case.status), count)
        .where(*_live(area_code), col(Case.opened_on) < end)
        .group_by(col(Case.status))
        .order_by(count.desc(), col(Case.status)),
    ).all()
    return [CodeCount(str(status), int(n)) for status, n in rows]


def referrals_by_destination(
    *, session: Session, area_code: str, start: date, end: date
) -> list[CodeCount]:
    """Referrals made in the period, per destination (from the event, else the case)."""
    destination = func.coalesce(CaseEvent.data["destination"].as_string(), col(Case.referral))
    count = func.count(col(CaseEvent.id))
    rows = run(
        session,
        select(destination, count)
        .join(Case, col(Case.id) == col(CaseEvent.case_id))
        .where(
            *_live(area_code),
            col(CaseEvent.kind) == CaseEventKind.REFERRAL,
            col(CaseEvent.occurred_on) >= start,
            col(CaseEvent.occurred_on) < end,
        )
        .group_by(destination)
        .order_by(count.desc(), destination.asc().nulls_last()),
    ).all()
    return [CodeCount(code, int(n)) for code, n in rows]


def _last_news(end: date) -> Any:
    """A case's newest event before `end`, else the day it was opened: one backward probe of
    the (case, day) index of its events."""
    newest = (
        select(func.max(col(CaseEvent.occurred_on)))
        .where(col(CaseEvent.case_id) == col(Case.id), col(CaseEvent.occurred_on) < end)
        .correlate(Case)
        .scalar_subquery()
    )
    return func.coalesce(newest, col(Case.opened_on))


def stale_filter(
    area_code: str, end: date, end_utc: datetime, days: int
) -> list[ColumnElement[bool]]:
    """Unfinished cases at the period's end with no news in the last `days` before it.

    No news: opened `days` or more before the end and no event since (an event before the end
    and after the cut-off is news). Bounded by the area's unfinished cases; the events checked
    are only those of the last `days`, which the database takes as one anti-join over the
    (case, day) index rather than a newest-event lookup per case.
    """
    as_of = date.fromordinal(end.toordinal() - 1)
    cutoff = date.fromordinal(as_of.toordinal() - days)
    unfinished = or_(
        col(Case.status).not_in(FINISHED),
        and_(col(Case.closed_at).is_not(None), col(Case.closed_at) >= end_utc),
    )
    news = (
        select(col(CaseEvent.id))
        .where(
            col(CaseEvent.case_id) == col(Case.id),
            col(CaseEvent.occurred_on) > cutoff,
            col(CaseEvent.occurred_on) < end,
        )
        .correlate(Case)
        .exists()
    )
    return [*_live(area_code), col(Case.opened_on) <= cutoff, unfinished, ~news]


def stale_count(
    *, session: Session, area_code: str, end: date, end_utc: datetime, days: int = 14
) -> int:
    """How many cases `stale_cases` lists, counted in the database."""
    query = select(func.count(col(Case.id))).where(*stale_filter(area_code, end, end_utc, days))
    return int(run(session, query).scalar_one())


def stale_cases(
    *,
    session: Session,
    area_code: str,
    end: date,
    end_utc: datetime,
    days: int = 14,
    limit: int | None = None,
) -> list[StaleCase]:
    """Cases unfinished at the period's end whose last news is `days` or more old by then.

    The last news is the newest event before the end, else the day the case was opened; a case
    finished after the end still counts as unfinished for that period. Stalest first; with
    `limit`, only that many.
    """
    as_of = date.fromordinal(end.toordinal() - 1)
    last = _last_news(end)
    query = (
        select(col(Case.id), col(Case.ppks), col(Region.name), col(Person.name), last)
        .join(Region, col(Region.code) == col(Case.area_code))
        .join(Person, col(Person.id) == col(Case.reporter_id))
        .where(*stale_filter(area_code, end, end_utc, days))
        .order_by(last, col(Case.id))
    )
    if limit is not None:
        query = query.limit(limit)
    return [
        StaleCase(int(case_id), ppks, area, psm, last_update, (as_of - last_update).days)
        for case_id, ppks, area, psm, last_update in run(session, query).all()
    ]


def cases_handled_by(*, session: Session, area_code: str, start: date, end: date) -> dict[int, int]:
    """Per PSM, how many distinct cases they opened, visited, referred... in the period."""
    rows = run(
        session,
        select(col(CaseEvent.actor_id), func.count(func.distinct(col(CaseEvent.case_id))))
        .join(Case, col(Case.id) == col(CaseEvent.case_id))
        .where(
            *_live(area_code),
            col(CaseEvent.actor_id).is_not(None),
            col(CaseEvent.occurred_on) >= start,
            col(CaseEvent.occurred_on) < end,
        )
        .group_by(col(CaseEvent.actor_id)),
    ).all()
    return {int(actor): int(n) for actor, n in rows}


def cases_opened_by(*, session: Session, area_code: str, start: date, end: date) -> dict[int, int]:
    """Per PSM, how many cases they reported in the period."""
    rows = run(
        session,
        select(col(Case.reporter_id), func.count(col(Case.id)))
        .where(*opened_in(area_code, start, end))
        .group_by(col(Case.reporter_id)),
    ).all()
    return {int(reporter): int(n) for reporter, n in rows}
