"""Open cases: the list (/kasus), and updates — visit, assessment, referral, assistance,
move, closure. Each update is one event in the case's history."""

from __future__ import annotations

from handlers.flows import case_moves, fields
from handlers.forms import SKIP_WORDS, collect_media, draft_of, resume_open_draft
from handlers.i18n import term_label
from handlers.messages import Option
from handlers.options import match_option
from handlers.turn import Turn
from storage.audit import audit
from storage.cases import add_event
from storage.conversations import reset_state
from storage.media import attach_media
from storage.models.cases import Case, CaseEventKind, CaseStatus
from storage.models.people import PersonRole
from storage.personal_data import mask_nik
from storage.regions import within
from storage.vocabulary import CASE_STATUSES, PPKS, REFERRALS

ACTIONS = ("visit", "assessment", "referral", "assistance", "moved", "closed")
EVENT_OF = {
    "visit": CaseEventKind.VISIT,
    "assessment": CaseEventKind.ASSESSMENT,
    "referral": CaseEventKind.REFERRAL,
    "assistance": CaseEventKind.ASSISTANCE,
    "moved": CaseEventKind.MOVED,
    "closed": CaseEventKind.CLOSED,
}
FLOW = "case_update"


def visible_case(turn: Turn, case_id: int) -> Case | None:
    """A case the sender may see: their own, or one in their kelurahan."""
    case = turn.session.get(Case, case_id)
    person = turn.person
    if case is None or person is None or case.deleted_at is not None:
        return None
    if case.reporter_id == person.id or case.area_code == person.area_code:
        return case
    if person.role in (PersonRole.TKSK, PersonRole.DINSOS, PersonRole.ADMIN) and (
        person.role == PersonRole.ADMIN or within(case.area_code, person.area_code)
    ):
        return case
    return None


def show_case(turn: Turn, choice: str) -> None:
    """A case's card and what can be done with it."""
    if resume_open_draft(turn):
        return
    case = visible_case(turn, int(choice.rsplit(":", 1)[1]))
    if case is None:
        turn.say("cases.not_found")
        return
    reset_state(turn.state)
    turn.state.flow = FLOW
    turn.state.step = "action"
    turn.state.data = {"case_id": case.id, "draft": {}}
    audit(
        session=turn.session,
        action="case.view",
        actor_id=turn.person.id if turn.person else None,
        subject_type="case",
        subject_id=case.id,
    )
    lines = [
        turn.text(
            "cases.card",
            number=case.id,
            name=case.client_name,
            ppks=term_label(PPKS[case.ppks], turn.locale) if case.ppks in PPKS else "-",
            status=term_label(CASE_STATUSES[case.status], turn.locale),
            opened=fields.say_date(turn, case.opened_on),
        ),
    ]
    if case.nik:
        lines.append(f"NIK: {mask_nik(case.nik)}")
    if case.rt or case.rw:
        lines.append(f"RT {case.rt or '-'} / RW {case.rw or '-'}")
    if case.referral:
        lines.append(
            turn.text("cases.referred_to", place=term_label(REFERRALS[case.referral], turn.locale))
        )
    lines.append(turn.text("cases.what_now"))
    turn.say_text(
        "\n".join(lines),
        options=[Option(f"update:{action}", turn.text(f"update.{action}")) for action in ACTIONS],
    )


def handle(turn: Turn) -> None:
    """A message within a case update."""
    data = turn.state.data
    case = visible_case(turn, int(data.get("case_id", 0)))
    if case is None:
        reset_state(turn.state)
        turn.say("cases.not_found")
        return
    collect_media(turn)
    if turn.inbound.media and not turn.inbound.text.strip():
        turn.notice("draft.photo_added", count=len(draft_of(turn).get("media", [])))
        return
    choice = turn.inbound.choice or match_option(turn.inbound.text, turn.state.options)
    step = turn.state.step
    if step == "action":
        action = (choice or "").removeprefix("update:")
        if action not in ACTIONS:
            # Free words ("ikut anaknya ke kel cipedes rt 3 rw 2") say what happened.
            if not case_moves.understand(turn, case):
                turn.notice("not_an_option")
            return
        data["action"] = action
        _ask_first(turn, action)
    elif step == "confirm":
        if choice == "confirm:yes":
            _commit(turn, case)
        elif choice == "confirm:no":
            reset_state(turn.state)
            turn.say("update.not_saved", name=case.client_name)
        else:
            turn.notice("not_an_option")
    elif step == "destination":
        code = (choice or "").removeprefix("referral:")
        if code not in REFERRALS:
            turn.notice("not_an_option")
            return
        data["destination"] = code
        ask_agreement(turn)
    elif step == "agreement":
        if choice == "agree:no":
            reset_state(turn.state)
            turn.say("update.referral_needs_agreement")
            return
        if choice != "agree:yes":
            turn.notice("not_an_option")
            return
        _record(turn, case, note=None)
    elif step == "new_area":
        if not case_moves.propose_move(turn, case, turn.inbound.text.strip()):
            turn.notice("update.hint.new_area")
    elif step == "note":
        text = turn.inbound.text.strip()
        if len(text) < 2:
            turn.notice("update.hint.note")
            return
        note = None if text.lower() in SKIP_WORDS else text
        if data["action"] == "closed":
            data["note"] = note
            case_moves.ask_confirmation(turn, "update.confirm_close", name=case.client_name)
            return
        _record(turn, case, note=note)


def ask_agreement(turn: Turn) -> None:
    """A referral is recorded only with the family's agreement: ask for it."""
    turn.state.step = "agreement"
    turn.say(
        "update.ask.agreement",
        options=[
            Option("agree:yes", turn.text("option.yes")),
            Option("agree:no", turn.text("option.no")),
        ],
    )


def record_now(turn: Turn, case: Case, *, note: str | None) -> None:
    """Save the update in `state.data["action"]` at once (a visit, aid received)."""
    _record(turn, case, note=note)


def _commit(turn: Turn, case: Case) -> None:
    """Save the change the person just confirmed (a closure or a move)."""
    data = turn.state.data
    if data["action"] == "moved":
        case_moves.apply_move(turn, case)
        _record(turn, case, note=data.get("note"), extra=data.get("extra"))
        return
    _record(turn, case, note=data.get("note"))


def _ask_first(turn: Turn, action: str) -> None:
    if action == "referral":
        turn.state.step = "destination"
        fields.ask_choice(turn, "update.ask.destination", "referral", REFERRALS)
    elif action == "moved":
        turn.state.step = "new_area"
        turn.say("update.ask.new_area")
    else:
        turn.state.step = "note"
        turn.say(f"update.ask.{action}")


def _record(
    turn: Turn, case: Case, *, note: str | None, extra: dict[str, str] | None = None
) -> None:
    data = turn.state.data
    action = data["action"]
    person = turn.person
    assert person is not None
    event_data: dict[str, object] = dict(extra or {})
    if action == "referral":
        event_data.update(destination=data["destination"], family_agreed=True)
        case.referral = data["destination"]
        case.status = CaseStatus.REFERRED
    elif action == "closed":
        case.status = CaseStatus.CLOSED
        case.closed_at = turn.now
        case.outcome = note
    event = add_event(
        session=turn.session,
        case=case,
        kind=EVENT_OF[action],
        actor_id=person.id,
        occurred_on=fields.local_today(turn),
        now=turn.now,
        note=note,
        data=event_data,
    )
    attach_media(
        session=turn.session,
        media_ids=list(draft_of(turn).get("media", [])),
        case_id=case.id,
        case_event_id=event.id,
    )
    reset_state(turn.state)
    turn.say(
        "update.saved", number=case.id, status=term_label(CASE_STATUSES[case.status], turn.locale)
    )
