"""Local-time arithmetic: quiet hours, the last weekly moment, the start of a week."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def in_quiet_hours(local: time, start: time, end: time) -> bool:
    """Whether a local time falls in quiet hours (which may wrap past midnight)."""
    if start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end


def quiet_until(moment: datetime, zone: str, start: time, end: time) -> datetime | None:
    """When quiet hours around `moment` end (UTC), or None when `moment` is not in them."""
    local = moment.astimezone(ZoneInfo(zone))
    if not in_quiet_hours(local.time().replace(tzinfo=None), start, end):
        return None
    morning = datetime.combine(local.date(), end, tzinfo=ZoneInfo(zone))
    if morning <= local:
        morning += timedelta(days=1)
    return morning.astimezone(UTC)


def last_daily(now: datetime, zone: str, at: time) -> datetime:
    """The most recent local time `at`, not after `now` (UTC)."""
    local = now.astimezone(ZoneInfo(zone))
    moment = datetime.combine(local.date(), at, tzinfo=ZoneInfo(zone))
    if moment > local:
        moment -= timedelta(days=1)
    return moment.astimezone(UTC)


def last_weekly(now: datetime, zone: str, weekday: int, at: time) -> datetime:
    """The most recent `weekday` (Monday = 0) at local time `at`, not after `now` (UTC)."""
    local = now.astimezone(ZoneInfo(zone))
    day = local.date() - timedelta(days=(local.weekday() - weekday) % 7)
    moment = datetime.combine(day, at, tzinfo=ZoneInfo(zone))
    if moment > local:
        moment -= timedelta(days=7)
    return moment.astimezone(UTC)


def last_monthly(now: datetime, zone: str, at: time) -> datetime:
    """The most recent first day of a month at local time `at`, not after `now` (UTC)."""
    local = now.astimezone(ZoneInfo(zone))
    moment = datetime.combine(local.date().replace(day=1), at, tzinfo=ZoneInfo(zone))
    if moment > local:
        previous = (moment.date() - timedelta(days=1)).replace(day=1)
        moment = datetime.combine(previous, at, tzinfo=ZoneInfo(zone))
    return moment.astimezone(UTC)


def last_yearly(now: datetime, zone: str, at: time) -> datetime:
    """The most recent 1 January at local time `at`, not after `now` (UTC)."""
    local = now.astimezone(ZoneInfo(zone))
    moment = datetime.combine(date(local.year, 1, 1), at, tzinfo=ZoneInfo(zone))
    if moment > local:
        moment = datetime.combine(date(local.year - 1, 1, 1), at, tzinfo=ZoneInfo(zone))
    return moment.astimezone(UTC)


def week_start(moment: datetime, zone: str) -> datetime:
    """Monday 00:00 local of the week `moment` falls in, as UTC."""
    local = moment.astimezone(ZoneInfo(zone))
    monday = local.date() - timedelta(days=local.weekday())
    return datetime.combine(monday, time(0, 0), tzinfo=ZoneInfo(zone)).astimezone(UTC)


def local_date(moment: datetime, zone: str) -> date:
    """The local calendar date of an instant."""
    return moment.astimezone(ZoneInfo(zone)).date()
