"""Which area a stored file belongs to: the one of its activity, case or meeting."""

from __future__ import annotations

from sqlmodel import Session

from storage.models.activities import Activity
from storage.models.cases import Case, CaseEvent
from storage.models.media import Media
from storage.models.meetings import Meeting


def media_area(*, session: Session, media: Media) -> str | None:
    """The region code of what the file documents; None when that was deleted or is unknown."""
    if media.activity_id is not None:
        activity = session.get(Activity, media.activity_id)
        return activity.area_code if activity and activity.deleted_at is None else None
    case_id = media.case_id
    if case_id is None and media.case_event_id is not None:
        event = session.get(CaseEvent, media.case_event_id)
        case_id = event.case_id if event else None
    if case_id is not None:
        case = session.get(Case, case_id)
        return case.area_code if case and case.deleted_at is None else None
    if media.meeting_id is not None:
        meeting = session.get(Meeting, media.meeting_id)
        return meeting.area_code if meeting else None
    return None
