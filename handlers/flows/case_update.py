"""Open cases: the list (/kasus), and updates — visit, assessment, referral, assistance,
move, closure. Each update is one event in the case's history."""

from __future__ import annotations

from sqlalchemy import and_, or_
from sqlmodel import col, select

from handlers.flows import fields
from handlers.forms import SKIP_WORDS, collect_media, draft_of, resume_open_draft
from handlers.messages import Option
from handlers.options import match_option
from handlers.turn import Turn
from storage.activities import attach_media
from storage.audit import audit
from storage.cases import add_event, open_cases_of
from storage.conversations import reset_state
from storage.models.cases import Case, CaseEventKind, CaseStatus
from storage.models.people import Person, PersonRole
from storage.models.regions import RegionLevel
from storage.personal_data import mask_nik
from storage.regions import find_regions_by_name, get_region
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
    return None


def list_cases(turn: Turn) -> None:
    """/kasus: the sender's open cases with the days since the last update."""
    person = turn.person
    assert person is not None and person.id is not None
    cases = open_cases_of(session=turn.session, reporter_id=person.id, area_code=person.area_code)
    if not cases:
        turn.say("cases.none")
        return
    today = fields.local_today(turn)
    options = []
    for case in cases[:10]:
        days = (today - case.updated_at.astimezone(turn.timezone).date()).days
        options.append(
            Option(
                f"case:open:{case.id}",
                turn.text(
                    "cases.item",
                    name=case.client_name,
                    number=case.id,
                    days=days,
                    status=CASE_STATUSES[case.status].label(turn.locale),
                ),
            )
        )
    turn.say("cases.title", count=len(cases), options=options)


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
            ppks=PPKS[case.ppks].label(turn.locale) if case.ppks in PPKS else "-",
            status=CASE_STATUSES[case.status].label(turn.locale),
            opened=fields.say_date(turn, case.opened_on),
        ),
    ]
    if case.nik:
        lines.append(f"NIK: {mask_nik(case.nik)}")
    if case.rt or case.rw:
        lines.append(f"RT {case.rt or '-'} / RW {case.rw or '-'}")
    if case.referral:
        lines.append(
            turn.text("cases.referred_to", place=REFERRALS[case.referral].label(turn.locale))
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
            turn.notice("not_an_option")
            return
        data["action"] = action
        _ask_first(turn, action)
    elif step == "destination":
        code = (choice or "").removeprefix("referral:")
        if code not in REFERRALS:
            turn.notice("not_an_option")
            return
        data["destination"] = code
        turn.state.step = "agreement"
        turn.say(
            "update.ask.agreement",
            options=[
                Option("agree:yes", turn.text("option.yes")),
                Option("agree:no", turn.text("option.no")),
            ],
        )
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
        _move(turn, case)
    elif step == "note":
        text = turn.inbound.text.strip()
        if len(text) < 2:
            turn.notice("update.hint.note")
            return
        _record(turn, case, note=None if text.lower() in SKIP_WORDS else text)


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
    turn.say("update.saved", number=case.id, status=CASE_STATUSES[case.status].label(turn.locale))


def _move(turn: Turn, case: Case) -> None:
    """The client moved: within the kelurahan (new RT/RW) or to another kelurahan."""
    from handlers.parsing.normalize import normalize
    from handlers.parsing.places import extract_places

    text = turn.inbound.text.strip()
    if len(text) < 2:
        turn.notice("update.hint.new_area")
        return
    places = extract_places(normalize(text))
    name = text.split(",")[0]
    villages = find_regions_by_name(session=turn.session, name=name, level=RegionLevel.VILLAGE)
    old_area = case.area_code
    extra = {"address": text, "from_area": old_area}
    if places.rt or places.rw:
        case.rt, case.rw = places.rt or case.rt, places.rw or case.rw
    if len(villages) == 1 and villages[0].code != old_area:
        new_area = villages[0]
        case.area_code = new_area.code
        case.status = CaseStatus.MOVED
        extra["to_area"] = new_area.code
        _tell_new_area(turn, case, new_area.code, new_area.name)
    elif not (places.rt or places.rw):
        turn.notice("update.hint.new_area")
        return
    case.address = text[:200]
    _record(turn, case, note=text, extra=extra)


def _tell_new_area(turn: Turn, case: Case, area_code: str, area_name: str) -> None:
    """The PSM of the new kelurahan and the TKSK of its kecamatan take the case over."""
    district = area_code.rsplit(".", 1)[0]
    people = turn.session.exec(
        select(Person).where(
            col(Person.active).is_(True),
            or_(
                and_(
                    col(Person.area_code) == area_code,
                    col(Person.role).in_([PersonRole.PSM, PersonRole.KETUA_PSM]),
                ),
                and_(col(Person.area_code) == district, col(Person.role) == PersonRole.TKSK),
            ),
        )
    ).all()
    region = get_region(session=turn.session, code=turn.person.area_code) if turn.person else None
    for other in people:
        if other.id != (turn.person.id if turn.person else None):
            turn.tell(
                other,
                "update.moved_notice",
                number=case.id,
                area=area_name,
                from_area=region.name if region else "-",
            )
