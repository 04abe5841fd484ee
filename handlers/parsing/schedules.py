"""Reading a meeting schedule typed in Indonesian or English into an RRULE or one date.

"setiap Selasa kedua tiap bulan jam 09.00 di Aula Kelurahan" -> FREQ=MONTHLY;BYDAY=2TU at 09:00,
"every Monday 13:00" -> FREQ=WEEKLY;BYDAY=MO, "sekali 2026-12-03 09:00" -> one meeting.
The rule is kept in the area's local time; dateutil's rrule expands it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

from handlers.parsing.lexicon import ENGLISH_WEEKDAYS
from handlers.parsing.lexicon import MONTHS as LEXICON_MONTHS
from handlers.parsing.lexicon import WEEKDAYS as LEXICON_WEEKDAYS

# Weekday names to RRULE days, from the shared lexicon (Indonesian) plus English short forms.
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAYS = {
    **{name: _BYDAY[n] for name, n in LEXICON_WEEKDAYS.items() if name != "minggu"},
    **{name: _BYDAY[LEXICON_WEEKDAYS[indonesian]] for name, indonesian in ENGLISH_WEEKDAYS.items()},
    "mon": "MO", "tue": "TU", "tues": "TU", "wed": "WE", "thu": "TH", "thurs": "TH",
    "fri": "FR", "sat": "SA", "sun": "SU",
}  # fmt: skip
ORDINALS = {
    "pertama": 1, "kesatu": 1, "kedua": 2, "ketiga": 3, "keempat": 4, "terakhir": -1,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1,
    "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "ke-1": 1, "ke-2": 2, "ke-3": 3, "ke-4": 4,
}  # fmt: skip
MONTHS = LEXICON_MONTHS
RECURRING = re.compile(r"\b(setiap|tiap|every|weekly|monthly|mingguan|bulanan)\b")
ONCE = re.compile(r"\b(sekali|once|satu kali)\b")
# "di"/"at" followed by something that is not a time starts the place.
PLACE = re.compile(
    r"(?:\s|^)(?:di|at|bertempat di|tempat:?|lokasi:?|@)\s+(?!\d)(?!jam\b|pukul\b)(.+)$"
)
ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
DMY_DATE = re.compile(r"\b(\d{1,2})[/-](\d{1,2})(?:[/-](\d{2,4}))?\b")
NAMED_DATE = re.compile(r"\b(\d{1,2})\s+([a-z]+)(?:\s+(\d{4}))?\b")
CLOCK = re.compile(r"\b(?:jam|pukul|pkl\.?|at)?\s*(\d{1,2})[.:](\d{2})\s*(am|pm)?\b")
HOUR_ONLY = re.compile(
    r"\b(?:jam|pukul|pkl\.?|at)\s*(\d{1,2})\s*(am|pm|pagi|siang|sore|malam)?\b"
    r"|\b(\d{1,2})\s*(am|pm)\b"
)
MONTH_DAY = re.compile(r"\b(?:tanggal|tgl\.?|day|on the)\s*(\d{1,2})(?:st|nd|rd|th)?\b")
EVERY_N_WEEKS = re.compile(r"\b(?:setiap|tiap|every)\s+(\d|dua|two|other)\s*(?:minggu|weeks?)?\b")
NUMBER_WORDS = {"dua": 2, "two": 2, "other": 2}


@dataclass(frozen=True, slots=True)
class Schedule:
    """A parsed schedule: an RRULE (local time) for a series, or one local date and time."""

    at: time
    rule: str | None = None
    on: date | None = None
    place: str | None = None

    @property
    def is_series(self) -> bool:
        """A recurring meeting rather than a one-off."""
        return self.rule is not None


def parse_schedule(text: str, today: date) -> Schedule | None:
    """The schedule a message describes; None when it cannot be read with confidence."""
    # Jum'at is written with and without the apostrophe; drop it before anything else, so that
    # positions in the lowered text still match the original (the place keeps its capitals).
    original = re.sub(r"(?i)(jum)['’](at)", r"\1\2", " ".join(text.split()))
    lowered = original.lower()
    place = None
    match = PLACE.search(lowered)
    if match:
        place = original[match.start(1) : match.end(1)].strip(" .,") or None
        lowered = lowered[: match.start()]
    on, lowered = _take_date(lowered, today)
    at = _take_time(lowered)
    if at is None:
        return None
    if on is not None and not RECURRING.search(lowered):
        return Schedule(at=at, on=on, place=place)
    if ONCE.search(lowered) or not RECURRING.search(lowered):
        return None
    rule = _rule(lowered)
    if rule is None:
        return None
    return Schedule(
        at=at, rule=f"{rule};BYHOUR={at.hour};BYMINUTE={at.minute};BYSECOND=0", place=place
    )


def _take_date(text: str, today: date) -> tuple[date | None, str]:
    """A calendar date in the text (and the text without it)."""
    for pattern in (ISO_DATE, DMY_DATE, NAMED_DATE):
        for match in pattern.finditer(text):
            found = _date_of(pattern, match, today)
            if found is not None:
                return found, text[: match.start()] + " " + text[match.end() :]
    return None, text


def _date_of(pattern: re.Pattern[str], match: re.Match[str], today: date) -> date | None:
    try:
        if pattern is ISO_DATE:
            return date(int(match[1]), int(match[2]), int(match[3]))
        if pattern is DMY_DATE:
            # "09.00" is a time, not 9 March; the separators here are / and - only.
            year = int(match[3]) if match[3] else None
            if year is not None and year < 100:
                year += 2000
            return _with_year(int(match[1]), int(match[2]), year, today)
        month = MONTHS.get(match[2])
        if month is None:
            return None
        return _with_year(int(match[1]), month, int(match[3]) if match[3] else None, today)
    except ValueError:
        return None


def _with_year(day: int, month: int, year: int | None, today: date) -> date:
    """A date with the year given, or the next such date from today."""
    if year is not None:
        return date(year, month, day)
    candidate = date(today.year, month, day)
    return candidate if candidate >= today else date(today.year + 1, month, day)


def _take_time(text: str) -> time | None:
    """The time of day: 09.00, 13:00, jam 9, 1 pm, jam 7 malam."""
    match = CLOCK.search(text)
    if match:
        hour, minute = int(match[1]), int(match[2])
        hour = _twelve_hour(hour, match[3])
    else:
        match = HOUR_ONLY.search(text)
        if not match:
            return None
        hour = int(match[1] or match[3])
        minute = 0
        hour = _twelve_hour(hour, match[2] or match[4])
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


def _twelve_hour(hour: int, marker: str | None) -> int:
    if marker in {"pm", "sore", "malam"} and hour < 12:
        return hour + 12
    if marker == "siang" and hour < 6:
        return hour + 12
    if marker == "am" and hour == 12:
        return 0
    return hour


def _rule(text: str) -> str | None:
    """The FREQ/BYDAY/BYMONTHDAY part of a recurring schedule."""
    words = re.findall(r"[a-z]+(?:-\d)?|\d+(?:st|nd|rd|th)", text)
    days: list[str] = []
    for index, word in enumerate(words):
        if word in WEEKDAYS:
            days.append(WEEKDAYS[word])
        elif word == "minggu" and index > 0 and words[index - 1] == "hari":
            days.append("SU")  # "hari Minggu" is Sunday; a bare "minggu" is a week
    days = list(dict.fromkeys(days))
    ordinal = next((ORDINALS[w] for w in words if w in ORDINALS), None)
    monthly = bool(re.search(r"\b(bulan|month|monthly|bulanan)\b", text))
    if days and ordinal is not None:
        if len(days) != 1:
            return None
        return f"FREQ=MONTHLY;BYDAY={ordinal}{days[0]}"
    if not days:
        day_match = MONTH_DAY.search(text)
        if monthly and day_match and 1 <= int(day_match[1]) <= 31:
            return f"FREQ=MONTHLY;BYMONTHDAY={int(day_match[1])}"
        return None
    if monthly:
        return None  # "every month on Monday": which Monday is not said
    interval = 1
    every = EVERY_N_WEEKS.search(text)
    if every:
        word = every[1]
        interval = NUMBER_WORDS.get(word) or int(word)
    if re.search(r"\b(dua minggu sekali|every other|biweekly)\b", text):
        interval = 2
    if interval < 1 or interval > 4:
        return None
    prefix = "FREQ=WEEKLY" if interval == 1 else f"FREQ=WEEKLY;INTERVAL={interval}"
    return f"{prefix};BYDAY={','.join(days)}"
