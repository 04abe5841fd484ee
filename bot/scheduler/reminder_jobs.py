"""Follow-up prompts on quiet cases (PSM after N days, TKSK after N+M) and the weekly nudge."""

from __future__ import annotations

from datetime import datetime, timedelta

from babel.dates import format_date
from sqlmodel import Session

from bot.scheduler.config import SchedulerConfig
from bot.scheduler.timing import last_weekly, local_date, quiet_until, week_start
from handlers.flows import followups
from handlers.flows.meeting_text import template_variables
from handlers.i18n import t
from storage.addressing import latest_addresses
from storage.calendar import is_holiday, moved_off_holiday, prompt_day
from storage.followups import stale_cases
from storage.followups import tksk_of as tksk_for_area
from storage.models.cases import Case
from storage.models.people import Person
from storage.notifications import Queued, notify_person
from storage.nudges import psm_without_report, zones_in_use
from storage.regions import get_region, timezone_of


def run_followups(
    *, session: Session, now: datetime, config: SchedulerConfig, zone: str | None = None
) -> int:
    """Prompt the PSM of every case quiet for N days, and tell the TKSK after N+M days."""
    psm_after = timedelta(days=config.followup_days)
    tksk_after = psm_after + timedelta(days=config.escalation_days)
    queued = 0
    for case in stale_cases(session=session, updated_before=now - psm_after, zone=zone):
        case_zone = timezone_of(
            session=session, code=case.area_code, default=config.default_timezone
        )
        not_before = quiet_until(now, case_zone, config.quiet_start, config.quiet_end)
        # A prompt due on a holiday waits for the next working day.
        today = local_date(now, case_zone)
        if is_holiday(today) or today < prompt_day(case.updated_at + psm_after, case_zone):
            continue
        # The key names the update it is about: a new update starts a new count.
        stamp = case.updated_at.strftime("%Y%m%dT%H%M%S")
        reporter = session.get(Person, case.reporter_id)
        if reporter is not None and reporter.active:
            queued += _prompt_psm(session, case, reporter, case_zone, stamp, now, not_before)
        if now - case.updated_at >= tksk_after and today >= prompt_day(
            case.updated_at + tksk_after, case_zone
        ):
            for tksk in tksk_for_area(session=session, area_code=case.area_code):
                queued += _tell_tksk(session, case, reporter, tksk, stamp, now, not_before)
    return queued


def _prompt_psm(
    session: Session,
    case: Case,
    psm: Person,
    zone: str,
    stamp: str,
    now: datetime,
    not_before: datetime | None,
) -> int:
    assert psm.id is not None and case.id is not None
    days = str((now - case.updated_at).days)
    since = format_date(local_date(case.updated_at, zone), "d MMMM y", locale=psm.locale)
    outcome = notify_person(
        session=session,
        person_id=psm.id,
        kind="followup",
        text=t(psm.locale, "reminders.followup", client=case.client_name, since=since, days=days),
        now=now,
        idempotency_key=f"followup:{case.id}:{stamp}:psm",
        template_variables=template_variables(
            {"client": case.client_name, "days": days}, ("client", "days")
        ),
        options=followups.options_for(case.id, psm.locale),
        not_before=not_before,
    )
    return int(outcome is Queued.QUEUED)


def _tell_tksk(
    session: Session,
    case: Case,
    psm: Person | None,
    tksk: Person,
    stamp: str,
    now: datetime,
    not_before: datetime | None,
) -> int:
    assert tksk.id is not None
    region = get_region(session=session, code=case.area_code)
    values = {
        "client": case.client_name,
        "days": str((now - case.updated_at).days),
        "area": region.name if region is not None else case.area_code,
        "psm": psm.name if psm is not None else "-",
    }
    outcome = notify_person(
        session=session,
        person_id=tksk.id,
        # Its own kind: no buttons, so its WhatsApp template differs from the PSM's prompt.
        kind="followup_escalation",
        text=t(tksk.locale, "reminders.followup.escalation", **values),
        now=now,
        idempotency_key=f"followup:{case.id}:{stamp}:tksk:{tksk.id}",
        template_variables=template_variables(values, ("client", "days", "area", "psm")),
        not_before=not_before,
    )
    return int(outcome is Queued.QUEUED)


def run_nudges(
    *, session: Session, now: datetime, config: SchedulerConfig, zone: str | None = None
) -> int:
    """One friendly nudge per week to each PSM who has not reported yet, at the set local time.

    With `zone`, only the PSM of that zone (its own run, at its local time).
    """
    grace = config.grace["nudge"]
    queued = 0
    zones = [zone] if zone is not None else zones_in_use(session=session)
    for local_zone in zones:
        fire = last_weekly(now, local_zone, config.nudge_weekday, config.nudge_time)
        # On a holiday the nudge goes on the next working day, same time, same week's key.
        moved = moved_off_holiday(fire, local_zone)
        if now < moved or now - moved > grace:
            continue
        year, week, _ = local_date(fire, local_zone).isocalendar()
        not_before = quiet_until(now, local_zone, config.quiet_start, config.quiet_end)
        people = psm_without_report(
            session=session, zone=local_zone, since=week_start(fire, local_zone), until=now
        )
        addresses = latest_addresses(session=session, person_ids=[p.id for p in people if p.id])
        for person in people:
            assert person.id is not None
            outcome = notify_person(
                session=session,
                person_id=person.id,
                kind="nudge",
                text=t(person.locale, "reminders.nudge", name=person.name),
                now=now,
                idempotency_key=f"nudge:{person.id}:{year}-W{week:02d}",
                template_variables=template_variables({"name": person.name}, ("name",)),
                not_before=not_before,
                addresses=addresses,
            )
            queued += outcome is Queued.QUEUED
    return queued
