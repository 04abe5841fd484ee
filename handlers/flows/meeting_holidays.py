"""Meetings that fall on a holiday: the organiser is told at scheduling and chooses."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date

from handlers.flows.meeting_setup import Plan
from handlers.i18n import t
from handlers.messages import Option
from storage.calendar import Holiday, holidays_on
from storage.meetings import occurrences
from storage.models.meetings import MeetingSeries

# A series is checked this far ahead (the holiday decree covers one or two years).
LOOK_AHEAD = timedelta(days=366)
MAX_LISTED = 4


def clashes(plan: Plan, now: datetime) -> list[tuple[date, list[Holiday]]]:
    """The plan's meeting days that are holidays, with the holidays of each."""
    zone = ZoneInfo(plan.zone)
    if plan.rule is None:
        days = [plan.first_at.astimezone(zone).date()]
    else:
        probe = MeetingSeries(
            organiser_id=0,
            area_code=plan.area_code,
            title="",
            rule=plan.rule,
            timezone=plan.zone,
            starts_on=now.astimezone(zone).date(),
        )
        days = [m.astimezone(zone).date() for m in occurrences(probe, now, now + LOOK_AHEAD)]
    found = [(day, holidays_on(day)) for day in days]
    return [(day, holidays) for day, holidays in found if holidays]


def _names(holidays: list[Holiday], locale: str) -> str:
    names = []
    for holiday in holidays:
        name = holiday.name
        if holiday.is_cuti_bersama:
            name = t(locale, "meetings.holiday.cuti_bersama", name=name)
        if name not in names:
            names.append(name)
    return ", ".join(names)


def warning(plan: Plan, found: list[tuple[date, list[Holiday]]], locale: str) -> str:
    """The organiser's question: keep a one-off on a holiday, or skip a series' holidays."""
    if plan.rule is None:
        day, holidays = found[0]
        return t(
            locale,
            "meetings.holiday.once",
            date=format_date(day, "d MMMM y", locale=locale),
            names=_names(holidays, locale),
        )
    listed = "; ".join(
        f"{format_date(day, 'd MMMM y', locale=locale)} ({_names(holidays, locale)})"
        for day, holidays in found[:MAX_LISTED]
    )
    if len(found) > MAX_LISTED:
        listed += t(locale, "meetings.holiday.more", count=len(found) - MAX_LISTED)
    return t(locale, "meetings.holiday.series", count=len(found), days=listed)


def options(plan: Plan, locale: str) -> list[Option]:
    """What the organiser may answer to the warning."""
    if plan.rule is None:
        return [
            Option("mtg:save", t(locale, "meetings.holiday.keep")),
            Option("mtg:create", t(locale, "meetings.holiday.other_time")),
            Option("mtg:discard", t(locale, "meetings.discard")),
        ]
    return [
        Option("mtg:save_skip", t(locale, "meetings.holiday.skip")),
        Option("mtg:save", t(locale, "meetings.holiday.keep_all")),
        Option("mtg:rename", t(locale, "meetings.rename")),
        Option("mtg:discard", t(locale, "meetings.discard")),
    ]
