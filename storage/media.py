"""Stored files: a row per received file, the record it documents, and the area it is of."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from storage.models.activities import Activity
from storage.models.cases import Case, CaseEvent
from storage.models.media import Media
from storage.models.meetings import Meeting


def store_inbound_media(
    *,
    session: Session,
    path: str,
    content_type: str,
    sha256: str,
    size_bytes: int,
    uploaded_by: int | None,
    now: datetime,
) -> Media:
    """A row for a received file, not yet attached to a record."""
    media = Media(
        path=path,
        content_type=content_type,
        sha256=sha256,
        size_bytes=size_bytes,
        uploaded_by=uploaded_by,
        created_at=now,
    )
    session.add(media)
    session.flush()
    return media


def attach_media(
    *,
    session: Session,
    media_ids: list[int],
    activity_id: int | None = None,
    case_id: int | None = None,
    case_event_id: int | None = None,
) -> None:
    """Point stored media rows at the record they belong to."""
    for media_id in media_ids:
        media = session.get(Media, media_id)
        if media is None:
            continue
        media.activity_id = activity_id or media.activity_id
        media.case_id = case_id or media.case_id
        media.case_event_id = case_event_id or media.case_event_id
        session.add(media)


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
