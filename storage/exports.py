"""The rows of the data exports, streamed: plain columns in export order as the database yields
them (a server-side cursor on PostgreSQL), never a whole table of ORM objects in memory."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col

from storage.models.activities import Activity
from storage.models.cases import Case, CaseEvent
from storage.models.media import Media
from storage.models.people import Person
from storage.models.regions import Region
from storage.personal_data import mask_nik
from storage.reports.rows import ACTIVITY_COLUMNS, CASE_COLUMNS
from storage.reports.scope import in_area

Subject = Literal["cases", "activities"]
# Rows fetched from the cursor at a time: memory stays flat, round trips stay few.
BATCH = 2000


def export_columns(subject: Subject) -> tuple[str, ...]:
    """The header of an export."""
    return CASE_COLUMNS if subject == "cases" else ACTIVITY_COLUMNS


def export_rows(
    session: Session, subject: Subject, area_code: str | None
) -> Iterator[tuple[Any, ...]]:
    """Every live case or activity of the area (all areas without one), oldest first, as
    tuples in the order of `export_columns`; the NIK comes masked."""
    if subject == "activities":
        yield from _stream(session, _activities(area_code))
        return
    nik = CASE_COLUMNS.index("nik_masked")
    status = CASE_COLUMNS.index("status")
    for row in _stream(session, _cases(area_code)):
        values = list(row)
        values[nik] = mask_nik(values[nik])
        values[status] = str(values[status])
        yield tuple(values)


def _stream(session: Session, statement: Select[Any]) -> Iterator[tuple[Any, ...]]:
    result = OrmSession.execute(session, statement, execution_options={"yield_per": BATCH})
    for partition in result.partitions():
        for row in partition:
            yield tuple(row)


def _activities(area_code: str | None) -> Select[Any]:
    media = (
        select(col(Media.activity_id).label("activity_id"), func.count(col(Media.id)).label("n"))
        .where(col(Media.activity_id).is_not(None))
        .group_by(col(Media.activity_id))
        .subquery()
    )
    where: list[ColumnElement[bool]] = [col(Activity.deleted_at).is_(None)]
    if area_code:
        where.append(in_area(col(Activity.area_code), area_code))
    return (
        select(
            col(Activity.id),
            col(Activity.occurred_on),
            col(Activity.activity_type),
            col(Activity.area_code),
            col(Region.name),
            col(Activity.rt),
            col(Activity.rw),
            col(Activity.place),
            col(Activity.people_reached),
            col(Activity.psm_role),
            col(Activity.ppks),
            col(Activity.description),
            func.coalesce(media.c.n, 0),
            col(Person.name),
            col(Person.phone),
        )
        .join(Region, col(Region.code) == col(Activity.area_code))
        .join(Person, col(Person.id) == col(Activity.reporter_id))
        .outerjoin(media, media.c.activity_id == col(Activity.id))
        .where(*where)
        .order_by(col(Activity.occurred_on), col(Activity.id))
    )


def _cases(area_code: str | None) -> Select[Any]:
    owner = func.coalesce(col(Media.case_id), col(CaseEvent.case_id))
    media = (
        select(owner.label("case_id"), func.count(col(Media.id)).label("n"))
        .outerjoin(CaseEvent, col(CaseEvent.id) == col(Media.case_event_id))
        .where(owner.is_not(None))
        .group_by(owner)
        .subquery()
    )
    where: list[ColumnElement[bool]] = [col(Case.deleted_at).is_(None)]
    if area_code:
        where.append(in_area(col(Case.area_code), area_code))
    return (
        select(
            col(Case.id),
            col(Case.opened_on),
            col(Case.ppks),
            col(Case.status),
            col(Case.area_code),
            col(Region.name),
            col(Case.rt),
            col(Case.rw),
            col(Case.referral),
            col(Case.nik),
            col(Case.consent_given),
            func.coalesce(media.c.n, 0),
            col(Person.name),
            col(Person.phone),
        )
        .join(Region, col(Region.code) == col(Case.area_code))
        .join(Person, col(Person.id) == col(Case.reporter_id))
        .outerjoin(media, media.c.case_id == col(Case.id))
        .where(*where)
        .order_by(col(Case.opened_on), col(Case.id))
    )
