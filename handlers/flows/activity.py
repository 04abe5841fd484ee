"""Reporting an activity: guided step by step, or prefilled from a free-text message."""

from __future__ import annotations

from datetime import date
from typing import Any

from handlers import forms, payloads
from handlers.flows import fields, summary_corrections
from handlers.forms import Draft, Form, FormField, Invalid
from handlers.i18n import term_label
from handlers.messages import Option
from handlers.options import match_option
from handlers.parsing import ParsedMessage
from handlers.turn import Turn
from storage.activities import create_activity, update_activity
from storage.cases import open_cases_of
from storage.models.activities import Activity
from storage.models.cases import Case
from storage.personal_data import mask_personal_data
from storage.vocabulary import ACTIVITY_TYPES, PSM_ROLES

# The role an activity type usually exercises, when the message does not say.
DEFAULT_ROLE = {
    "bansos": "dinamisator",
    "verval": "administrator",
    "kunjungan": "inisiator",
    "penanganan": "inisiator",
    "bencana": "dinamisator",
    "permakanan": "dinamisator",
    "kube": "motivator",
    "sosialisasi": "motivator",
    "pelatihan": "motivator",
    "rapat": "administrator",
    "lainnya": "administrator",
}
MAX_COUNT = 100_000


def _ask_type(turn: Turn, draft: Draft) -> None:
    fields.ask_choice(turn, "activity.ask.type", "type", ACTIVITY_TYPES)


def _read_type(turn: Turn, draft: Draft) -> str:
    code = fields.read_choice(turn, "type", ACTIVITY_TYPES)
    if draft.get("psm_role") is None and not turn.state.data.get("guided"):
        # A quick report whose type had to be asked takes the type's usual role, as one
        # whose type was read from the message does.
        draft["psm_role"] = DEFAULT_ROLE[code]
    return code


def _ask_count(turn: Turn, draft: Draft) -> None:
    turn.say("activity.ask.count")


def _read_count(turn: Turn, draft: Draft) -> int:
    return fields.read_count(turn, draft, high=MAX_COUNT, hint="activity.hint.count")


def show_count(turn: Turn, draft: Draft) -> str | None:
    """ "32 orang/KK", or "sekitar 20 orang/KK" for an estimate."""
    count = draft.get("people_reached")
    if count is None:
        return None
    key = "activity.people_approx" if draft.get("people_reached_approximate") else "activity.people"
    return turn.text(key, count=count)


def _ask_role(turn: Turn, draft: Draft) -> None:
    fields.ask_choice(turn, "activity.ask.role", "role", PSM_ROLES)


def _ask_description(turn: Turn, draft: Draft) -> None:
    turn.say("activity.ask.description", options=[Option("skip", turn.text("option.skip"))])


def _read_description(turn: Turn, draft: Draft) -> str | None:
    if (
        match_option(turn.inbound.text, turn.state.options) == "skip"
        or turn.inbound.choice == "skip"
    ):
        return None
    text = turn.inbound.text.strip()
    if len(text) < 3:
        raise Invalid("activity.hint.description")
    return text


def _open_cases(turn: Turn) -> list[Case]:
    assert turn.person is not None and turn.person.id is not None
    return open_cases_of(session=turn.session, reporter_id=turn.person.id)[:8]


def _ask_case(turn: Turn, draft: Draft) -> None:
    options = [Option(f"case:{c.id}", f"{c.client_name} (#{c.id})") for c in _open_cases(turn)]
    options.append(Option("case:none", turn.text("activity.no_case")))
    turn.say("activity.ask.case", options=options)


def _read_case(turn: Turn, draft: Draft) -> int | None:
    choice = turn.inbound.choice or match_option(turn.inbound.text, turn.state.options)
    if choice == "case:none":
        return None
    case_id = payloads.trailing_id(choice, "case:")
    if case_id is not None and case_id in {c.id for c in _open_cases(turn)}:
        return case_id
    raise Invalid("not_an_option")


def _show_case(turn: Turn, draft: Draft) -> str | None:
    case_id = draft.get("case_id")
    if case_id is None:
        return None
    case = turn.session.get(Case, case_id)
    return f"{case.client_name} (#{case_id})" if case else None


def _label(terms: dict[str, Any], key: str) -> Any:
    def show(turn: Turn, draft: Draft) -> str | None:
        code = draft.get(key)
        return term_label(terms[code], turn.locale) if code in terms else None

    return show


def _save(turn: Turn, draft: Draft) -> None:
    person = turn.person
    assert person is not None and person.id is not None
    values = {
        "activity_type": draft["activity_type"],
        "occurred_on": date.fromisoformat(draft["occurred_on"]),
        "rt": draft.get("rt"),
        "rw": draft.get("rw"),
        "place": draft.get("place"),
        "latitude": draft.get("latitude"),
        "longitude": draft.get("longitude"),
        "people_reached": draft.get("people_reached"),
        "people_reached_approximate": bool(draft.get("people_reached_approximate")),
        "psm_role": draft.get("psm_role"),
        "ppks": draft.get("ppks"),
        "description": draft.get("description"),
        "source_text": draft.get("source_text"),
    }
    if draft.get("_editing_id"):
        record = turn.session.get(Activity, draft["_editing_id"])
        assert record is not None
        update_activity(
            session=turn.session, activity=record, values=values, actor_id=person.id, now=turn.now
        )
        turn.say("corrections.updated", number=record.id)
        return
    activity = create_activity(
        session=turn.session,
        reporter_id=person.id,
        area_code=person.area_code,
        values=values,
        media_ids=list(draft.get("media", [])),
        case_id=draft.get("case_id"),
        now=turn.now,
    )
    turn.say("activity.saved", number=activity.id, photos=len(draft.get("media", [])))


FORM = Form(
    name="activity",
    title_key="activity.summary_title",
    fields=[
        FormField(
            "activity_type",
            _ask_type,
            _read_type,
            _label(ACTIVITY_TYPES, "activity_type"),
        ),
        FormField("occurred_on", fields.ask_date, fields.read_date, fields.show_date),
        fields.date_check_field("occurred_on"),
        FormField(
            "place",
            fields.ask_place,
            fields.read_place,
            fields.show_place,
            required=lambda draft: False,
            optional=True,
        ),
        FormField(
            "people_reached",
            _ask_count,
            _read_count,
            show_count,
        ),
        FormField(
            "psm_role",
            _ask_role,
            lambda turn, draft: fields.read_choice(turn, "role", PSM_ROLES),
            _label(PSM_ROLES, "psm_role"),
        ),
        FormField(
            "description",
            _ask_description,
            _read_description,
            lambda turn, draft: mask_personal_data(draft.get("description") or "") or None,
            required=lambda draft: False,
            optional=True,
        ),
        FormField(
            "photos",
            fields.ask_photos,
            fields.read_photos,
            lambda turn, draft: None,
            required=lambda draft: False,
            optional=True,
            editable=False,
        ),
        FormField(
            "case_id",
            _ask_case,
            _read_case,
            _show_case,
            required=lambda draft: False,
            applies=lambda draft: draft.get("_has_cases", False),
            optional=True,
        ),
    ],
    save=_save,
    correct=summary_corrections.correct_activity,
    fix_choice=summary_corrections.apply_choice,
)


def start_guided(turn: Turn) -> None:
    """The menu's "Lapor kegiatan": every question in turn."""
    draft: Draft = {"_has_cases": bool(_open_cases(turn))}
    forms.start(turn, FORM, draft, guided=True)


def draft_from_parsed(parsed: ParsedMessage, text: str) -> Draft:
    """An activity draft prefilled from the parser; a future date is left to be asked."""
    activity_type = None if "activity_type" in parsed.missing else parsed.activity_type
    return {
        "activity_type": activity_type,
        "occurred_on": None if parsed.date_in_future else parsed.date.isoformat(),
        "rt": parsed.rt,
        "rw": parsed.rw,
        "people_reached": parsed.count,
        "people_reached_approximate": parsed.count_approximate,
        "psm_role": parsed.psm_role or (DEFAULT_ROLE[activity_type] if activity_type else None),
        "ppks": parsed.ppks,
        "description": text,
        "source_text": text,
    }
