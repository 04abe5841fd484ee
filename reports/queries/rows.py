"""Record by record: the raw rows behind a report, and the data exports (NIK masked)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session, col

from storage.area_scope import in_area, run
from storage.models.activities import Activity
from storage.models.cases import Case, CaseEvent
from storage.models.media import Media
from storage.models.people import Person
from storage.models.regions import Region
from storage.personal_data import mask_nik

ACTIVITY_COLUMNS = (
    "id",
    "date",
    "activity_type",
    "kode_wilayah",
    "kelurahan",
    "rt",
    "rw",
    "place",
    "count",
    "role",
    "ppks",
    "description",
    "media_count",
    "reporter_name",
    "reporter_phone",
)
CASE_COLUMNS = (
    "id",
    "opened_on",
    "ppks",
    "status",
    "kode_wilayah",
    "kelurahan",
    "rt",
    "rw",
    "referral",
    "nik_masked",
    "consent_given",
    "media_count",
    "reporter_name",
    "reporter_phone",
)


def activity_rows(
    *,
    session: Session,
    area_code: str | None = None,
    start: date | None = None,
    end: date | None = None,
    conditions: Sequence[ColumnElement[bool]] = (),
) -> list[dict[str, Any]]:
    """Activities (not deleted) of an area and period, oldest first, as export rows.

    `conditions` narrow the rows further (the dashboard's filters on `Activity`).
    """
    media = (
        select(col(Media.activity_id).label("activity_id"), func.count(col(Media.id)).label("n"))
        .where(col(Media.activity_id).is_not(None))
        .group_by(col(Media.activity_id))
        .subquery()
    )
    where: list[ColumnElement[bool]] = [col(Activity.deleted_at).is_(None), *conditions]
    if area_code:
        where.append(in_area(col(Activity.area_code), area_code))
    if start is not None:
        where.append(col(Activity.occurred_on) >= start)
    if end is not None:
        where.append(col(Activity.occurred_on) < end)
    rows = run(
        session,
        select(Activity, col(Region.name), col(Person.name), col(Person.phone), media.c.n)
        .join(Region, col(Region.code) == col(Activity.area_code))
        .join(Person, col(Person.id) == col(Activity.reporter_id))
        .outerjoin(media, media.c.activity_id == col(Activity.id))
        .where(*where)
        .order_by(col(Activity.occurred_on), col(Activity.id)),
    ).all()
    return [
        {
            "id": a.id,
            "date": a.occurred_on,
            "activity_type": a.activity_type,
            "kode_wilayah": a.area_code,
            "kelurahan": area,
            "rt": a.rt,
            "rw": a.rw,
            "place": a.place,
            "count": a.people_reached,
            "role": a.psm_role,
            "ppks": a.ppks,
            "description": a.description,
            "media_count": int(n or 0),
            "reporter_name": name,
            "reporter_phone": phone,
        }
        for a, area, name, phone, n in rows
    ]


def case_rows(
    *,
    session: Session,
    area_code: str | None = None,
    start: date | None = None,
    end: date | None = None,
    conditions: Sequence[ColumnElement[bool]] = (),
) -> list[dict[str, Any]]:
    """Cases (not deleted) opened in an area and period, oldest first; no client names.

    `conditions` narrow the rows further (filters on `Case`).
    """
    owner = func.coalesce(col(Media.case_id), col(CaseEvent.case_id))
    media = (
        select(owner.label("case_id"), func.count(col(Media.id)).label("n"))
        .outerjoin(CaseEvent, col(CaseEvent.id) == col(Media.case_event_id))
        .where(owner.is_not(None))
        .group_by(owner)
        .subquery()
    )
    where: list[ColumnElement[bool]] = [col(Case.deleted_at).is_(None), *conditions]
    if area_code:
        where.append(in_area(col(Case.area_code), area_code))
    if start is not None:
        where.append(col(Case.opened_on) >= start)
    if end is not None:
        where.append(col(Case.opened_on) < end)
    rows = run(
        session,
        select(Case, col(Region.name), col(Person.name), col(Person.phone), media.c.n)
        .join(Region, col(Region.code) == col(Case.area_code))
        .join(Person, col(Person.id) == col(Case.reporter_id))
        .outerjoin(media, media.c.case_id == col(Case.id))
        .where(*where)
        .order_by(col(Case.opened_on), col(Case.id)),
    ).all()
    return [
        {
            "id": c.id,
            "opened_on": c.opened_on,
            "ppks": c.ppks,
            "status": str(c.status),
            "kode_wilayah": c.area_code,
            "kelurahan": area,
            "rt": c.rt,
            "rw": c.rw,
            "referral": c.referral,
            "nik_masked": mask_nik(c.nik),
            "consent_given": c.consent_given,
            "media_count": int(n or 0),
            "reporter_name": name,
            "reporter_phone": phone,
        }
        for c, area, name, phone, n in rows
    ]
