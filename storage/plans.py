"""Planned steps of cases: stored with the case, asked about on their day, answered once."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, col, select

from storage.cases import add_event
from storage.models.cases import Case, CaseEventKind, CaseStatus
from storage.models.plans import PlannedStep, PlannedStepStatus
from storage.models.regions import Region

PLAN_ANSWERS = ("done", "notyet", "cancel")
# What a step that happened becomes in the case's history.
EVENT_OF_ACTION = {
    "referral": CaseEventKind.REFERRAL,
    "visit": CaseEventKind.VISIT,
    "checkup": CaseEventKind.ASSISTANCE,
    "escort": CaseEventKind.ASSISTANCE,
    "proposal": CaseEventKind.ASSISTANCE,
}


def plan_step(
    *,
    session: Session,
    case: Case,
    person_id: int,
    action: str,
    due_on: date,
    now: datetime,
    destination: str | None = None,
    phrase: str | None = None,
) -> PlannedStep:
    """Record a step planned for a case (not done yet)."""
    assert case.id is not None
    step = PlannedStep(
        case_id=case.id,
        person_id=person_id,
        action=action,
        destination=destination,
        due_on=due_on,
        phrase=(phrase or "")[:200] or None,
        created_at=now,
    )
    session.add(step)
    session.flush()
    return step


def due_steps(*, session: Session, zone: str, on_or_before: date) -> list[PlannedStep]:
    """Planned steps of cases in `zone`'s areas due by a local date and not yet asked about."""
    query = (
        select(PlannedStep)
        .join(Case, col(Case.id) == col(PlannedStep.case_id))
        .join(Region, col(Region.code) == col(Case.area_code))
        .where(
            PlannedStep.status == PlannedStepStatus.PLANNED.value,
            col(PlannedStep.prompted_at).is_(None),
            col(PlannedStep.due_on) <= on_or_before,
            Region.timezone == zone,
        )
        .order_by(col(PlannedStep.due_on), col(PlannedStep.id))
    )
    return list(session.exec(query).all())


def open_steps_of(*, session: Session, case_id: int) -> list[PlannedStep]:
    """A case's steps still planned, soonest first."""
    return list(
        session.exec(
            select(PlannedStep)
            .where(
                PlannedStep.case_id == case_id,
                PlannedStep.status == PlannedStepStatus.PLANNED.value,
            )
            .order_by(col(PlannedStep.due_on), col(PlannedStep.id))
        ).all()
    )


def answer_step(
    *,
    session: Session,
    step: PlannedStep,
    case: Case,
    answer: str,
    actor_id: int,
    today: date,
    now: datetime,
) -> None:
    """Store the PSM's answer (done / not yet / cancelled) as the case's event."""
    if answer not in PLAN_ANSWERS:
        raise ValueError(f"not a planned-step answer: {answer!r}")
    data: dict[str, object] = {"via": "planned_step", "planned_step": step.id}
    if answer == "done":
        step.status = PlannedStepStatus.DONE.value
        if step.action == "referral" and step.destination:
            case.referral = step.destination
            case.status = CaseStatus.REFERRED
            data.update(destination=step.destination, family_agreed=case.consent_given)
        elif step.destination:
            data["destination"] = step.destination
        kind = EVENT_OF_ACTION.get(step.action, CaseEventKind.NOTE)
        note = step.phrase
    else:
        step.status = (
            PlannedStepStatus.NOT_DONE.value
            if answer == "notyet"
            else PlannedStepStatus.CANCELLED.value
        )
        kind = CaseEventKind.NOTE
        data["planned"] = answer
        note = step.phrase
    step.answered_at = now
    session.add(step)
    add_event(
        session=session,
        case=case,
        kind=kind,
        actor_id=actor_id,
        occurred_on=today,
        now=now,
        note=note,
        data=data,
    )
