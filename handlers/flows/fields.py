"""Questions shared by the activity and case forms: date, place, photos, choices."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from babel.dates import format_date

from handlers.forms import Draft, Invalid
from handlers.messages import Option
from handlers.options import match_option
from handlers.parsing.dates import extract_date
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
            Option(f"{prefix}:{code}", term.label(turn.locale)) for code, term in terms.items()
        ],
    )


def read_choice(turn: Turn, prefix: str, terms: Mapping[str, Term]) -> str:
    """The code chosen by button, number, label or code."""
    choice = turn.inbound.choice or match_option(turn.inbound.text, turn.state.options)
    if choice and choice.startswith(f"{prefix}:") and choice.split(":", 1)[1] in terms:
        return choice.split(":", 1)[1]
    typed = turn.inbound.text.strip().lower()
    if typed in terms:
        return typed
    raise Invalid("not_an_option")


def ask_date(turn: Turn, draft: Draft) -> None:
    """When did it happen?"""
    turn.say(
        "ask.date",
        options=[
            Option("date:today", turn.text("date.today")),
            Option("date:yesterday", turn.text("date.yesterday")),
        ],
    )


def read_date(turn: Turn, draft: Draft) -> str:
    """A day from "hari ini", "kemarin", "12/11", "Senin lalu"; never in the future."""
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
    if day > local_now.date():
        raise Invalid("hint.future_date")
    if day < local_now.date() - timedelta(days=366):
        raise Invalid("hint.date_too_old")
    return day.isoformat()


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
    return text[:200]


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


def local_today(turn: Turn) -> date:
    """Today in the sender's zone."""
    return turn.local_now.date()


def as_datetime(value: str) -> datetime:
    """An ISO string back to a datetime."""
    return datetime.fromisoformat(value)
