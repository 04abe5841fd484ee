"""Opening a case: guided, or prefilled from a free-text message about a client."""

from __future__ import annotations

from datetime import date
from typing import Any

from stdnum.exceptions import ValidationError
from stdnum.id import nik as nik_number

from handlers import forms, payloads
from handlers.flows import case_plans, fields, summary_corrections
from handlers.forms import Draft, Form, FormField, Invalid
from handlers.i18n import term_label
from handlers.messages import Option
from handlers.options import match_option
from handlers.parsing import ParsedMessage
from handlers.parsing.categories import extract_category
from handlers.parsing.normalize import normalize
from handlers.turn import Turn
from storage.activities import create_activity
from storage.cases import add_event, create_case, update_case
from storage.media import attach_media
from storage.models.cases import Case, CaseEventKind, CaseStatus
from storage.personal_data import find_niks, mask_nik, mask_niks
from storage.vocabulary import CASE_SOURCES, CONSENTS, PPKS, REFERRALS, SEXES, URGENCIES, Term

ADULT_AGE = 18


def search_ppks(text: str) -> list[int]:
    """PPKS categories a keyword points to ("lansia" -> 8), best first."""
    typed = text.strip().lower()
    if typed.isdecimal() and len(typed) <= 2 and int(typed) in PPKS:
        return [int(typed)]
    found: list[int] = []
    by_alias = extract_category(normalize(text)).ppks
    if by_alias is not None:
        found.append(by_alias)
    words = [w for w in typed.replace("/", " ").split() if len(w) >= 3]
    for number, term in PPKS.items():
        label = term_label(term).lower()
        if words and all(w in label for w in words) and number not in found:
            found.append(number)
    return found


def _ask_name(turn: Turn, draft: Draft) -> None:
    turn.say("case.ask.client_name")


def _read_name(turn: Turn, draft: Draft) -> str:
    text = " ".join(turn.inbound.text.split())
    if not 1 <= len(text) <= 80 or text.startswith("/"):
        raise Invalid("case.hint.client_name")
    return text


def _ask_age(turn: Turn, draft: Draft) -> None:
    turn.say("case.ask.client_age")


def _read_age(turn: Turn, draft: Draft) -> int:
    value = fields.read_number(turn, low=0, high=3000, hint="case.hint.client_age")
    this_year = fields.local_today(turn).year
    if 1900 <= value <= this_year:
        return this_year - value
    if value > 120:
        raise Invalid("case.hint.client_age")
    return value


def _ask_nik(turn: Turn, draft: Draft) -> None:
    turn.say("case.ask.nik", options=[Option("skip", turn.text("option.skip"))])


def _read_nik(turn: Turn, draft: Draft) -> str | None:
    if (turn.inbound.choice or match_option(turn.inbound.text, turn.state.options)) == "skip":
        return None
    digits = "".join(ch for ch in turn.inbound.text if ch.isdigit())
    try:
        return str(nik_number.validate(digits))
    except ValidationError:
        raise Invalid("case.hint.nik") from None


def _ask_nik_found(turn: Turn, draft: Draft) -> None:
    found = draft["_nik_found"]
    if found["valid"]:
        turn.say(
            "case.ask.nik_found",
            nik=mask_nik(found["digits"]),
            options=[
                Option("nikfound:keep", turn.text("case.nik_found.keep")),
                Option("nikfound:drop", turn.text("case.nik_found.drop")),
            ],
        )
    else:
        turn.say(
            "case.ask.nik_found_invalid",
            nik=mask_nik(found["digits"]),
            options=[Option("skip", turn.text("option.skip"))],
        )


def _read_nik_found(turn: Turn, draft: Draft) -> bool:
    """The NIK found in the message kept (True) or not (False); a typed NIK replaces it."""
    choice = turn.inbound.choice or match_option(turn.inbound.text, turn.state.options)
    found = draft["_nik_found"]
    if choice == "nikfound:keep" and found["valid"]:
        draft["nik"] = found["digits"]
        return True
    if choice in ("nikfound:drop", "skip"):
        return False
    draft["nik"] = _read_nik(turn, draft)
    return draft["nik"] is not None


def _ask_ppks(turn: Turn, draft: Draft) -> None:
    candidates = draft.pop("_ppks_candidates", None)
    if candidates:
        turn.say(
            "case.ask.ppks_pick",
            options=[
                Option(f"ppks:{n}", f"{n}. {term_label(PPKS[n], turn.locale)}")
                for n in candidates[:6]
            ],
        )
    else:
        turn.say("case.ask.ppks")


def _read_ppks(turn: Turn, draft: Draft) -> int:
    choice = turn.inbound.choice or match_option(turn.inbound.text, turn.state.options)
    picked = payloads.trailing_id(choice, "ppks:")
    if picked in PPKS:
        return picked
    found = search_ppks(turn.inbound.text)
    if len(found) == 1:
        return found[0]
    if found:
        draft["_ppks_candidates"] = found
        raise Invalid("case.hint.ppks_several")
    raise Invalid("case.hint.ppks")


def _ask_problem(turn: Turn, draft: Draft) -> None:
    turn.say("case.ask.problem")


def _read_problem(turn: Turn, draft: Draft) -> str:
    text = turn.inbound.text.strip()
    if len(text) < 3:
        raise Invalid("case.hint.problem")
    niks = find_niks(text)
    if niks and not draft.get("nik") and "_nik_found" not in draft:
        best = next((n for n in niks if n.valid), niks[0])
        draft["_nik_found"] = {"digits": best.digits, "valid": best.valid}
    return mask_niks(text)


def _choice_field(key: str, prefix: str, terms: dict[str, Term], **extra: Any) -> FormField:
    def show(turn: Turn, draft: Draft) -> str | None:
        code = draft.get(key)
        return term_label(terms[code], turn.locale) if code in terms else None

    return FormField(
        key,
        lambda turn, draft: fields.ask_choice(turn, f"case.ask.{key}", prefix, terms),
        lambda turn, draft: fields.read_choice(turn, prefix, terms),
        show,
        **extra,
    )


def _is_child(draft: Draft) -> bool:
    age = draft.get("client_age")
    return age is not None and age < ADULT_AGE


def _check(turn: Turn, draft: Draft) -> str | None:
    if _is_child(draft) and draft.get("consent") != "wali":
        return "case.hint.child_consent"
    return None


def _save(turn: Turn, draft: Draft) -> None:
    person = turn.person
    assert person is not None and person.id is not None
    opened_on = date.fromisoformat(draft.get("opened_on") or fields.local_today(turn).isoformat())
    consent = draft.get("consent")
    values = {
        "client_name": draft["client_name"],
        "client_sex": draft.get("client_sex"),
        "client_age": draft.get("client_age"),
        "nik": draft.get("nik"),
        "rt": draft.get("rt"),
        "rw": draft.get("rw"),
        "address": draft.get("place"),
        "ppks": draft["ppks"],
        "problem": draft.get("problem"),
        "source": draft.get("source"),
        "urgency": draft.get("urgency"),
        "consent_given": consent in ("klien", "wali"),
        "consent_by": consent if consent in ("klien", "wali") else None,
    }
    if draft.get("_editing_id"):
        record = turn.session.get(Case, draft["_editing_id"])
        assert record is not None
        values.pop("address")
        update_case(
            session=turn.session, case=record, values=values, actor_id=person.id, now=turn.now
        )
        turn.say("corrections.updated", number=record.id)
        return
    case = create_case(
        session=turn.session,
        reporter_id=person.id,
        area_code=person.area_code,
        values=values,
        opened_on=opened_on,
        now=turn.now,
    )
    assert case.id is not None
    media = list(draft.get("media", []))
    attach_media(session=turn.session, media_ids=media, case_id=case.id)
    if draft.get("visit_type"):
        # The message reported work done for the client: it counts as an activity too.
        create_activity(
            session=turn.session,
            reporter_id=person.id,
            area_code=person.area_code,
            values={
                "activity_type": draft["visit_type"],
                "occurred_on": opened_on,
                "rt": draft.get("rt"),
                "rw": draft.get("rw"),
                "people_reached": 1,
                "psm_role": "inisiator",
                "ppks": draft["ppks"],
            },
            media_ids=media,
            case_id=case.id,
            now=turn.now,
        )
    if draft.get("referral"):
        case.referral = draft["referral"]
        case.status = CaseStatus.REFERRED
        add_event(
            session=turn.session,
            case=case,
            kind=CaseEventKind.REFERRAL,
            actor_id=person.id,
            occurred_on=opened_on,
            now=turn.now,
            data={
                "destination": draft["referral"],
                "family_agreed": consent is not None and consent != "belum",
            },
        )
    case_plans.save_plan(turn, case, draft)
    turn.say("case.saved", number=case.id)


def _show_referral(turn: Turn, draft: Draft) -> str | None:
    code = draft.get("referral")
    return term_label(REFERRALS[code], turn.locale) if code in REFERRALS else None


FORM = Form(
    name="case",
    title_key="case.summary_title",
    fields=[
        FormField("client_name", _ask_name, _read_name, lambda t, d: d.get("client_name")),
        _choice_field("client_sex", "sex", SEXES, required=lambda d: False),
        FormField(
            "client_age",
            _ask_age,
            _read_age,
            lambda t, d: (
                None if d.get("client_age") is None else t.text("case.years", age=d["client_age"])
            ),
        ),
        FormField(
            "nik",
            _ask_nik,
            _read_nik,
            lambda t, d: mask_nik(d["nik"]) if d.get("nik") else None,
            required=lambda d: False,
            optional=True,
        ),
        FormField(
            "nik_found",
            _ask_nik_found,
            _read_nik_found,
            lambda t, d: None,
            required=lambda d: "_nik_found" in d,
            applies=lambda d: "_nik_found" in d,
            editable=False,
        ),
        FormField(
            "place",
            fields.ask_place,
            fields.read_place,
            fields.show_place,
            required=lambda d: False,
            optional=True,
        ),
        FormField(
            "ppks",
            _ask_ppks,
            _read_ppks,
            lambda t, d: (
                f"{d['ppks']}. {term_label(PPKS[d['ppks']], t.locale)}"
                if d.get("ppks") in PPKS
                else None
            ),
        ),
        FormField("problem", _ask_problem, _read_problem, lambda t, d: d.get("problem")),
        _choice_field("source", "source", CASE_SOURCES, required=lambda d: False),
        _choice_field("urgency", "urgency", URGENCIES, required=lambda d: False),
        FormField(
            "referral",
            lambda t, d: None,
            lambda t, d: d.get("referral"),
            _show_referral,
            required=lambda d: False,
            applies=lambda d: bool(d.get("referral")),
            editable=False,
        ),
        FormField(
            "plan",
            lambda t, d: None,
            lambda t, d: d.get("plan"),
            case_plans.show_plan,
            required=lambda d: False,
            applies=lambda d: bool(d.get("plan")),
            editable=False,
        ),
        FormField(
            "opened_on",
            fields.ask_date,
            fields.read_date,
            lambda t, d: fields.show_date(t, d, "opened_on"),
            applies=lambda d: bool(d.get("_date_rejected") or d.get("_date_unsure")),
        ),
        fields.date_check_field("opened_on"),
        _choice_field("consent", "consent", CONSENTS),
        FormField(
            "photos",
            fields.ask_photos,
            fields.read_photos,
            lambda t, d: None,
            required=lambda d: False,
            optional=True,
            editable=False,
        ),
    ],
    save=_save,
    check=_check,
    correct=summary_corrections.correct_case,
    fix_choice=summary_corrections.apply_choice,
)


def start_guided(turn: Turn) -> None:
    """The menu's "Lapor kasus baru"."""
    forms.start(turn, FORM, {}, guided=True)


def draft_from_parsed(parsed: ParsedMessage, text: str) -> Draft:
    """A case draft prefilled from the parser.

    A NIK in the text is offered (and masked in it); a planned referral is a plan, not a
    referral made.
    """
    draft: Draft = {
        "client_name": parsed.client_name,
        "client_age": parsed.client_age,
        "client_sex": parsed.client_sex,
        "rt": parsed.rt,
        "rw": parsed.rw,
        "ppks": parsed.ppks,
        # The NIK lives in its own (encrypted) field once confirmed, never in the free text.
        "problem": mask_niks(text),
        "referral": None if parsed.referral_planned else parsed.referral,
        "plan": case_plans.plan_from_parsed(parsed),
        "opened_on": None if parsed.date_in_future else parsed.date.isoformat(),
        "visit_type": parsed.activity_type
        if parsed.activity_type in ("kunjungan", "penanganan")
        else None,
    }
    niks = find_niks(text)
    if niks:
        best = next((n for n in niks if n.valid), niks[0])
        draft["_nik_found"] = {"digits": best.digits, "valid": best.valid}
    return draft
