"""The planned step of a new case: read from the message, shown in the summary, saved."""

from __future__ import annotations

from datetime import date

from handlers.flows import fields
from handlers.forms import Draft
from handlers.i18n import term_label
from handlers.parsing import ParsedMessage
from handlers.turn import Turn
from storage.models.cases import Case
from storage.plans import plan_step
from storage.vocabulary import REFERRALS

# Plans that take the client somewhere: a planned referral's destination goes with them.
TAKES_SOMEWHERE = ("referral", "escort", "checkup", "proposal")


def plan_from_parsed(parsed: ParsedMessage) -> dict[str, str | None] | None:
    """The draft's plan ("besok dirujuk ke puskesmas"), or None when the message plans nothing."""
    if parsed.plan is None:
        return None
    destination = (
        parsed.referral
        if parsed.plan.action in TAKES_SOMEWHERE and parsed.referral_planned
        else None
    )
    return {
        "action": parsed.plan.action,
        "due_on": parsed.plan.due_on.isoformat(),
        "phrase": parsed.plan.phrase,
        "destination": destination,
    }


def show_plan(turn: Turn, draft: Draft) -> str | None:
    """The planned step: "dirujuk ke Puskesmas, 18 November 2026"."""
    plan = draft.get("plan")
    if not plan:
        return None
    place = (
        term_label(REFERRALS[plan["destination"]], turn.locale) if plan.get("destination") else ""
    )
    key = f"plans.show.{plan['action']}" + ("_to" if place else "")
    when = fields.say_date(turn, date.fromisoformat(plan["due_on"]))
    return turn.text(key, place=place, when=when)


def save_plan(turn: Turn, case: Case, draft: Draft) -> None:
    """Store the draft's plan as a planned step of the new case."""
    plan = draft.get("plan")
    if not plan or turn.person is None or turn.person.id is None:
        return
    plan_step(
        session=turn.session,
        case=case,
        person_id=turn.person.id,
        action=plan["action"],
        destination=plan.get("destination"),
        due_on=date.fromisoformat(plan["due_on"]),
        phrase=plan.get("phrase"),
        now=turn.now,
    )
