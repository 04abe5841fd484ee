"""Storing activities and their history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from storage.media import attach_media
from storage.models.activities import Activity, ActivityCase, ActivityChange
from storage.personal_data import mask_personal_data

# Fields a PSM may change after saving, with their column names.
EDITABLE = (
    "activity_type",
    "occurred_on",
    "rt",
    "rw",
    "place",
    "people_reached",
    "people_reached_approximate",
    "psm_role",
    "description",
)

# An activity done for a case names the case, never the client: the case keeps the details.
_CASE_WORK = {"kunjungan": "Kunjungan", "penanganan": "Penanganan"}


def neutral_description(activity_type: str | None, case_id: int) -> str:
    """The description of an activity done for a case: "Kunjungan kasus #12"."""
    return f"{_CASE_WORK.get(activity_type or '', 'Kegiatan')} kasus #{case_id}"


def create_activity(
    *,
    session: Session,
    reporter_id: int,
    area_code: str,
    values: dict[str, Any],
    media_ids: list[int],
    case_id: int | None,
    now: datetime,
) -> Activity:
    """Store a confirmed activity with its photos, its case link and a `created` history entry."""
    values = dict(values)
    if case_id is not None:
        values["description"] = neutral_description(values.get("activity_type"), case_id)
        values["source_text"] = None
    else:
        for name in ("description", "source_text"):
            if values.get(name):
                values[name] = mask_personal_data(values[name])
    activity = Activity(
        reporter_id=reporter_id, area_code=area_code, created_at=now, updated_at=now, **values
    )
    session.add(activity)
    session.flush()
    assert activity.id is not None
    attach_media(session=session, media_ids=media_ids, activity_id=activity.id)
    if case_id is not None:
        session.add(ActivityCase(activity_id=activity.id, case_id=case_id))
    session.add(
        ActivityChange(
            activity_id=activity.id, actor_id=reporter_id, action="created", created_at=now
        )
    )
    return activity


def update_activity(
    *, session: Session, activity: Activity, values: dict[str, Any], actor_id: int, now: datetime
) -> dict[str, list[Any]]:
    """Apply changed fields and record old and new values; returns the changes."""
    changes: dict[str, list[Any]] = {}
    for name, value in values.items():
        if name not in EDITABLE:
            continue
        if name == "description" and value:
            value = mask_personal_data(value)
        old = getattr(activity, name)
        if old != value:
            changes[name] = [_plain(old), _plain(value)]
            setattr(activity, name, value)
    if changes:
        activity.updated_at = now
        session.add(activity)
        session.add(
            ActivityChange(
                activity_id=activity.id or 0,
                actor_id=actor_id,
                action="edited",
                changes=changes,
                created_at=now,
            )
        )
    return changes


def delete_activity(*, session: Session, activity: Activity, actor_id: int, now: datetime) -> None:
    """Soft-delete: the row stays for the history, reports leave it out."""
    activity.deleted_at = now
    session.add(activity)
    session.add(
        ActivityChange(
            activity_id=activity.id or 0, actor_id=actor_id, action="deleted", created_at=now
        )
    )


def last_activity_of(*, session: Session, reporter_id: int, since: datetime) -> Activity | None:
    """The reporter's newest activity created after `since`, not deleted."""
    return session.exec(
        select(Activity)
        .where(
            Activity.reporter_id == reporter_id,
            col(Activity.deleted_at).is_(None),
            col(Activity.created_at) >= since,
        )
        .order_by(col(Activity.created_at).desc(), col(Activity.id).desc())
    ).first()


def history_of(*, session: Session, activity_id: int) -> list[ActivityChange]:
    """An activity's history, oldest first."""
    return list(
        session.exec(
            select(ActivityChange)
            .where(ActivityChange.activity_id == activity_id)
            .order_by(col(ActivityChange.id))
        ).all()
    )


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
