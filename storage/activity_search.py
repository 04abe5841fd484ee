"""Activities of an area found by the dashboard's filters, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session, col

from storage.area_scope import in_area, run
from storage.models.activities import Activity
from storage.models.media import Media
from storage.models.people import Person
from storage.models.regions import Region

# Thumbnails shown per activity in a list.
THUMBNAILS = 4


@dataclass(frozen=True, slots=True)
class ActivityFilter:
    """What the list is narrowed to; `area_code` is required (the viewer's area or below)."""

    area_code: str
    start: date | None = None
    end: date | None = None  # exclusive
    activity_type: str | None = None
    psm_role: str | None = None
    reporter_id: int | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        """The WHERE conditions on `Activity` (deleted activities never match)."""
        where = [
            in_area(col(Activity.area_code), self.area_code),
            col(Activity.deleted_at).is_(None),
        ]
        if self.start is not None:
            where.append(col(Activity.occurred_on) >= self.start)
        if self.end is not None:
            where.append(col(Activity.occurred_on) < self.end)
        if self.activity_type:
            where.append(col(Activity.activity_type) == self.activity_type)
        if self.psm_role:
            where.append(col(Activity.psm_role) == self.psm_role)
        if self.reporter_id is not None:
            where.append(col(Activity.reporter_id) == self.reporter_id)
        return where


@dataclass(frozen=True, slots=True)
class ActivityItem:
    """One activity as a list shows it."""

    activity: Activity
    area_name: str
    reporter_name: str
    media_ids: list[int] = field(default_factory=list)


def activity_page(
    *, session: Session, filters: ActivityFilter, limit: int, offset: int
) -> tuple[list[ActivityItem], int]:
    """A page of matching activities, newest first, and how many match in all."""
    where = filters.conditions()
    total = int(run(session, select(func.count(col(Activity.id))).where(*where)).scalar_one())
    rows = run(
        session,
        select(Activity, col(Region.name), col(Person.name))
        .join(Region, col(Region.code) == col(Activity.area_code))
        .join(Person, col(Person.id) == col(Activity.reporter_id))
        .where(*where)
        .order_by(col(Activity.occurred_on).desc(), col(Activity.id).desc())
        .offset(offset)
        .limit(limit),
    ).all()
    ids = [a.id for a, _, _ in rows]
    photos: dict[int, list[int]] = {}
    if ids:
        for media_id, activity_id in run(
            session,
            select(col(Media.id), col(Media.activity_id))
            .where(col(Media.activity_id).in_(ids), col(Media.content_type).startswith("image/"))
            .order_by(col(Media.id)),
        ).all():
            photos.setdefault(int(activity_id), []).append(int(media_id))
    items = [
        ActivityItem(a, area, name, photos.get(a.id or 0, [])[:THUMBNAILS])
        for a, area, name in rows
    ]
    return items, total


def reporters_in_area(*, session: Session, area_code: str) -> list[tuple[int, str]]:
    """PSM and ketua PSM of the area who reported an activity, by name (for the filter)."""
    rows = run(
        session,
        select(col(Person.id), col(Person.name))
        .where(in_area(col(Person.area_code), area_code))
        .where(col(Person.id).in_(select(col(Activity.reporter_id)).distinct()))
        .order_by(col(Person.name)),
    ).all()
    return [(int(i), str(n)) for i, n in rows]


def media_of_activity(*, session: Session, activity_id: int) -> list[Media]:
    """The files received with an activity, oldest first."""
    rows = run(
        session, select(Media).where(col(Media.activity_id) == activity_id).order_by(col(Media.id))
    ).scalars()
    return list(rows)
