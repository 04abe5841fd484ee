"""The Indonesian calendar: libur nasional and cuti bersama, from `lokal-id` (SKB 3 Menteri).

The package ships the years whose decree is out (2026 and 2027 today). For a year it does not
know, no day counts as a holiday: meetings are not flagged, nudges keep their weekday, and
reports name no holidays, until an upgraded `lokal-id` brings that year's decree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

WEEKEND = (5, 6)  # Saturday, Sunday (date.weekday())


@dataclass(frozen=True, slots=True)
class Holiday:
    """A day off for government offices: a national holiday or a cuti bersama."""

    day: date
    name: str
    kind: str  # "libur_nasional" or "cuti_bersama"

    @property
    def is_cuti_bersama(self) -> bool:
        """A collective leave day rather than a national holiday."""
        return self.kind == "cuti_bersama"


@cache
def known_years() -> tuple[int, ...]:
    """The years whose holiday decree the installed `lokal-id` carries."""
    from lokal.holidays import HOLIDAY_YEARS

    return tuple(sorted(HOLIDAY_YEARS))


@cache
def _year(year: int) -> tuple[Holiday, ...]:
    if year not in known_years():
        return ()
    from lokal.holidays import get_holidays

    return tuple(
        Holiday(date.fromisoformat(h.date), h.name, h.type) for h in get_holidays(year).holidays
    )


def holidays_on(day: date) -> list[Holiday]:
    """The holidays on a day (usually none, rarely two)."""
    return [h for h in _year(day.year) if h.day == day]


def is_holiday(day: date) -> bool:
    """Whether a day is a national holiday or cuti bersama."""
    return bool(holidays_on(day))


def is_working_day(day: date) -> bool:
    """Monday to Friday and no holiday."""
    return day.weekday() not in WEEKEND and not is_holiday(day)


def holidays_between(start: date, end: date) -> list[Holiday]:
    """Holidays from `start` up to, not including, `end`, in date order."""
    found: list[Holiday] = []
    for year in range(start.year, end.year + 1):
        found += [h for h in _year(year) if start <= h.day < end]
    return sorted(found, key=lambda h: (h.day, h.kind))


def off_holiday(day: date) -> date:
    """The day itself, or, when it is a holiday, the next working day after it."""
    if not is_holiday(day):
        return day
    moved = day + timedelta(days=1)
    while not is_working_day(moved):
        moved += timedelta(days=1)
    return moved


def moved_off_holiday(moment: datetime, zone: str) -> datetime:
    """The same local time on the next working day when `moment` falls on a holiday there."""
    tz = ZoneInfo(zone)
    local = moment.astimezone(tz)
    day = off_holiday(local.date())
    if day == local.date():
        return moment
    return datetime.combine(day, local.time(), tzinfo=tz).astimezone(moment.tzinfo)


def prompt_day(due: datetime, zone: str) -> date:
    """The local day a prompt due at `due` may go: off a holiday, to the next working day."""
    return off_holiday(due.astimezone(ZoneInfo(zone)).date())
