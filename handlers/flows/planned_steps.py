"""Planned steps of a case: the question on the planned day and its one-tap answers."""

from __future__ import annotations

from handlers.i18n import t, term_label
from handlers.turn import Turn
from storage.models.cases import Case
from storage.models.plans import PlannedStep, PlannedStepStatus
from storage.plans import PLAN_ANSWERS, answer_step
from storage.vocabulary import REFERRALS

PREFIX = "plan:"


def place_of(step: PlannedStep, locale: str) -> str | None:
    """Where the step takes the client, in the reader's words."""
    if step.destination in REFERRALS:
        return term_label(REFERRALS[step.destination], locale)
    return None


def question(step: PlannedStep, case: Case, locale: str) -> str:
    """ "Apakah Ibu S sudah dirujuk ke Puskesmas hari ini?" in the PSM's language."""
    place = place_of(step, locale)
    key = f"plans.ask.{step.action}" + ("_to" if place else "")
    return t(locale, key, client=case.client_name, place=place or "", phrase=step.phrase or "")


def options_for(step_id: int, locale: str) -> list[tuple[str, str]]:
    """Sudah / Belum / Batal, as (key, label)."""
    return [(f"{PREFIX}{step_id}:{a}", t(locale, f"plans.answer.{a}")) for a in PLAN_ANSWERS]


def answer(turn: Turn, choice: str) -> None:
    """`plan:{step}:{done|notyet|cancel}` pressed or typed."""
    assert turn.person is not None and turn.person.id is not None
    _, step_id, reply = choice.split(":", 2)
    step = turn.session.get(PlannedStep, int(step_id)) if step_id.isdigit() else None
    case = turn.session.get(Case, step.case_id) if step is not None else None
    if step is None or case is None or case.deleted_at is not None or reply not in PLAN_ANSWERS:
        turn.answer_aside("plans.gone")
        return
    if step.person_id != turn.person.id and case.reporter_id != turn.person.id:
        turn.answer_aside("reminders.followup.not_yours")
        return
    if step.status != PlannedStepStatus.PLANNED.value:
        turn.answer_aside("plans.already_answered", client=case.client_name)
        return
    answer_step(
        session=turn.session,
        step=step,
        case=case,
        answer=reply,
        actor_id=turn.person.id,
        today=turn.local_now.date(),
        now=turn.now,
    )
    turn.answer_aside(f"plans.done_{reply}", client=case.client_name)
