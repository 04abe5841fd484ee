"""Live activities and cases record by record, in the data exports' column order.

One SELECT each serves the data exports (`storage.exports`), the dashboard's downloads and the
report's XLSX sheets (`reports.queries.rows`, `reports.queries.records`): the same columns, the
same joins, oldest first. The NIK is read as stored and masked in Python (`case_values`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Subquery, func, literal_column, select
from sqlmodel import col

from storage.area_scope import in_area
from storage.models.activities import Activity
from storage.models.cases import Case, CaseEvent
from storage.models.media import Media
from storage.models.people import Person
from storage.models.regions import Region
from storage.personal_data import mask_nik
from storage.types import AnySelect

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
_NIK = CASE_COLUMNS.index("nik_masked")
_STATUS = CASE_COLUMNS.index("status")


def activity_listing(
    *,
    area_code: str | None = None,
    start: date | None = None,
    end: date | None = None,
    conditions: Sequence[ColumnElement[bool]] = (),
    media: bool = True,
) -> AnySelect:
    """Activities (not deleted) of an area (every area without one) and period, oldest first,
    one row in `ACTIVITY_COLUMNS` order.

    `conditions` narrow the rows further (filters on `Activity`). Without `media` the files
    are not counted (the column holds 0), for a caller that counts them its own way.
    """
    files = _activity_media() if media else None
    columns = (
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
        func.coalesce(files.c.n, 0) if files is not None else literal_column("0"),
        col(Person.name),
        col(Person.phone),
    )
    files_of = None if files is None else (files, files.c.activity_id)
    day = col(Activity.occurred_on)
    return _listing(columns, Activity, day, files_of, area_code, start, end, conditions)


def case_listing(
    *,
    area_code: str | None = None,
    start: date | None = None,
    end: date | None = None,
    conditions: Sequence[ColumnElement[bool]] = (),
    media: bool = True,
) -> AnySelect:
    """Cases (not deleted) opened in an area (every area without one) and period, oldest
    first, one row in `CASE_COLUMNS` order with the NIK as stored (see `case_values`).

    `conditions` narrow the rows further (filters on `Case`). Without `media` the files are
    not counted (the column holds 0), for a caller that counts them its own way.
    """
    files = _case_media() if media else None
    columns = (
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
        func.coalesce(files.c.n, 0) if files is not None else literal_column("0"),
        col(Person.name),
        col(Person.phone),
    )
    files_of = None if files is None else (files, files.c.case_id)
    return _listing(columns, Case, col(Case.opened_on), files_of, area_code, start, end, conditions)


def _listing(
    columns: Sequence[Any],
    table: type[Activity] | type[Case],
    day: Any,
    files: tuple[Subquery, Any] | None,
    area_code: str | None,
    start: date | None,
    end: date | None,
    conditions: Sequence[ColumnElement[bool]],
) -> AnySelect:
    """The live records of `table` with their area's name and reporter, oldest `day` first."""
    where: list[ColumnElement[bool]] = [col(table.deleted_at).is_(None), *conditions]
    if area_code:
        where.append(in_area(col(table.area_code), area_code))
    if start is not None:
        where.append(day >= start)
    if end is not None:
        where.append(day < end)
    statement = (
        select(*columns)
        .join(Region, col(Region.code) == col(table.area_code))
        .join(Person, col(Person.id) == col(table.reporter_id))
    )
    if files is not None:
        counts, record_id = files
        statement = statement.outerjoin(counts, record_id == col(table.id))
    return statement.where(*where).order_by(day, col(table.id))


def case_values(row: Sequence[Any]) -> list[Any]:
    """A row of `case_listing` as it is shown: the NIK masked, the status as its code."""
    values = list(row)
    values[_NIK] = mask_nik(values[_NIK])
    values[_STATUS] = str(values[_STATUS])
    return values


def activity_record(row: Sequence[Any]) -> dict[str, Any]:
    """A row of `activity_listing` by its column names."""
    return dict(zip(ACTIVITY_COLUMNS, row, strict=True))


def case_record(row: Sequence[Any]) -> dict[str, Any]:
    """A row of `case_listing` by its column names, as `case_values` shows it."""
    return dict(zip(CASE_COLUMNS, case_values(row), strict=True))


def _activity_media() -> Subquery:
    """How many files each activity has."""
    return (
        select(col(Media.activity_id).label("activity_id"), func.count(col(Media.id)).label("n"))
        .where(col(Media.activity_id).is_not(None))
        .group_by(col(Media.activity_id))
        .subquery()
    )


def _case_media() -> Subquery:
    """How many files each case has: its own, and those of its events (which name no case)."""
    owner = func.coalesce(col(Media.case_id), col(CaseEvent.case_id))
    return (
        select(owner.label("case_id"), func.count(col(Media.id)).label("n"))
        .outerjoin(CaseEvent, col(CaseEvent.id) == col(Media.case_event_id))
        .where(owner.is_not(None))
        .group_by(owner)
        .subquery()
    )
