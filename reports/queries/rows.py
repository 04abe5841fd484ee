"""Record by record: the raw rows behind a report and the dashboard's downloads (NIK masked).

The SELECTs are the data exports' (`storage.listings`); here they are read whole, as dicts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement
from sqlmodel import Session

from storage.area_scope import run
from storage.listings import activity_listing, activity_record, case_listing, case_record


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
    statement = activity_listing(area_code=area_code, start=start, end=end, conditions=conditions)
    return [activity_record(row) for row in run(session, statement).all()]


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
    statement = case_listing(area_code=area_code, start=start, end=end, conditions=conditions)
    return [case_record(row) for row in run(session, statement).all()]
