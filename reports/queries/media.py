"""Photos and documents received in a period with the area's reports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session, col

from storage.area_scope import in_area, run
from storage.models.activities import Activity
from storage.models.cases import Case, CaseEvent
from storage.models.media import Media
from storage.models.meetings import Meeting


def photos_received(
    *, session: Session, area_code: str, start_utc: datetime, end_utc: datetime
) -> dict[str, int]:
    """Files received in [start, end) per what they document: activity, case, meeting.

    Three counts, each starting from the files of the period (the `created_at` index) and
    looking up what they belong to by key: a file of an activity; else of a case (named
    directly or through one of its events); else of a meeting.
    """
    period = [col(Media.created_at) >= start_utc, col(Media.created_at) < end_utc]
    owner = func.coalesce(col(Media.case_id), col(CaseEvent.case_id))
    counts = {
        "activity": select(func.count(col(Media.id)))
        .join(Activity, col(Activity.id) == col(Media.activity_id))
        .where(
            *period, in_area(col(Activity.area_code), area_code), col(Activity.deleted_at).is_(None)
        ),
        "case": select(func.count(col(Media.id)))
        .outerjoin(CaseEvent, col(CaseEvent.id) == col(Media.case_event_id))
        .join(Case, col(Case.id) == owner)
        .where(
            *period,
            col(Media.activity_id).is_(None),
            in_area(col(Case.area_code), area_code),
            col(Case.deleted_at).is_(None),
        ),
        "meeting": select(func.count(col(Media.id)))
        .outerjoin(CaseEvent, col(CaseEvent.id) == col(Media.case_event_id))
        .join(Meeting, col(Meeting.id) == col(Media.meeting_id))
        .where(
            *period,
            col(Media.activity_id).is_(None),
            owner.is_(None),
            in_area(col(Meeting.area_code), area_code),
        ),
    }
    found = {kind: int(run(session, query).scalar_one()) for kind, query in counts.items()}
    return {kind: n for kind, n in found.items() if n}
