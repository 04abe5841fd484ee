"""A correction typed at the summary changes only the fields it names.

"RW 07" changes the RW, "35 org" the count, "kemarin" the date, "tempatnya di posyandu mawar
RW 04" the place and its RW, "penyuluhan" the activity type. A bare "25" could be a count, an
RT or an RW: the bot asks which.
"""

from __future__ import annotations

import re
from datetime import timedelta

from handlers.flows import fields
from handlers.forms import Draft
from handlers.messages import Option
from handlers.parsing.activities import program_types
from handlers.parsing.categories import extract_category
from handlers.parsing.clients import find_age
from handlers.parsing.counts import extract_count
from handlers.parsing.dates import extract_date
from handlers.parsing.normalize import mask, normalize
from handlers.parsing.places import extract_places, two_digits
from handlers.turn import Turn

PREFIX = "fix:"
_PLACE_RE = re.compile(r"(?i)^\s*(?:tempat(?:nya)?|lokasi(?:nya)?|di|bertempat\s+di)\b[\s:]*")
_INNER_PLACE_RE = re.compile(r"(?i)\b(?:tempat(?:nya)?|lokasi(?:nya)?)\s*(?:di\s+)?[:]?\s*(.+)$")
_RT_RW_TEXT_RE = re.compile(
    r"(?i)\b(?:rt\s*/\s*rw\s*[.:]?\s*\d{1,3}\s*/\s*\d{1,3}|(?:rt|rw)\s*[.:]?\s*(?:\d{1,3}|[ivx]{1,6})"
    r"(?:\s*/\s*(?:rw\s*)?\d{1,3})?)\b"
)
_BARE_NUMBER_RE = re.compile(r"^\s*(\d{1,3})\s*$")
_MALE_RE = re.compile(r"\b(?:laki-laki|laki|pria|lk)\b")
_FEMALE_RE = re.compile(r"\b(?:perempuan|wanita|pr)\b")


def place_without_rt_rw(text: str) -> str:
    """ "posyandu mawar RW 04" -> "posyandu mawar": RT/RW are kept in their own fields."""
    stripped = _RT_RW_TEXT_RE.sub(" ", text)
    return " ".join(stripped.split()).strip(" ,.;-") or ""


def _place_name(text: str) -> str | None:
    """The place a correction names ("tempatnya di posyandu mawar"), without RT/RW."""
    inner = _INNER_PLACE_RE.search(text)
    if inner:
        name = inner[1]
    elif _PLACE_RE.match(text):
        name = _PLACE_RE.sub("", text, count=1)
    else:
        return None
    name = re.sub(r"(?i)^di\s+", "", place_without_rt_rw(name))
    return name[:200] or None


def _common(turn: Turn, draft: Draft, text: str, date_key: str) -> tuple[dict[str, object], str]:
    """Place, RT/RW and date named in the correction; returns them and the rest to read."""
    normalized = normalize(text)
    places = extract_places(normalized)
    found: dict[str, object] = {}
    place = _place_name(text)
    if place:
        found["place"] = place
    if places.rt:
        found["rt"] = places.rt
    if places.rw:
        found["rw"] = places.rw
    rest = mask(normalized, places.spans)
    date = extract_date(rest, turn.local_now)
    today = turn.local_now.date()
    if (
        date.confidence > 0
        and not date.in_future
        and timedelta(0) <= today - date.date <= timedelta(days=366)
    ):
        found[date_key] = date.date.isoformat()
        if fields.date_unsure(date.confidence, date.date, today):
            found["_date_unsure"] = True
    return found, mask(rest, date.spans)


def _apply(draft: Draft, found: dict[str, object]) -> bool:
    """Put what the correction names into the draft (the summary is shown again either way)."""
    draft.update(found)
    return bool(found)


def _ask_number(turn: Turn, text: str) -> bool | None:
    """A bare number: ask whether it is the count, the RT or the RW."""
    bare = _BARE_NUMBER_RE.match(text)
    if bare is None:
        return False
    number = bare[1]
    turn.say(
        "correction.which_number",
        number=number,
        options=[
            Option(f"{PREFIX}people_reached:{number}", turn.text("correction.as_count")),
            Option(f"{PREFIX}rt:{number}", turn.text("correction.as_rt")),
            Option(f"{PREFIX}rw:{number}", turn.text("correction.as_rw")),
        ],
    )
    return None


def correct_activity(turn: Turn, draft: Draft) -> bool | None:
    """Apply a typed correction to an activity draft; None when a question was asked instead."""
    text = turn.inbound.text.strip()
    found, rest = _common(turn, draft, text, "occurred_on")
    count = extract_count(rest, [])
    if count.count is not None and (count.unit is not None or count.confidence >= 0.8):
        found["people_reached"] = count.count
        found["people_reached_approximate"] = count.approximate
    # Only a program word names a new type; "posyandu" in a place is not the activity.
    place_text = normalize(str(found.get("place", "")))
    programs = program_types(rest.replace(place_text, " ") if place_text else rest)
    if len(programs) == 1:
        found["activity_type"] = next(iter(programs))
    if not found:
        return _ask_number(turn, text)
    return _apply(draft, found)


def correct_case(turn: Turn, draft: Draft) -> bool | None:
    """Apply a typed correction to a case draft; None when a question was asked instead."""
    text = turn.inbound.text.strip()
    found, rest = _common(turn, draft, text, "opened_on")
    category = extract_category(rest)
    if category.ppks is not None:
        found["ppks"] = category.ppks
    age = find_age(rest)
    if age is not None:
        found["client_age"] = age
    if _MALE_RE.search(rest) and not _FEMALE_RE.search(rest):
        found["client_sex"] = "L"
    elif _FEMALE_RE.search(rest) and not _MALE_RE.search(rest):
        found["client_sex"] = "P"
    if not found:
        bare = _BARE_NUMBER_RE.match(text)
        if bare is None:
            return False
        turn.say(
            "correction.which_number",
            number=bare[1],
            options=[
                Option(f"{PREFIX}rt:{bare[1]}", turn.text("correction.as_rt")),
                Option(f"{PREFIX}rw:{bare[1]}", turn.text("correction.as_rw")),
                Option(f"{PREFIX}client_age:{bare[1]}", turn.text("case.field.client_age")),
            ],
        )
        return None
    return _apply(draft, found)


def apply_choice(draft: Draft, choice: str) -> bool:
    """`fix:{field}:{number}` chosen after a bare number."""
    _, key, number = choice.split(":", 2)
    if key in ("rt", "rw"):
        value: object = two_digits(number)
    elif key in ("people_reached", "client_age") and number.isdigit():
        value = int(number)
        if key == "people_reached":
            draft["people_reached_approximate"] = False
    else:
        return False
    if value is None:
        return False
    draft[key] = value
    return True
