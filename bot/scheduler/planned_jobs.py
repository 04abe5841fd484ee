"""Planned steps fall due: on the planned day the PSM is asked whether the step happened."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.scheduler.config import SchedulerConfig
from bot.scheduler.timing import quiet_until
from handlers.flows import planned_steps
from handlers.flows.meeting_text import template_variables
from reports.queries.cases import FINISHED
from storage.models.cases import Case
from storage.models.people import Person
from storage.models.plans import PlannedStep, PlannedStepStatus
from storage.notifications import Queued, notify_person
from storage.nudges import zones_in_use
from storage.plans import due_steps


def run_planned_steps(*, session: Session, now: datetime, config: SchedulerConfig) -> int:
    """Ask each PSM about the steps planned for today (from the follow-up time on) or earlier.

    A step is asked about once (its idempotency key names it); a step of a case that was
    closed, moved away or deleted meanwhile is dropped without a message.
    """
    queued = 0
    for zone in zones_in_use(session=session):
        local = now.astimezone(ZoneInfo(zone))
        today = local.date()
        if local.time().replace(tzinfo=None) < config.followup_time:
            # Before the morning check only the steps of earlier days (a catch-up) are asked.
            today = today.fromordinal(today.toordinal() - 1)
        not_before = quiet_until(now, zone, config.quiet_start, config.quiet_end)
        for step in due_steps(session=session, zone=zone, on_or_before=today):
            queued += _ask(session, step, now, not_before)
    return queued


def _ask(session: Session, step: PlannedStep, now: datetime, not_before: datetime | None) -> int:
    case = session.get(Case, step.case_id)
    psm = session.get(Person, step.person_id)
    if case is None or case.deleted_at is not None or case.status in FINISHED:
        step.status = PlannedStepStatus.CANCELLED.value
        session.add(step)
        return 0
    if psm is None or not psm.active:
        return 0
    assert step.id is not None and psm.id is not None
    text = planned_steps.question(step, case, psm.locale)
    outcome = notify_person(
        session=session,
        person_id=psm.id,
        kind="planned_step",
        text=text,
        now=now,
        idempotency_key=f"planned-step:{step.id}",
        template_variables=template_variables(
            {"client": case.client_name, "question": text}, ("client", "question")
        ),
        options=planned_steps.options_for(step.id, psm.locale),
        not_before=not_before,
    )
    if outcome is not Queued.NO_IDENTITY:
        step.prompted_at = now
        session.add(step)
    return int(outcome is Queued.QUEUED)
