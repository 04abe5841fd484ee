"""Meeting reminders (H-1 and 2 hours before) and the after-meeting prompt to the organiser."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.scheduler.config import SchedulerConfig
from bot.scheduler.timing import quiet_until
from handlers.flows import meeting_attendance, meeting_rsvp, meeting_text
from handlers.i18n import t
from storage.addressing import latest_addresses
from storage.meeting_attendance import attendance_of
from storage.meetings import invitees_of, materialise_all
from storage.models.meetings import Meeting
from storage.models.people import Person
from storage.notifications import Queued, notify_person
from storage.regions import timezone_of
from storage.schedules import due_meeting_moments

log = logging.getLogger(__name__)

# Reminder name -> how long before the meeting it goes.
REMINDERS = {"h1": timedelta(hours=24), "h2": timedelta(hours=2)}
REMINDER_ORDER = ("title", "when", "place")
# The organiser is asked about attendance this long after the start.
MEETING_LENGTH = timedelta(hours=2)
DECLINED = {"tidak", "izin"}
# Every moment the scheduler acts on a meeting, as an offset from its start.
MOMENTS = {
    "h1": -REMINDERS["h1"],
    "h2": -REMINDERS["h2"],
    "attendance": MEETING_LENGTH,
}
# The meeting's column that marks each moment handled.
HANDLED: dict[str, Any] = {
    "h1": Meeting.reminded_h1_at,
    "h2": Meeting.reminded_h2_at,
    "attendance": Meeting.attendance_prompted_at,
}


def fire_times(meeting: Meeting) -> dict[str, datetime]:
    """Every moment the scheduler acts on a meeting: its reminders and the attendance prompt."""
    return {name: meeting.starts_at + offset for name, offset in MOMENTS.items()}


def run_meetings(*, session: Session, now: datetime, config: SchedulerConfig) -> int:
    """Extend the series, then queue every due reminder and prompt; returns messages queued."""
    materialise_all(session=session, now=now)
    queued = 0
    while True:
        sent, handled = run_meeting_moments(session=session, now=now, config=config)
        queued += sent
        if handled == 0:
            return queued


def run_meeting_moments(
    *, session: Session, now: datetime, config: SchedulerConfig, limit: int = 50
) -> tuple[int, int]:
    """One batch of due meeting moments: (messages queued, moments handled).

    A moment is handled once, whatever came of it (queued, too late, planned before the
    meeting existed): its column on the meeting is set, so no pass looks at it again.
    """
    for name, offset in MOMENTS.items():
        grace = config.grace["meeting_attendance" if name == "attendance" else "meeting_reminder"]
        meetings = due_meeting_moments(
            session=session,
            handled=HANDLED[name],
            offset=offset,
            now=now,
            started=name == "attendance",
            oldest=now - offset - grace - timedelta(hours=1),
            limit=limit,
        )
        if not meetings:
            continue
        queued = 0
        for meeting in meetings:
            fire = meeting.starts_at + offset
            # Too late to help, or planned before the meeting existed (its invitation said it).
            if now - fire <= grace and fire >= meeting.created_at - timedelta(seconds=1):
                zone = _zone(session, meeting, config)
                if name == "attendance":
                    queued += _prompt_attendance(session, meeting, zone, now, config)
                else:
                    queued += _remind(session, meeting, name, zone, now, config)
            setattr(meeting, HANDLED[name].key, now)
            session.add(meeting)
        session.flush()
        return queued, len(meetings)
    return 0, 0


def _zone(session: Session, meeting: Meeting, config: SchedulerConfig) -> str:
    return timezone_of(session=session, code=meeting.area_code, default=config.default_timezone)


def _remind(
    session: Session,
    meeting: Meeting,
    name: str,
    zone: str,
    now: datetime,
    config: SchedulerConfig,
) -> int:
    assert meeting.id is not None
    answers = attendance_of(session=session, meeting_id=meeting.id)
    # Reminders wait out the night, unless the meeting would start before morning.
    morning = quiet_until(now, zone, config.quiet_start, config.quiet_end)
    not_before = morning if morning is not None and morning < meeting.starts_at else None
    occurrence = meeting.starts_at.strftime("%Y%m%dT%H%MZ")
    queued = 0
    invitees = invitees_of(
        session=session, area_code=meeting.area_code, exclude_id=meeting.organiser_id
    )
    addresses = latest_addresses(session=session, person_ids=[p.id for p in invitees if p.id])
    for person in invitees:
        assert person.id is not None
        answer = answers.get(person.id)
        if answer is not None and answer.rsvp in DECLINED:
            continue
        values = meeting_text.meeting_values(meeting, zone, person.locale)
        outcome = notify_person(
            session=session,
            person_id=person.id,
            kind="meeting_reminder",
            text=t(person.locale, f"meetings.reminder.{name}", **values),
            now=now,
            idempotency_key=f"meeting-reminder:{meeting.id}:{occurrence}:{name}:{person.id}",
            template_variables=meeting_text.template_variables(values, REMINDER_ORDER),
            options=meeting_rsvp.options_for(meeting.id, person.locale),
            not_before=not_before,
            addresses=addresses,
        )
        queued += outcome is Queued.QUEUED
    return queued


def _prompt_attendance(
    session: Session, meeting: Meeting, zone: str, now: datetime, config: SchedulerConfig
) -> int:
    organiser = session.get(Person, meeting.organiser_id)
    if organiser is None or organiser.id is None or meeting.id is None:
        return 0
    values = meeting_text.meeting_values(meeting, zone, organiser.locale)
    outcome = notify_person(
        session=session,
        person_id=organiser.id,
        kind="meeting_attendance",
        text=t(organiser.locale, "meetings.attendance.prompt", **values),
        now=now,
        idempotency_key=f"meeting-attendance:{meeting.id}",
        template_variables=meeting_text.template_variables(values, REMINDER_ORDER),
        options=meeting_attendance.prompt_options(meeting.id, organiser.locale),
        not_before=quiet_until(now, zone, config.quiet_start, config.quiet_end),
    )
    return int(outcome is Queued.QUEUED)
