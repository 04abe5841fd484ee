"""Photos and documents received in a period with the area's reports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, case, func, or_, select
from sqlmodel import Session, col

from storage.models.activities import Activity
from storage.models.cases import Case, CaseEvent
from storage.models.media import Media
from storage.models.meetings import Meeting
from storage.reports.scope import in_area, run


def photos_received(
    *, session: Session, area_code: str, start_utc: datetime, end_utc: datetime
) -> dict[str, int]:
    """Files received in [start, end) per what they document: activity, case, meeting."""
    subject = case(
        (col(Media.activity_id).is_not(None), "activity"),
        (or_(col(Media.case_id).is_not(None), col(Media.case_event_id).is_not(None)), "case"),
        else_="meeting",
    )
    rows = run(
        session,
        select(subject, func.count(col(Media.id)))
        .outerjoin(Activity, col(Activity.id) == col(Media.activity_id))
        .outerjoin(CaseEvent, col(CaseEvent.id) == col(Media.case_event_id))
        # A photo of a case event may name only the event; its case is found through it.
        .outerjoin(Case, col(Case.id) == func.coalesce(col(Media.case_id), col(CaseEvent.case_id)))
        .outerjoin(Meeting, col(Meeting.id) == col(Media.meeting_id))
        .where(
            col(Media.created_at) >= start_utc,
            col(Media.created_at) < end_utc,
            or_(
                and_(
                    in_area(col(Activity.area_code), area_code),
                    col(Activity.deleted_at).is_(None),
                ),
                and_(
                    col(Media.activity_id).is_(None),
                    in_area(col(Case.area_code), area_code),
                    col(Case.deleted_at).is_(None),
                ),
                and_(
                    col(Media.activity_id).is_(None),
                    col(Case.id).is_(None),
                    in_area(col(Meeting.area_code), area_code),
                ),
            ),
        )
        .group_by(subject),
    ).all()
    return {str(kind): int(n) for kind, n in rows}
