"""Meetings of a period and who came."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, case, func, select
from sqlmodel import Session, col

from storage.area_scope import in_area, run
from storage.models.meetings import Meeting, MeetingAttendance, MeetingStatus
from storage.models.regions import Region


@dataclass(frozen=True, slots=True)
class MeetingSummary:
    """One meeting with its invitees and how many of them attended."""

    meeting_id: int
    title: str
    starts_at: datetime
    place: str | None
    area_name: str
    status: str
    invited: int
    attended: int


def meetings_between(
    *,
    session: Session,
    area_code: str,
    start_utc: datetime,
    end_utc: datetime,
    statuses: tuple[str, ...] = ("scheduled", "held"),
) -> list[MeetingSummary]:
    """Meetings starting in [start, end) with the given statuses, earliest first."""
    attended = func.coalesce(
        func.sum(case((col(MeetingAttendance.attended).is_(True), 1), else_=0)), 0
    )
    shown = (
        col(Meeting.id),
        col(Meeting.title),
        col(Meeting.starts_at),
        col(Meeting.place),
        col(Region.name),
        col(Meeting.status),
    )
    rows = run(
        session,
        select(*shown, func.count(col(MeetingAttendance.id)), attended.cast(Integer))
        .join(Region, col(Region.code) == col(Meeting.area_code))
        .outerjoin(MeetingAttendance, col(MeetingAttendance.meeting_id) == col(Meeting.id))
        .where(
            in_area(col(Meeting.area_code), area_code),
            col(Meeting.starts_at) >= start_utc,
            col(Meeting.starts_at) < end_utc,
            col(Meeting.status).in_(statuses),
        )
        .group_by(*shown)
        .order_by(col(Meeting.starts_at), col(Meeting.id)),
    ).all()
    return [
        MeetingSummary(int(mid), title, starts, place, area, status, int(invited), int(came))
        for mid, title, starts, place, area, status, invited, came in rows
    ]


def meetings_attended_by(
    *, session: Session, area_code: str, start_utc: datetime, end_utc: datetime
) -> dict[int, int]:
    """Per person, the meetings of the period they attended."""
    rows = run(
        session,
        select(col(MeetingAttendance.person_id), func.count(col(MeetingAttendance.id)))
        .join(Meeting, col(Meeting.id) == col(MeetingAttendance.meeting_id))
        .where(
            in_area(col(Meeting.area_code), area_code),
            col(Meeting.starts_at) >= start_utc,
            col(Meeting.starts_at) < end_utc,
            col(Meeting.status) != MeetingStatus.CANCELLED,
            col(MeetingAttendance.attended).is_(True),
        )
        .group_by(col(MeetingAttendance.person_id)),
    ).all()
    return {int(person): int(n) for person, n in rows}
