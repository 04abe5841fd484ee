"""Creating, cancelling and moving meetings, and telling the invitees: shared by chat and CLI."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from handlers.flows import meeting_text
from handlers.i18n import t
from handlers.parsing.schedules import Schedule, parse_schedule
from storage.addressing import Address, latest_addresses
from storage.meetings import (
    cancel_meeting,
    cancel_series,
    create_meeting,
    create_series,
    invitees_of,
    meetings_of_series,
    move_meeting,
    next_occurrence,
)
from storage.models.meetings import Meeting, MeetingSeries
from storage.models.people import Person, PersonRole
from storage.notifications import Queued, notify_person
from storage.regions import get_region, timezone_of, within

ORGANISER_ROLES = (PersonRole.KETUA_PSM, PersonRole.TKSK, PersonRole.DINSOS, PersonRole.ADMIN)
NOTICE_ORDER = ("title", "when", "place", "text")


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a meeting cannot be made as asked: a catalog key and its values."""

    key: str
    values: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Plan:
    """A meeting or series ready to save; plain values so it can wait in the conversation."""

    title: str
    place: str | None
    area_code: str
    zone: str
    first: str  # ISO UTC instant of the first meeting
    rule: str | None = None  # None for a one-off meeting
    skip_holidays: bool = False  # a series: occurrences on holidays are not held

    def to_data(self) -> dict[str, Any]:
        """The plan as JSON-able data."""
        return asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Plan:
        """Rebuild from `to_data`."""
        return cls(**data)

    @property
    def first_at(self) -> datetime:
        """The first meeting's instant."""
        return datetime.fromisoformat(self.first)


@dataclass(slots=True)
class Saved:
    """What saving a plan did: the meetings made and who could not be told."""

    meeting: Meeting
    series: MeetingSeries | None
    invitees: list[Person]
    unreachable: list[Person]


def may_organise(person: Person) -> bool:
    """Ketua PSM and coordinators schedule meetings; a PSM does not."""
    return person.role in ORGANISER_ROLES


def area_name(session: Session, code: str) -> str:
    """An area's name for texts."""
    region = get_region(session=session, code=code)
    return region.name if region is not None else code


def plan_meeting(
    *,
    session: Session,
    organiser: Person,
    text: str,
    now: datetime,
    default_zone: str = "Asia/Jakarta",
    place: str | None = None,
    title: str | None = None,
) -> Plan | Refusal:
    """Read a schedule for the organiser's area; refuse an unreadable or past one."""
    if not may_organise(organiser):
        return Refusal("meetings.not_allowed")
    zone = timezone_of(session=session, code=organiser.area_code, default=default_zone)
    local_now = now.astimezone(ZoneInfo(zone))
    schedule = parse_schedule(text, local_now.date())
    if schedule is None:
        return Refusal("meetings.rule_unclear")
    first = _first_meeting(schedule, zone, now)
    if first is None or first <= now:
        moment = first or now
        return Refusal(
            "meetings.in_past",
            {"when": meeting_text.when(moment, zone, organiser.locale)},
        )
    area = area_name(session, organiser.area_code)
    key = "meetings.title.series" if schedule.is_series else "meetings.title.once"
    return Plan(
        title=(title or t(organiser.locale, key, area=area)).strip()[:120],
        place=(place or schedule.place or None),
        area_code=organiser.area_code,
        zone=zone,
        first=first.isoformat(),
        rule=schedule.rule,
    )


def _first_meeting(schedule: Schedule, zone: str, now: datetime) -> datetime | None:
    tz = ZoneInfo(zone)
    if schedule.on is not None:
        return datetime.combine(schedule.on, schedule.at, tzinfo=tz).astimezone(UTC)
    probe = MeetingSeries(
        organiser_id=0,
        area_code="",
        title="",
        rule=schedule.rule or "",
        timezone=zone,
        starts_on=now.astimezone(tz).date(),
    )
    return next_occurrence(probe, now)


def schedule_text(plan: Plan, locale: str) -> str:
    """The plan's time in words: the rule of a series, the date of a one-off."""
    if plan.rule is not None:
        return meeting_text.describe_rule(plan.rule, plan.zone, locale)
    return meeting_text.when(plan.first_at, plan.zone, locale)


def save_plan(*, session: Session, organiser: Person, plan: Plan, now: datetime) -> Saved:
    """Store the meeting or series and invite the area's PSM."""
    assert organiser.id is not None
    series = None
    if plan.rule is not None:
        series = create_series(
            session=session,
            organiser_id=organiser.id,
            area_code=plan.area_code,
            title=plan.title,
            place=plan.place,
            rule=plan.rule,
            timezone=plan.zone,
            starts_on=now.astimezone(ZoneInfo(plan.zone)).date(),
            now=now,
            skip_holidays=plan.skip_holidays,
        )
        assert series.id is not None
        meeting = next(iter(meetings_of_series(session=session, series_id=series.id)), None)
    else:
        meeting = None
    if meeting is None:
        meeting = create_meeting(
            session=session,
            organiser_id=organiser.id,
            area_code=plan.area_code,
            title=plan.title,
            place=plan.place,
            starts_at=plan.first_at,
            now=now,
            series_id=series.id if series is not None else None,
        )
    invitees = invitees_of(session=session, area_code=plan.area_code, exclude_id=organiser.id)
    subject = f"series:{series.id}" if series is not None else str(meeting.id)
    unreachable = []
    addresses = _addresses(session, invitees)
    for person in invitees:
        when = schedule_text(plan, person.locale)
        values = {"title": plan.title, "when": when, "place": _place(plan.place, person.locale)}
        outcome = _notice(
            session,
            person,
            "meetings.invite",
            values,
            f"{subject}:created",
            now=now,
            addresses=addresses,
        )
        if outcome is Queued.NO_IDENTITY:
            unreachable.append(person)
    return Saved(meeting=meeting, series=series, invitees=invitees, unreachable=unreachable)


def _place(place: str | None, locale: str) -> str:
    return place or t(locale, "meetings.no_place")


def _notice(
    session: Session,
    person: Person,
    key: str,
    values: dict[str, str],
    subject: str,
    *,
    now: datetime,
    addresses: Mapping[int, Address],
) -> Queued:
    """Tell one invitee about a meeting, once per subject."""
    assert person.id is not None
    text = t(person.locale, key, **values)
    return notify_person(
        session=session,
        person_id=person.id,
        kind="meeting_notice",
        text=text,
        now=now,
        idempotency_key=f"meeting-notice:{subject}:{person.id}",
        template_variables=meeting_text.template_variables(
            {**values, "text": " ".join(text.split())}, NOTICE_ORDER
        ),
        addresses=addresses,
    )


def _addresses(session: Session, invitees: list[Person]) -> dict[int, Address]:
    """Where each invitee is reached, looked up at once."""
    return latest_addresses(session=session, person_ids=[p.id for p in invitees if p.id])


def unreachable_names(unreachable: list[Person]) -> str:
    """Names of people without a chat identity, for the organiser."""
    return ", ".join(p.name for p in unreachable)


def can_change(person: Person, meeting: Meeting) -> bool:
    """The organiser, or a coordinator above the meeting's area, may cancel or move it."""
    if meeting.organiser_id == person.id:
        return True
    return person.role in ORGANISER_ROLES[1:] and within(meeting.area_code, person.area_code)


def cancel_and_notify(
    *, session: Session, meeting: Meeting, whole_series: bool, now: datetime
) -> int:
    """Cancel a meeting (or its whole series) and tell the invitees once; returns how many."""
    zone = timezone_of(session=session, code=meeting.area_code)
    invitees = invitees_of(session=session, area_code=meeting.area_code)
    series = session.get(MeetingSeries, meeting.series_id) if meeting.series_id else None
    if whole_series and series is not None:
        cancel_series(session=session, series=series, now=now)
        key, subject = "meetings.notice.series_cancelled", f"series:{series.id}:cancelled"
    else:
        cancel_meeting(session=session, meeting=meeting)
        key, subject = "meetings.notice.cancelled", f"{meeting.id}:cancelled"
    told = 0
    addresses = _addresses(session, invitees)
    for person in invitees:
        if person.id == meeting.organiser_id:
            continue
        values = meeting_text.meeting_values(meeting, zone, person.locale)
        if whole_series and series is not None:
            values["when"] = meeting_text.describe_rule(series.rule, zone, person.locale)
        outcome = _notice(session, person, key, values, subject, now=now, addresses=addresses)
        told += outcome is Queued.QUEUED
    return told


def move_and_notify(
    *,
    session: Session,
    meeting: Meeting,
    starts_at: datetime,
    place: str | None,
    now: datetime,
) -> tuple[Meeting, int]:
    """Move a meeting to a new time (and place) and tell the invitees once."""
    zone = timezone_of(session=session, code=meeting.area_code)
    moved = move_meeting(
        session=session, meeting=meeting, starts_at=starts_at, place=place, now=now
    )
    told = 0
    invitees = invitees_of(session=session, area_code=meeting.area_code)
    addresses = _addresses(session, invitees)
    for person in invitees:
        if person.id == meeting.organiser_id:
            continue
        values = meeting_text.meeting_values(moved, zone, person.locale)
        values["old"] = meeting_text.when(meeting.starts_at, zone, person.locale)
        outcome = _notice(
            session,
            person,
            "meetings.notice.moved",
            values,
            f"{meeting.id}:moved",
            now=now,
            addresses=addresses,
        )
        told += outcome is Queued.QUEUED
    return moved, told
