"""Questions shared by the activity and case forms: date, place, photos, choices."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from babel.dates import format_date

from handlers.forms import Draft, FormField, Invalid
from handlers.i18n import term_label
from handlers.messages import Option
from handlers.options import Match, match_answer, match_option
from handlers.parsing.counts import extract_count, to_int
from handlers.parsing.dates import extract_date
from handlers.parsing.lexicon import NUMBER_WORDS_RE
from handlers.parsing.normalize import normalize
from handlers.parsing.places import extract_places
from handlers.turn import Turn
from storage.regions import display_name, get_region
from storage.vocabulary import Term

# Words that put a day after today: a plan, not work done.
FUTURE_WORDS = re.compile(r"\b(besok|besoknya|lusa|depan|nanti)\b")


def say_date(turn: Turn, value: date) -> str:
    """A date as people read it ("17 November 2026")."""
    return format_date(value, format="long", locale=turn.locale)


def ask_choice(turn: Turn, key: str, prefix: str, terms: Mapping[str, Term]) -> None:
    """A closed question over a vocabulary."""
    turn.say(
        key,
        options=[
            Option(f"{prefix}:{code}", term_label(term, turn.locale))
            for code, term in terms.items()
        ],
    )


def read_choice(turn: Turn, prefix: str, terms: Mapping[str, Term]) -> str:
    """The code chosen by button, number, label, code, synonym or a near spelling."""
    everything = [
        [f"{prefix}:{code}", term_label(term, turn.locale)] for code, term in terms.items()
    ]
    found = (
        Match(turn.inbound.choice)
        if turn.inbound.choice
        else match_answer(turn.inbound.text, turn.state.options)
    )
    if found.key is None and not found.ambiguous and turn.inbound.text.strip():
        # After "which did you mean?" every option of the question still counts.
        found = match_answer(turn.inbound.text, everything)
    choice = found.key
    if choice and choice.startswith(f"{prefix}:") and choice.split(":", 1)[1] in terms:
        return choice.split(":", 1)[1]
    typed = turn.inbound.text.strip().lower()
    if typed in terms:
        return typed
    if found.ambiguous:
        raise Invalid("choice.which", options=which_options(turn, found))
    raise Invalid("not_an_option")


def which_options(turn: Turn, found: Match) -> list[Option]:
    """The options an ambiguous answer could mean, with their labels as offered."""
    labels = dict((key, label) for key, label in turn.state.options)
    return [Option(key, labels.get(key, key)) for key in found.candidates]


def ask_date(turn: Turn, draft: Draft) -> None:
    """When did it happen?"""
    turn.say(
        "ask.date",
        options=[
            Option("date:today", turn.text("date.today")),
            Option("date:yesterday", turn.text("date.yesterday")),
        ],
    )


def read_date(turn: Turn, draft: Draft, *, confirm: bool = True) -> str:
    """A day from "hari ini", "kemarin", "12/11", "Senin lalu"; never in the future.

    A yearless day that had to go back a year, or one over a month ago, is confirmed next.
    """
    local_now = turn.local_now
    choice = turn.inbound.choice or match_option(turn.inbound.text, turn.state.options)
    if choice == "date:today":
        return local_now.date().isoformat()
    if choice == "date:yesterday":
        return (local_now.date() - timedelta(days=1)).isoformat()
    text = turn.inbound.text.strip()
    if FUTURE_WORDS.search(normalize(text)):
        raise Invalid("hint.future_date")
    explicit = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if explicit:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise Invalid("hint.date") from None
    else:
        result = extract_date(normalize(text), local_now)
        if result.confidence <= 0:
            raise Invalid("hint.date")
        if result.in_future:
            raise Invalid("hint.future_date")
        day = result.date
        if confirm and date_unsure(result.confidence, day, local_now.date()):
            draft["_date_unsure"] = True
    if day > local_now.date():
        raise Invalid("hint.future_date")
    if day < local_now.date() - timedelta(days=366):
        raise Invalid("hint.date_too_old")
    return day.isoformat()


# A date further back than this is asked to be confirmed, not silently taken.
CONFIRM_OLDER_THAN = timedelta(days=30)


def date_unsure(parsed_confidence: float, day: date, today: date) -> bool:
    """Whether a date read from a message should be confirmed before it is saved."""
    rolled_back = 0 < parsed_confidence <= 0.5  # "15/12" on 2 December: last year's?
    return rolled_back or today - day > CONFIRM_OLDER_THAN


def date_check_field(key: str) -> FormField:
    """ "15 Desember 2025 — benar?": asked when the date of `key` was a guess."""

    def ask(turn: Turn, draft: Draft) -> None:
        shown = show_date(turn, draft, key) or "-"
        turn.say(
            "ask.date_confirm",
            date=shown,
            options=[
                Option("confirm:yes", turn.text("date.confirm_yes")),
                Option("confirm:no", turn.text("date.confirm_no")),
            ],
        )

    def read(turn: Turn, draft: Draft) -> bool:
        choice = turn.inbound.choice or match_option(turn.inbound.text, turn.state.options)
        if choice == "confirm:yes":
            draft.pop("_date_unsure", None)
            return True
        if choice == "confirm:no":
            draft[key] = None
            draft["_date_rejected"] = True
            draft.pop("_date_unsure", None)
            return True
        # A typed date answers the question too ("bukan, 15/11").
        draft[key] = read_date(turn, draft, confirm=False)
        draft.pop("_date_unsure", None)
        return True

    return FormField(
        "_date_ok",
        ask,
        read,
        lambda turn, draft: None,
        applies=lambda draft: bool(draft.get("_date_unsure")),
        editable=False,
    )


def show_date(turn: Turn, draft: Draft, key: str = "occurred_on") -> str | None:
    """The draft's date, readable."""
    value = draft.get(key)
    return say_date(turn, date.fromisoformat(value)) if value else None


def ask_place(turn: Turn, draft: Draft) -> None:
    """Where? RT/RW, a place name, or a shared location."""
    turn.say("ask.place", options=[Option("skip", turn.text("option.skip"))])


def read_place(turn: Turn, draft: Draft) -> str | None:
    """RT/RW and the place's name from text; a shared location is kept as coordinates."""
    if (
        turn.inbound.choice == "skip"
        or match_option(turn.inbound.text, turn.state.options) == "skip"
    ):
        return None
    if turn.inbound.location is not None:
        draft["latitude"] = turn.inbound.location.latitude
        draft["longitude"] = turn.inbound.location.longitude
        return draft.get("place")
    text = turn.inbound.text.strip()
    if not text:
        raise Invalid("hint.place")
    places = extract_places(normalize(text))
    if places.rt:
        draft["rt"] = places.rt
    if places.rw:
        draft["rw"] = places.rw
    # RT/RW live in their own fields; the place keeps only its name ("posyandu mawar").
    from handlers.flows.summary_corrections import place_without_rt_rw

    return place_without_rt_rw(text)[:200] or None


def show_place(turn: Turn, draft: Draft) -> str:
    """RT/RW, place and kelurahan in one line."""
    parts = []
    if draft.get("rt") or draft.get("rw"):
        parts.append(
            "/".join(
                p
                for p in (
                    f"RT {draft['rt']}" if draft.get("rt") else "",
                    f"RW {draft['rw']}" if draft.get("rw") else "",
                )
                if p
            )
        )
    if draft.get("place") and draft.get("place") != draft.get("source_text"):
        parts.append(str(draft["place"]))
    if draft.get("latitude") is not None:
        parts.append(f"📍 {draft['latitude']:.5f}, {draft['longitude']:.5f}")
    if turn.person is not None:
        region = get_region(session=turn.session, code=turn.person.area_code)
        if region is not None:
            parts.append(display_name(region))
    return ", ".join(parts) or "-"


def ask_photos(turn: Turn, draft: Draft) -> None:
    """Photos are welcome at any time; here they are asked for explicitly."""
    turn.say("ask.photos", options=[Option("photos:done", turn.text("option.done"))])


def read_photos(turn: Turn, draft: Draft) -> bool | None:
    """ "Selesai" ends the photo question; a photo itself was already taken by the form."""
    choice = turn.inbound.choice or match_option(turn.inbound.text, turn.state.options)
    if choice == "photos:done" or turn.inbound.text.strip().lower() in {
        "selesai",
        "done",
        "sudah",
        "cukup",
    }:
        return True
    raise Invalid("hint.photos")


def read_number(turn: Turn, *, low: int, high: int, hint: str) -> int:
    """A whole number within bounds from text like "32", "32 KPM", "± 40 org"."""
    found = re.search(r"\d[\d.]*", turn.inbound.text)
    if not found:
        raise Invalid(hint)
    value = int(found.group().replace(".", ""))
    if not low <= value <= high:
        raise Invalid(hint)
    return value


_BARE_COUNT_RE = re.compile(
    rf"((?:sekitar|kira-kira|kurang lebih|±)\s*)?({NUMBER_WORDS_RE}|\d{{1,3}}(?:\.\d{{3}})+|\d+)"
    r"\s*(-?\s*an|\+)?"
)


def read_count(turn: Turn, draft: Draft, *, high: int, hint: str) -> int:
    """People reached from "32", "kira2 20an org", "seratus dua puluh KPM", "sekitar 30".

    An estimate is kept as one: the draft notes it, and the summary says "sekitar".
    """
    text = normalize(turn.inbound.text)
    result = extract_count(text, [])
    value = result.count
    approximate = result.approximate
    if value is None:
        bare = _BARE_COUNT_RE.fullmatch(text)
        if bare is None:
            raise Invalid(hint)
        value = to_int(bare[2])
        approximate = bool(bare[1] or bare[3])
    if not 0 <= value <= high:
        raise Invalid(hint)
    draft["people_reached_approximate"] = approximate
    return value


def local_today(turn: Turn) -> date:
    """Today in the sender's zone."""
    return turn.local_now.date()


def as_datetime(value: str) -> datetime:
    """An ISO string back to a datetime."""
    return datetime.fromisoformat(value)
