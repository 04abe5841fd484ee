"""A step the PSM plans for a client ("besok dirujuk ke puskesmas", "akan dikunjungi Senin").

A plan is not work done: the case records it as a planned step with its date, and on that day
the bot asks whether it happened.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from handlers.parsing.lexicon import MONTHS, WEEKDAYS
from handlers.parsing.normalize import clause_around

# What can be planned, by the verb that names it.
ACTION_RES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("referral", re.compile(r"\b(?:di|me|men)?rujuk\w*|\brujukan\b")),
    ("checkup", re.compile(r"\bkontrol\b|\b(?:di)?periksa\w*|\bberobat\b|\bterapi\b")),
    ("visit", re.compile(r"\b(?:di|me|meng)?kunjung\w*|\bkunjungan\b|\bhome\s+visit\b")),
    (
        "escort",
        re.compile(r"\b(?:di|meng?)?antar\w*|\b(?:di|mem)?bawa\b|\b(?:di|men|me)?dampingi\b"),
    ),
    ("proposal", re.compile(r"\b(?:di|meng)?ajukan\b|\b(?:di|meng)?usul\w*")),
)
# Words that make the verb a plan rather than something done.
_PLAN_RE = re.compile(
    r"\b(?:besok|lusa|akan|rencana\w*|direncanakan|dijadwalkan|jadwal\w*|nanti|hendak|segera|"
    r"(?:minggu|pekan|bulan)\s+depan)\b"
)
_WEEKDAY_ALT = "|".join(WEEKDAYS)
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_DUE_RES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("lusa", re.compile(r"\blusa\b")),
    ("besok", re.compile(r"\bbesok\b")),
    ("weekday", re.compile(rf"\b(?:hari\s+)?({_WEEKDAY_ALT})\b(?!\s+(?:lalu|kemarin))")),
    ("week", re.compile(r"\b(?:minggu|pekan)\s+depan\b")),
    ("month", re.compile(r"\bbulan\s+depan\b")),
    ("named", re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_ALT})\b")),
    ("numeric", re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])")),
    ("day", re.compile(r"\btanggal\s+(\d{1,2})\b(?!\s*/)")),
)
# With no day named, the PSM is asked a week later.
DEFAULT_DELAY = dt.timedelta(days=7)


@dataclass(frozen=True)
class Plan:
    """A planned step: what, by when, and the words that said it."""

    action: str
    due_on: dt.date
    phrase: str
    dated: bool  # False when no day was named and the default delay was used


def _next_weekday(today: dt.date, weekday: int) -> dt.date:
    """The first such weekday after today."""
    return today + dt.timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _upcoming(day: int, month: int, today: dt.date) -> dt.date | None:
    """The next day/month on or after today (this year or next)."""
    for year in (today.year, today.year + 1):
        try:
            found = dt.date(year, month, day)
        except ValueError:
            return None
        if found >= today:
            return found
    return None


def _due(text: str, left: int, right: int, today: dt.date) -> dt.date | None:
    """The day a plan names within text[left:right], if any."""
    for kind, pattern in _DUE_RES:
        match = pattern.search(text, left, right)
        if match is None:
            continue
        if kind == "lusa":
            return today + dt.timedelta(days=2)
        if kind == "besok":
            return today + dt.timedelta(days=1)
        if kind == "weekday":
            if match[1] == "minggu" and re.match(r"\s*depan", text[match.end() :]):
                continue  # "minggu depan" is next week, read below
            return _next_weekday(today, WEEKDAYS[match[1]])
        if kind == "week":
            return today + dt.timedelta(days=7)
        if kind == "month":
            return today + dt.timedelta(days=30)
        if kind == "named":
            return _upcoming(int(match[1]), MONTHS[match[2]], today)
        if kind == "numeric":
            return _upcoming(int(match[1]), int(match[2]), today)
        day = int(match[1])
        found = _upcoming(day, today.month, today)
        if found is None or found.month != today.month:
            following = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
            found = _upcoming(day, following.month, following)
        return found
    return None


def extract_plan(text: str, today: dt.date) -> Plan | None:
    """The first planned step in a normalised message, or None when it plans nothing."""
    for marker in _PLAN_RE.finditer(text):
        left, right = clause_around(text, marker.start(), marker.end())
        verbs = [
            (abs(verb.start() - marker.start()), action)
            for action, pattern in ACTION_RES
            for verb in pattern.finditer(text, left, right)
        ]
        if not verbs:
            continue
        _, action = min(verbs)  # the verb nearest the plan word is the one planned
        s_left, s_right = clause_around(text, marker.start(), marker.end(), sentence=True)
        due = _due(text, left, right, today) or _due(text, s_left, s_right, today)
        phrase = text[left:right].strip(" ,")
        if due is None or due <= today:
            return Plan(action, today + DEFAULT_DELAY, phrase, dated=False)
        return Plan(action, due, phrase, dated=True)
    return None
