"""An area's meetings as the dashboard shows them: RSVP counts, attendance, minutes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Integer, case, func, select
from sqlmodel import Session, col

from storage.area_scope import in_area, run
from storage.models.meetings import Meeting, MeetingAttendance, MeetingStatus
from storage.models.people import Person
from storage.models.regions import Region
from storage.types import AnySelect

# Past meetings shown per page.
PAST_PAGE = 20


@dataclass(frozen=True, slots=True)
class MeetingRow:
    """One meeting with its answers counted."""

    meeting_id: int
    title: str
    starts_at: datetime
    place: str | None
    area_name: str
    timezone: str
    status: str
    invited: int
    rsvp_yes: int
    rsvp_no: int
    rsvp_excused: int
    attended: int
    has_minutes: bool


@dataclass(frozen=True, slots=True)
class Invitee:
    """One invitee's answer and whether they came."""

    name: str
    area_name: str
    rsvp: str | None
    reason: str | None
    attended: bool | None


@dataclass(frozen=True, slots=True)
class MeetingDetail:
    """A meeting with its invitees and minutes."""

    row: MeetingRow
    minutes: str | None
    invitees: list[Invitee] = field(default_factory=list)


def _counted(flag: ColumnElement[bool], name: str) -> Any:
    return func.coalesce(func.sum(case((flag, 1), else_=0)), 0).cast(Integer).label(name)


def _answers() -> Any:
    """Per meeting: invitees, each RSVP answer, and who came."""
    answer = col(MeetingAttendance.rsvp)
    return (
        select(
            col(MeetingAttendance.meeting_id).label("meeting_id"),
            func.count(col(MeetingAttendance.id)).label("invited"),
            _counted(answer == "hadir", "yes"),
            _counted(answer == "tidak", "no"),
            _counted(answer == "izin", "excused"),
            _counted(col(MeetingAttendance.attended).is_(True), "came"),
        )
        .group_by(col(MeetingAttendance.meeting_id))
        .subquery()
    )


def _rows(area_code: str | None) -> AnySelect:
    answers = _answers()
    query = (
        select(
            Meeting,
            col(Region.name),
            col(Region.timezone),
            func.coalesce(answers.c.invited, 0),
            func.coalesce(answers.c.yes, 0),
            func.coalesce(answers.c.no, 0),
            func.coalesce(answers.c.excused, 0),
            func.coalesce(answers.c.came, 0),
        )
        .join(Region, col(Region.code) == col(Meeting.area_code))
        .outerjoin(answers, answers.c.meeting_id == col(Meeting.id))
    )
    if area_code is not None:
        query = query.where(in_area(col(Meeting.area_code), area_code))
    return query


def _row(meeting: Meeting, area: str, timezone: str, *counts: int) -> MeetingRow:
    invited, yes, no, excused, came = (int(n) for n in counts)
    assert meeting.id is not None
    return MeetingRow(
        meeting_id=meeting.id,
        title=meeting.title,
        starts_at=meeting.starts_at,
        place=meeting.place,
        area_name=area,
        timezone=timezone,
        status=meeting.status,
        invited=invited,
        rsvp_yes=yes,
        rsvp_no=no,
        rsvp_excused=excused,
        attended=came,
        has_minutes=bool(meeting.minutes),
    )


def upcoming(
    *, session: Session, area_code: str, now: datetime, limit: int = 50
) -> list[MeetingRow]:
    """Scheduled meetings of the area from now on, earliest first."""
    query = (
        _rows(area_code)
        .where(col(Meeting.starts_at) >= now, col(Meeting.status) == MeetingStatus.SCHEDULED)
        .order_by(col(Meeting.starts_at), col(Meeting.id))
        .limit(limit)
    )
    return [_row(*found) for found in run(session, query).all()]


def past(
    *, session: Session, area_code: str, now: datetime, page: int = 1, per_page: int = PAST_PAGE
) -> tuple[list[MeetingRow], bool]:
    """One page of the area's meetings that started before now, latest first; and whether
    an older page exists."""
    query = (
        _rows(area_code)
        .where(col(Meeting.starts_at) < now)
        .order_by(col(Meeting.starts_at).desc(), col(Meeting.id).desc())
        .offset((max(page, 1) - 1) * per_page)
        .limit(per_page + 1)
    )
    rows = [_row(*found) for found in run(session, query).all()]
    return rows[:per_page], len(rows) > per_page


def meeting_detail(
    *, session: Session, area_code: str | None, meeting_id: int
) -> MeetingDetail | None:
    """One meeting of the area (None: anywhere) with its invitees; None when not the area's."""
    found = run(session, _rows(area_code).where(col(Meeting.id) == meeting_id)).first()
    if found is None:
        return None
    meeting = found[0]
    invitees = run(
        session,
        select(
            col(Person.name),
            col(Region.name),
            col(MeetingAttendance.rsvp),
            col(MeetingAttendance.reason),
            col(MeetingAttendance.attended),
        )
        .join(Person, col(Person.id) == col(MeetingAttendance.person_id))
        .join(Region, col(Region.code) == col(Person.area_code))
        .where(col(MeetingAttendance.meeting_id) == meeting_id)
        .order_by(col(Person.name), col(Person.id)),
    ).all()
    return MeetingDetail(
        row=_row(*found),
        minutes=meeting.minutes,
        invitees=[Invitee(*values) for values in invitees],
    )
