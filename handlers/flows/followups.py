"""One-tap answers to a follow-up prompt on a quiet case: visited, no change, close."""

from __future__ import annotations

from handlers.i18n import t
from handlers.turn import Turn
from storage.followups import ACTIVE_STATUSES, FOLLOWUP_ANSWERS, record_followup
from storage.models.cases import Case

PREFIX = "followup:"


def options_for(case_id: int, locale: str) -> list[tuple[str, str]]:
    """The options of a follow-up prompt, as (key, label)."""
    return [
        (f"{PREFIX}{case_id}:{a}", t(locale, f"reminders.followup.{a}")) for a in FOLLOWUP_ANSWERS
    ]


def answer(turn: Turn, choice: str) -> None:
    """`followup:{case}:{visit|nochange|close}` pressed or typed as its number."""
    assert turn.person is not None and turn.person.id is not None
    _, case_id, reply = choice.split(":", 2)
    case = turn.session.get(Case, int(case_id)) if case_id.isdigit() else None
    if case is None or case.deleted_at is not None or reply not in FOLLOWUP_ANSWERS:
        turn.answer_aside("reminders.followup.gone")
        return
    if case.reporter_id != turn.person.id:
        turn.answer_aside("reminders.followup.not_yours")
        return
    if case.status not in ACTIVE_STATUSES:
        turn.answer_aside("reminders.followup.gone")
        return
    record_followup(
        session=turn.session,
        case=case,
        answer=reply,
        actor_id=turn.person.id,
        today=turn.local_now.date(),
        now=turn.now,
    )
    turn.answer_aside(f"reminders.followup.done_{reply}", client=case.client_name)
