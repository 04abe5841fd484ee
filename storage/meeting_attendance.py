"""Answers to a meeting invitation (RSVP), who came, the minutes and their photos."""

from __future__ import annotations

from sqlmodel import Session, select

from storage.models.media import Media
from storage.models.meetings import Meeting, MeetingAttendance, MeetingStatus

RSVP_ANSWERS = ("hadir", "tidak", "izin")


def attendance_of(*, session: Session, meeting_id: int) -> dict[int, MeetingAttendance]:
    """Every stored answer of a meeting, by person."""
    rows = session.exec(
        select(MeetingAttendance).where(MeetingAttendance.meeting_id == meeting_id)
    ).all()
    return {row.person_id: row for row in rows}


def _row(*, session: Session, meeting_id: int, person_id: int) -> MeetingAttendance:
    row = session.exec(
        select(MeetingAttendance).where(
            MeetingAttendance.meeting_id == meeting_id, MeetingAttendance.person_id == person_id
        )
    ).first()
    return row or MeetingAttendance(meeting_id=meeting_id, person_id=person_id)


def set_rsvp(
    *, session: Session, meeting_id: int, person_id: int, answer: str, reason: str | None = None
) -> MeetingAttendance:
    """Record an invitee's answer; a later answer replaces an earlier one."""
    if answer not in RSVP_ANSWERS:
        raise ValueError(f"not an RSVP answer: {answer!r}")
    row = _row(session=session, meeting_id=meeting_id, person_id=person_id)
    row.rsvp = answer
    row.reason = reason[:200] if reason else None
    session.add(row)
    session.flush()
    return row


def record_attendance(
    *, session: Session, meeting: Meeting, invitee_ids: list[int], attended_ids: set[int]
) -> int:
    """Store who came (and who did not) and mark the meeting held; returns how many came."""
    assert meeting.id is not None
    for person_id in set(invitee_ids) | attended_ids:
        row = _row(session=session, meeting_id=meeting.id, person_id=person_id)
        row.attended = person_id in attended_ids
        session.add(row)
    meeting.status = MeetingStatus.HELD
    session.add(meeting)
    session.flush()
    return len(attended_ids)


def add_minutes(*, session: Session, meeting: Meeting, text: str) -> None:
    """Append a piece of the minutes (notulen)."""
    text = text.strip()
    if not text:
        return
    meeting.minutes = f"{meeting.minutes}\n{text}" if meeting.minutes else text
    session.add(meeting)


def add_meeting_photo(
    *,
    session: Session,
    meeting_id: int,
    uploaded_by: int,
    path: str,
    content_type: str,
    sha256: str,
    size_bytes: int,
) -> Media:
    """Attach a stored photo to a meeting."""
    media = Media(
        sha256=sha256,
        path=path,
        content_type=content_type,
        size_bytes=size_bytes,
        uploaded_by=uploaded_by,
        meeting_id=meeting_id,
    )
    session.add(media)
    session.flush()
    return media
