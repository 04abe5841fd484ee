"""Numbers, dates and labels as an Indonesian (or English) reader expects them."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_interval
from babel.numbers import format_decimal

from handlers.i18n import t, term_label
from reports.building.periods import Period
from storage.calendar import Holiday
from storage.vocabulary import ACTIVITY_TYPES, CASE_STATUSES, PPKS, PSM_ROLES, REFERRALS, Term

ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
VOCABULARIES: dict[str, dict[str, Term]] = {
    "activity_type": ACTIVITY_TYPES,
    "role": PSM_ROLES,
    "status": CASE_STATUSES,
    "referral": REFERRALS,
    "ppks": {str(number): term for number, term in PPKS.items()},
}


def number(value: int, locale: str) -> str:
    """`1.234` in Indonesian, `1,234` in English."""
    return format_decimal(value, locale=locale)


def day(value: date, locale: str) -> str:
    """`17 Nov 2026`."""
    return format_date(value, "d MMM y", locale=locale)


def moment(value: datetime, timezone: str, locale: str) -> str:
    """`Sel 1 Des, 09.00 WIB`: a time in the area's zone, with the zone's name."""
    text = format_datetime(value, "EEE d MMM y, HH.mm", tzinfo=ZoneInfo(timezone), locale=locale)
    return f"{text} {ZONE_NAMES.get(timezone, timezone)}"


def period_label(period: Period, locale: str) -> str:
    """`Minggu ke-47 2026 (16–22 Nov 2026)`, `November 2026`, `Tahun 2026`."""
    if period.kind == "weekly":
        year, week, _ = period.start.isocalendar()
        days = format_interval(period.start, period.last_day, "yMMMd", locale=locale)
        return t(locale, "reports.period.weekly", week=week, year=year, days=days)
    if period.kind == "monthly":
        return format_date(period.start, "LLLL y", locale=locale)
    return t(locale, "reports.period.yearly", year=period.start.year)


def short_label(period: Period, locale: str) -> str:
    """`Minggu 46`, `Nov 2026`, `2026`: a period named in a column heading or a legend."""
    if period.kind == "weekly":
        return t(locale, "reports.period.week_short", week=period.start.isocalendar()[1])
    if period.kind == "monthly":
        return format_date(period.start, "LLL y", locale=locale)
    return str(period.start.year)


def label(vocabulary: str, code: str | None, locale: str) -> str:
    """The reader's word for a stored code; codes outside the list are shown as they are."""
    if code is None:
        return t(locale, f"reports.none.{vocabulary}")
    term = VOCABULARIES[vocabulary].get(code)
    return term_label(term, locale) if term is not None else code


def change(current: int, previous: int, locale: str) -> str:
    """`+3`, `−2` or `0`: the difference with the period before."""
    difference = current - previous
    if difference > 0:
        return f"+{number(difference, locale)}"
    if difference < 0:
        return f"−{number(-difference, locale)}"
    return "0"


def holidays_line(holidays: list[Holiday], period: Period, locale: str) -> str:
    """`Hari libur minggu ini: Kamis 24 Des (cuti bersama ...), ...`; empty when none."""
    if not holidays or period.kind == "yearly":
        return ""
    days = []
    for holiday in holidays:
        name = holiday.name
        if holiday.is_cuti_bersama:
            name = t(locale, "reports.holidays.cuti_bersama", name=name)
        days.append(f"{format_date(holiday.day, 'EEEE d MMM', locale=locale)} ({name})")
    return t(locale, f"reports.holidays.{period.kind}", days=", ".join(days))
