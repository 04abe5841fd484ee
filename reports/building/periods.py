"""Report periods: ISO weeks (Monday start), calendar months and years, in local dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

PeriodKind = Literal["weekly", "monthly", "yearly"]
KINDS: tuple[PeriodKind, ...] = ("weekly", "monthly", "yearly")

_WEEK = re.compile(r"^(\d{4})-?w(\d{1,2})$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True, slots=True)
class Period:
    """[start, end) in the area's local dates."""

    kind: PeriodKind
    start: date
    end: date

    @property
    def key(self) -> str:
        """`2026-W47`, `2026-11` or `2026`: how the period is asked for and named in files."""
        if self.kind == "weekly":
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == "monthly":
            return f"{self.start.year}-{self.start.month:02d}"
        return str(self.start.year)

    @property
    def last_day(self) -> date:
        """The period's final day."""
        return self.end - timedelta(days=1)

    def previous(self) -> Period:
        """The period just before, of the same kind."""
        return period_containing(self.kind, self.start - timedelta(days=1))


def period_containing(kind: PeriodKind, day: date) -> Period:
    """The week, month or year `day` falls in."""
    if kind == "weekly":
        start = day - timedelta(days=day.weekday())
        return Period(kind, start, start + timedelta(days=7))
    if kind == "monthly":
        start = day.replace(day=1)
        after = (start + timedelta(days=32)).replace(day=1)
        return Period(kind, start, after)
    return Period(kind, date(day.year, 1, 1), date(day.year + 1, 1, 1))


def last_complete(kind: PeriodKind, today: date) -> Period:
    """The most recent period that has ended by `today` (last week on a Monday)."""
    return period_containing(kind, today).previous()


def parse_period(text: str) -> Period:
    """Read `2026-W47` (week), `2026-11` (month) or `2026` (year); ValueError otherwise."""
    value = text.strip()
    if match := _WEEK.match(value):
        year, week = int(match[1]), int(match[2])
        try:
            start = date.fromisocalendar(year, week, 1)
        except ValueError:
            raise ValueError(f"no week {week} in {year}") from None
        return Period("weekly", start, start + timedelta(days=7))
    if match := _MONTH.match(value):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise ValueError(f"no month {month}")
        return period_containing("monthly", date(year, month, 1))
    if match := _YEAR.match(value):
        return period_containing("yearly", date(int(match[1]), 1, 1))
    raise ValueError(f"not a period: {text!r}")
