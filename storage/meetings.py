"""Meeting series, their meetings, invitees, and changes to a meeting (cancel, move)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from sqlmodel import Session, col, or_, select

from storage.calendar import is_holiday
from storage.models.meetings import Meeting, MeetingSeries, MeetingStatus
from storage.models.people import Person, PersonRole, PersonStatus
from storage.regions import dotted

# Who is invited to a routine meeting of an area: its PSM, the ketua among them.
INVITEE_ROLES = (PersonRole.PSM, PersonRole.KETUA_PSM)
# Meetings are materialised this far ahead: a monthly series always shows its next two.
HORIZON = timedelta(days=62)


def invitees_of(*, session: Session, area_code: str, exclude_id: int | None = None) -> list[Person]:
    """The active PSM (and ketua PSM) of an area and every area inside it, by name."""
    code = dotted(area_code)
    query = select(Person).where(
        col(Person.role).in_(INVITEE_ROLES),
        col(Person.active).is_(True),
        Person.status == PersonStatus.APPROVED,
        or_(Person.area_code == code, col(Person.area_code).startswith(code + ".")),
    )
    people = [p for p in session.exec(query).all() if p.id != exclude_id]
    return sorted(people, key=lambda p: (p.name.lower(), p.id or 0))


def occurrences(series: MeetingSeries, after: datetime, before: datetime) -> list[datetime]:
    """The series' meeting times (UTC) in (after, before], within its start and end dates."""
    zone = ZoneInfo(series.timezone)
    dtstart = datetime.combine(series.starts_on, time(0, 0), tzinfo=zone)
    rule = rrulestr(series.rule, dtstart=dtstart)
    found = []
    for moment in rule.between(after.astimezone(zone), before.astimezone(zone), inc=True):
        if moment <= after.astimezone(zone):
            continue
        if series.until is not None and moment.date() > series.until:
            break
        if series.skip_holidays and is_holiday(moment.date()):
            continue
        found.append(moment.astimezone(UTC))
    return found


def next_occurrence(series: MeetingSeries, now: datetime) -> datetime | None:
    """The series' first meeting after `now` (UTC), within a year; None when it has ended."""
    times = occurrences(series, now, now + timedelta(days=366))
    return times[0] if times else None


def create_series(
    *,
    session: Session,
    organiser_id: int,
    area_code: str,
    title: str,
    place: str | None,
    rule: str,
    timezone: str,
    starts_on: date,
    now: datetime,
    skip_holidays: bool = False,
) -> MeetingSeries:
    """Store a new series and its meetings of the coming weeks."""
    series = MeetingSeries(
        skip_holidays=skip_holidays,
        organiser_id=organiser_id,
        area_code=area_code,
        title=title,
        place=place,
        rule=rule,
        timezone=timezone,
        starts_on=starts_on,
        created_at=now,
    )
    session.add(series)
    session.flush()
    materialise_series(session=session, series=series, now=now)
    return series


def create_meeting(
    *,
    session: Session,
    organiser_id: int,
    area_code: str,
    title: str,
    place: str | None,
    starts_at: datetime,
    now: datetime,
    series_id: int | None = None,
) -> Meeting:
    """Store one meeting."""
    meeting = Meeting(
        series_id=series_id,
        organiser_id=organiser_id,
        area_code=area_code,
        title=title,
        place=place,
        starts_at=starts_at,
        created_at=now,
    )
    session.add(meeting)
    session.flush()
    return meeting


def meetings_of_series(*, session: Session, series_id: int) -> list[Meeting]:
    """The meetings made from a series, in time order."""
    return list(
        session.exec(
            select(Meeting).where(Meeting.series_id == series_id).order_by(col(Meeting.starts_at))
        ).all()
    )


def materialise_series(
    *, session: Session, series: MeetingSeries, now: datetime, horizon: timedelta = HORIZON
) -> list[Meeting]:
    """Create the series' meetings from now to the horizon that do not exist yet."""
    if not series.active:
        return []
    # Never before the series existed: a new series does not invent meetings in the past.
    start = max(now - timedelta(days=1), series.created_at)
    wanted = occurrences(series, start, now + horizon)
    if not wanted:
        return []
    existing = set(
        session.exec(
            select(Meeting.starts_at).where(
                Meeting.series_id == series.id, col(Meeting.starts_at) >= min(wanted)
            )
        ).all()
    )
    created = []
    for starts_at in wanted:
        if starts_at in existing:
            continue
        created.append(
            create_meeting(
                session=session,
                organiser_id=series.organiser_id,
                area_code=series.area_code,
                title=series.title,
                place=series.place,
                starts_at=starts_at,
                now=now,
                series_id=series.id,
            )
        )
    return created


def materialise_all(
    *, session: Session, now: datetime, horizon: timedelta = HORIZON
) -> list[Meeting]:
    """Extend every active series to the horizon."""
    created: list[Meeting] = []
    for series in session.exec(
        select(MeetingSeries).where(col(MeetingSeries.active).is_(True))
    ).all():
        created += materialise_series(session=session, series=series, now=now, horizon=horizon)
    return created


def scheduled_between(*, session: Session, start: datetime, end: datetime) -> list[Meeting]:
    """Scheduled meetings starting in [start, end), earliest first."""
    return list(
        session.exec(
            select(Meeting)
            .where(
                Meeting.status == MeetingStatus.SCHEDULED,
                col(Meeting.starts_at) >= start,
                col(Meeting.starts_at) < end,
            )
            .order_by(col(Meeting.starts_at), col(Meeting.id))
        ).all()
    )


def upcoming_meetings(
    *,
    session: Session,
    now: datetime,
    area_code: str | None = None,
    include_above: bool = False,
    limit: int = 10,
) -> list[Meeting]:
    """Scheduled meetings after `now`, of an area and the areas inside it when given.

    With `include_above`, also those of the areas containing it (a PSM's kecamatan meeting).
    """
    query = select(Meeting).where(
        Meeting.status == MeetingStatus.SCHEDULED, col(Meeting.starts_at) > now
    )
    if area_code is not None:
        code = dotted(area_code)
        inside = or_(Meeting.area_code == code, col(Meeting.area_code).startswith(code + "."))
        if include_above:
            parts = code.split(".")
            above = [".".join(parts[:n]) for n in range(1, len(parts))]
            inside = or_(inside, col(Meeting.area_code).in_(above))
        query = query.where(inside)
    return list(
        session.exec(query.order_by(col(Meeting.starts_at), col(Meeting.id)).limit(limit)).all()
    )


def cancel_meeting(*, session: Session, meeting: Meeting) -> bool:
    """Cancel one scheduled meeting; False when it was not scheduled any more."""
    if meeting.status != MeetingStatus.SCHEDULED:
        return False
    meeting.status = MeetingStatus.CANCELLED
    session.add(meeting)
    return True


def cancel_series(*, session: Session, series: MeetingSeries, now: datetime) -> list[Meeting]:
    """End a series and cancel its meetings still to come; returns those cancelled."""
    series.active = False
    session.add(series)
    cancelled = []
    for meeting in session.exec(
        select(Meeting).where(
            Meeting.series_id == series.id,
            Meeting.status == MeetingStatus.SCHEDULED,
            col(Meeting.starts_at) > now,
        )
    ).all():
        cancel_meeting(session=session, meeting=meeting)
        cancelled.append(meeting)
    return cancelled


def move_meeting(
    *,
    session: Session,
    meeting: Meeting,
    starts_at: datetime,
    place: str | None,
    now: datetime,
) -> Meeting:
    """Replace a meeting by one at a new time (and place); answers given so far are dropped."""
    meeting.status = MeetingStatus.MOVED
    session.add(meeting)
    return create_meeting(
        session=session,
        organiser_id=meeting.organiser_id,
        area_code=meeting.area_code,
        title=meeting.title,
        place=place if place is not None else meeting.place,
        starts_at=starts_at,
        now=now,
        series_id=meeting.series_id,
    )
