"""The day the work happened, from the date words of a normalised message.

Own rules rather than dateparser: the phrases PSM use are few (kemarin, weekdays, "12/11",
"14 Nop"), dateparser does not know chat forms like "kmrn" or "Jumat kemarin", it is slow
(milliseconds per call), and the contract needs choices it does not make (a yearless date in
the future means last year; "besok" is a plan, not the work date).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from handlers.parsing.lexicon import MONTHS, WEEKDAYS
from handlers.parsing.normalize import clause_around, words_before

_NUMBER_WORDS = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7}

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH_DATE_RE = re.compile(
    rf"\b(\d{{1,2}})\s*[-/ ]?\s*({_MONTH_ALT})\b\.?(?:\s*[-/ ]?\s*(\d{{4}})\b)?"
)
# A number after the date that is followed by one of these is a quantity or an age ("2/3 KK").
_NOT_DATE_AFTER = (
    r"(?!\s*(?:tahun|bulan|orang|jiwa|kk|kpm|peserta|anggota|anak|lansia|warga|psm|kali|jam|"
    r"menit|km|kg|persen|%))"
)
_NUMERIC_DATE_RE = re.compile(
    r"(?<![\d/.:,])(\d{1,2})\s*[/-]\s*(\d{1,2})(?:\s*[/-]\s*(\d{4}|\d{2}))?(?![\d/])"
    + _NOT_DATE_AFTER
)
_DOTTED_DATE_RE = re.compile(r"\btanggal\s*(\d{1,2})\.(\d{1,2})(?:\.(\d{4}|\d{2}))?\b")
_DAY_ONLY_RE = re.compile(rf"\btanggal\s*(\d{{1,2}})\b(?!\s*[/.\-]\s*\d)(?!\s*(?:{_MONTH_ALT})\b)")
_WEEKDAY_RE = re.compile(
    r"\b(?:(kemarin|lalu|besok|lusa|nanti)\s+)?(?:hari\s+)?"
    r"(senin|selasa|rabu|kamis|jumat|sabtu|minggu|ahad)\b"
    r"(?:\s+(kemarin|yang lalu|lalu|depan|besok|nanti|ini|(?:minggu|pekan)\s+(?:lalu|kemarin)))?"
)
_DAYS_AGO_RE = re.compile(
    r"\b(\d{1,2}|satu|dua|tiga|empat|lima|enam|tujuh)\s+hari\s+(?:yang\s+)?"
    r"(?:lalu|kemarin|sebelumnya)\b"
)
_BEFORE_YESTERDAY_RE = re.compile(r"\bkemarin\s+lusa\b")
_WEEK_AGO_RE = re.compile(r"\bpekan\s+(?:lalu|kemarin)\b")
_NIGHT_RE = re.compile(r"\b(?:semalam|tadi\s+malam|kemarin\s+malam|malam\s+tadi)\b")
_YESTERDAY_RE = re.compile(r"\bkemarin\b(?!\s+lusa)")
_TODAY_RE = re.compile(
    r"\b(?:hari\s+ini|(?<!malam\s)tadi(?!\s+malam)|barusan|"
    r"(?:subuh|pagi|siang|sore|malam)\s+ini|sekarang|saat\s+ini|bulan\s+ini)\b"
)
# "minggu" is also "week": these neighbours make it the week, not Sunday.
_WEEK_BEFORE = {"se", "per", "tiap", "setiap", "dalam", "beberapa", "satu", "dua", "tiga", "akhir"}
_WEEK_AFTER_RE = re.compile(r"\s*(?:ini|depan|ke|sekali|-?an|pertama|kedua|ketiga|terakhir)\b")
# A date right after these words is a birth date, a deadline or a plan, not the work date.
_SKIP_BEFORE = {
    "lahir", "kelahiran", "sejak", "ttl", "berlaku", "sampai", "hingga", "batas", "deadline",
    "rencana", "akan", "nanti", "jadwal", "direncanakan", "dijadwalkan",
}  # fmt: skip
_PLAN_WORDS = {"besok", "lusa", "nanti", "depan", "rencana", "akan"}
# A date later in a clause that starts with one of these is a plan ("rencana kontrol ke RS
# tgl 25/11"); the weak ones ("kontrol lagi tgl 24") only when the date is not yet past.
_PLAN_CLAUSE_RE = re.compile(
    r"\b(?:rencana\w*|direncanakan|akan|nanti|jadwal\w*|dijadwalkan|besok|lusa|depan|hendak|"
    r"segera|mau)\b"
)
_FOLLOW_UP_RE = re.compile(
    r"\b(?:kontrol|ulang|lagi|berikutnya|selanjutnya|lanjutan|follow\s*up|tindak\s+lanjut)\b"
)
# When "kemarin" and "hari ini" are both present, "kemarin" in a clause with one of these
# describes the incident ("kemarin ada banjir") and the work is today's.
_EVENT_RE = re.compile(
    r"\b(?:terjadi|ada|kebakaran|terbakar|banjir|longsor|gempa|meninggal|kejadian|ditemukan|"
    r"diamankan|dilaporkan|hilang|masuk)\b"
)


@dataclass(frozen=True)
class DateResult:
    """The work date, how sure we are, and whether the message named a future date."""

    date: dt.date
    confidence: float
    in_future: bool = False
    spans: list[tuple[int, int]] = field(default_factory=list)


def _year_of(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return year + 2000 if year < 100 else year


def _make(day: int, month: int, year: int | None, today: dt.date) -> tuple[dt.date, bool] | None:
    """The date for day/month[/year]; a yearless date after today is last year's."""
    try:
        if year is not None:
            found = dt.date(year, month, day)
            return found, found > today
        found = dt.date(today.year, month, day)
        if found > today:
            found = dt.date(today.year - 1, month, day)
        return found, False
    except ValueError:
        return None


def _skipped(text: str, start: int, *, upcoming: bool = False) -> bool:
    """True for a birth date, deadline or planned date rather than the work date."""
    if any(word in _SKIP_BEFORE for word in words_before(text, start, 2)):
        return True
    left, _ = clause_around(text, start, start)
    if _PLAN_CLAUSE_RE.search(text, left, start):
        return True
    return upcoming and bool(_FOLLOW_UP_RE.search(text, left, start))


def _upcoming(day: int, month: int, today: dt.date) -> bool:
    """Whether a yearless day/month is still ahead this year (so it names a coming day)."""
    try:
        return dt.date(today.year, month, day) > today
    except ValueError:
        return False


def _explicit(text: str, today: dt.date, spans: list[tuple[int, int]]) -> DateResult | None:
    """The first written date ("12/11", "14 Nop", "tgl 12") not marked as a birth date or plan."""
    found: list[tuple[int, dt.date, bool]] = []
    for match in _MONTH_DATE_RE.finditer(text):
        spans.append(match.span())
        day, month = int(match[1]), MONTHS[match[2]]
        made = _make(day, month, _year_of(match[3]), today)
        upcoming = match[3] is None and _upcoming(day, month, today)
        if made and not _skipped(text, match.start(), upcoming=upcoming):
            found.append((match.start(), *made))
    for regex in (_NUMERIC_DATE_RE, _DOTTED_DATE_RE):
        for match in regex.finditer(text):
            if any(s <= match.start() < e for s, e in spans):
                continue
            before = words_before(text, match.start(), 1)
            if before and before[-1] in {"jam", "pukul", "rt", "rw", "no", "nomor"}:
                continue
            spans.append(match.span())
            day, month = int(match[1]), int(match[2])
            made = _make(day, month, _year_of(match[3]), today)
            upcoming = match[3] is None and _upcoming(day, month, today)
            if made and not _skipped(text, match.start(), upcoming=upcoming):
                found.append((match.start(), *made))
    for match in _DAY_ONLY_RE.finditer(text):
        if any(s <= match.start() < e for s, e in spans):
            continue
        spans.append(match.span())
        day = int(match[1])
        made = _make(day, today.month, None, today) if day <= today.day else None
        if made is None:
            # A day after today in this month means last month ("tgl 28" on the 3rd).
            last_month = today.replace(day=1) - dt.timedelta(days=1)
            made = _make(day, last_month.month, last_month.year, today)
        if made and not _skipped(text, match.start()):
            found.append((match.start(), *made))
    if not found:
        return None
    _, date, in_future = min(found, key=lambda item: item[0])
    # A yearless date moved back a year ("15/12" written on 2 December) is a guess to confirm.
    rolled_back = date.year < today.year and not in_future
    return DateResult(date, 0.5 if rolled_back else 0.95, in_future)


def _weekday(text: str, today: dt.date, spans: list[tuple[int, int]]) -> DateResult | None:
    """A named weekday: with kemarin/lalu strictly before today, bare on or before today."""
    for match in _WEEKDAY_RE.finditer(text):
        before, name, after = match[1], match[2], match[3]
        if name == "minggu":
            previous = words_before(text, match.start(2), 1)
            if (previous and (previous[-1] in _WEEK_BEFORE or previous[-1].isdigit())) or (
                after in {"ini", "depan"} or _WEEK_AFTER_RE.match(text, match.end(2))
            ):
                continue
        spans.append(match.span())
        if before in _PLAN_WORDS or after in _PLAN_WORDS:
            continue  # "Senin depan", "besok Senin": a plan, not the work date
        if any(word in _PLAN_WORDS for word in words_before(text, match.start(), 2)):
            continue
        if any(word in _SKIP_BEFORE for word in words_before(text, match.start(), 1)):
            continue  # "dirawat sejak Jumat": when a condition began, not the work date
        if after and after.startswith(("minggu", "pekan")):
            # "Kamis minggu lalu": that weekday in the previous Monday-to-Sunday week.
            monday = today - dt.timedelta(days=today.weekday())
            found = monday - dt.timedelta(days=7 - WEEKDAYS[name])
            return DateResult(found, 0.85)
        delta = (today.weekday() - WEEKDAYS[name]) % 7
        if delta == 0 and (
            before in {"kemarin", "lalu"} or after in {"kemarin", "lalu", "yang lalu"}
        ):
            delta = 7
        return DateResult(today - dt.timedelta(days=delta), 0.9)
    return None


def _relative(text: str, today: dt.date, now: dt.datetime) -> DateResult | None:
    """Relative words, most specific first: "3 hari lalu", kemarin, hari ini, semalam."""
    ago = _DAYS_AGO_RE.search(text)
    if ago:
        days = int(ago[1]) if ago[1].isdigit() else _NUMBER_WORDS[ago[1]]
        return DateResult(today - dt.timedelta(days=days), 0.85)
    if _BEFORE_YESTERDAY_RE.search(text):
        return DateResult(today - dt.timedelta(days=2), 0.85)
    night = _NIGHT_RE.search(text)
    yesterday = [
        m for m in _YESTERDAY_RE.finditer(text) if not (night and m.start() == night.start())
    ]
    today_words = _TODAY_RE.search(text)
    if yesterday:
        incident = all(
            _EVENT_RE.search(text, *clause_around(text, m.start(), m.end(), sentence=True))
            for m in yesterday
        )
        if not (today_words and incident):
            return DateResult(today - dt.timedelta(days=1), 0.9)
    if today_words:
        return DateResult(today, 0.9)
    if night:
        if night[0].startswith("kemarin"):
            return DateResult(today - dt.timedelta(days=1), 0.85)
        # "tadi malam" written late in the evening is tonight; written next morning, yesterday.
        days = 0 if now.hour >= 18 else 1
        return DateResult(today - dt.timedelta(days=days), 0.7)
    if _WEEK_AGO_RE.search(text):
        return DateResult(today - dt.timedelta(days=7), 0.4)
    return None


def extract_date(text: str, now: dt.datetime) -> DateResult:
    """The work date for a normalised message, given the sender's local `now`."""
    today = now.date()
    spans: list[tuple[int, int]] = []
    for found in (_explicit(text, today, spans), _weekday(text, today, spans)):
        if found is not None:
            return DateResult(found.date, found.confidence, found.in_future, spans)
    found = _relative(text, today, now)
    if found is not None:
        return DateResult(found.date, found.confidence, False, spans)
    return DateResult(today, 0.0, False, spans)
