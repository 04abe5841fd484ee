"""Meeting reminders (H-1 and 2 hours before) and the after-meeting prompt to the organiser."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.scheduler.config import SchedulerConfig
from bot.scheduler.timing import quiet_until
from handlers.flows import meeting_attendance, meeting_rsvp, meeting_text
from handlers.i18n import t
from storage.meeting_attendance import attendance_of
from storage.meetings import invitees_of, materialise_all, scheduled_between
from storage.models.meetings import Meeting
from storage.models.people import Person
from storage.notifications import Queued, notify_person
from storage.regions import timezone_of

log = logging.getLogger(__name__)

# Reminder name -> how long before the meeting it goes.
REMINDERS = {"h1": timedelta(hours=24), "h2": timedelta(hours=2)}
REMINDER_ORDER = ("title", "when", "place")
# The organiser is asked about attendance this long after the start.
MEETING_LENGTH = timedelta(hours=2)
DECLINED = {"tidak", "izin"}


def fire_times(meeting: Meeting) -> dict[str, datetime]:
    """Every moment the scheduler acts on a meeting: its reminders and the attendance prompt."""
    times = {name: meeting.starts_at - before for name, before in REMINDERS.items()}
    times["attendance"] = meeting.starts_at + MEETING_LENGTH
    return times


def run_meetings(*, session: Session, now: datetime, config: SchedulerConfig) -> int:
    """Extend the series, then queue due reminders and prompts; returns messages queued."""
    materialise_all(session=session, now=now)
    return _reminders(session, now, config) + _attendance_prompts(session, now, config)


def _zone(session: Session, meeting: Meeting, config: SchedulerConfig) -> str:
    return timezone_of(session=session, code=meeting.area_code, default=config.default_timezone)


def _reminders(session: Session, now: datetime, config: SchedulerConfig) -> int:
    grace = config.grace["meeting_reminder"]
    queued = 0
    # The end is inclusive: a meeting exactly 24 hours ahead gets its H-1 reminder now.
    end = now + max(REMINDERS.values()) + timedelta(seconds=1)
    for meeting in scheduled_between(session=session, start=now, end=end):
        if meeting.starts_at <= now:
            continue
        zone = _zone(session, meeting, config)
        for name, before in REMINDERS.items():
            fire = meeting.starts_at - before
            # A reminder planned before the meeting existed is covered by its invitation.
            if fire > now or now - fire > grace or fire < meeting.created_at:
                continue
            queued += _remind(session, meeting, name, zone, now, config)
    return queued


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
    for person in invitees_of(
        session=session, area_code=meeting.area_code, exclude_id=meeting.organiser_id
    ):
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
        )
        queued += outcome is Queued.QUEUED
    return queued


def _attendance_prompts(session: Session, now: datetime, config: SchedulerConfig) -> int:
    grace = config.grace["meeting_attendance"]
    queued = 0
    # The end is inclusive: the prompt goes at exactly two hours after the start.
    end = now - MEETING_LENGTH + timedelta(seconds=1)
    for meeting in scheduled_between(session=session, start=now - MEETING_LENGTH - grace, end=end):
        organiser = session.get(Person, meeting.organiser_id)
        if organiser is None or organiser.id is None or meeting.id is None:
            continue
        zone = _zone(session, meeting, config)
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
        queued += outcome is Queued.QUEUED
    return queued
