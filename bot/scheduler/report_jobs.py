"""Delivering each report subscription at its local day and time (weekly, monthly, yearly).

A subscription carries its next delivery moment (`next_fire_at`); a pass takes the due ones
(SKIP LOCKED), asks for each one's report under a key naming the period, and moves the moment
on. The report itself is made later by a render worker; a repeat with the same key asks for
nothing more.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.scheduler.config import SchedulerConfig
from bot.scheduler.timing import last_monthly, last_weekly, last_yearly, local_date, quiet_until
from storage.models.people import Person
from storage.models.schedules import ReportSubscription

log = logging.getLogger(__name__)


class ReportQueuer(Protocol):
    """The signature of `reports.delivery.scheduled.queue_period_report`."""

    def __call__(
        self,
        *,
        session: Session,
        person: Person,
        area_code: str,
        period: str,
        start: date,
        now: datetime,
        idempotency_key: str,
        not_before: datetime | None = None,
    ) -> bool:
        """Ask for the report once; False when the key was asked for before."""
        ...


def queue_period_report(**kwargs: Any) -> bool:
    """The report delivery function, imported when first needed."""
    from reports.delivery.scheduled import queue_period_report as deliver

    return bool(deliver(**kwargs))


def due_moment(
    subscription: ReportSubscription, now: datetime, zone: str
) -> tuple[datetime, date] | None:
    """The subscription's latest delivery moment (UTC) and the start of the period it covers."""
    at = subscription.local_time
    if subscription.period == "weekly":
        fire = last_weekly(now, zone, subscription.weekday, at)
        day = local_date(fire, zone)
        # The last complete Monday-to-Sunday week before the delivery day.
        this_monday = day - timedelta(days=day.weekday())
        return fire, this_monday - timedelta(days=7)
    if subscription.period == "monthly":
        fire = last_monthly(now, zone, at)
        return fire, (local_date(fire, zone) - timedelta(days=1)).replace(day=1)
    if subscription.period == "yearly":
        fire = last_yearly(now, zone, at)
        return fire, date(local_date(fire, zone).year - 1, 1, 1)
    return None


def next_moment(subscription: ReportSubscription, now: datetime, zone: str) -> datetime | None:
    """The subscription's first delivery moment after `now` (UTC)."""
    due = due_moment(subscription, now, zone)
    if due is None:
        return None
    day = local_date(due[0], zone)
    if subscription.period == "weekly":
        day += timedelta(days=7)
    elif subscription.period == "monthly":
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    else:
        day = date(day.year + 1, 1, 1)
    return _at(day, subscription.local_time, zone)


def _at(day: date, at: time, zone: str) -> datetime:
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone)).astimezone(ZoneInfo("UTC"))


def run_subscription(
    *,
    session: Session,
    subscription: ReportSubscription,
    zone: str,
    now: datetime,
    config: SchedulerConfig,
    queue: ReportQueuer,
) -> bool:
    """Ask for the subscription's report when its moment is due; moves the moment on.

    True when a report was asked for.
    """
    due = due_moment(subscription, now, zone)
    subscription.next_fire_at = next_moment(subscription, now, zone)
    session.add(subscription)
    if due is None:
        log.warning(
            "report subscription %s has unknown period %r", subscription.id, subscription.period
        )
        subscription.active = False
        return False
    fire, start = due
    if now - fire > config.grace["report"]:
        return False
    person = session.get(Person, subscription.person_id)
    if person is None or not person.active:
        return False
    key = f"{subscription.period}-report:{subscription.id}:{start.isoformat()}"
    return queue(
        session=session,
        person=person,
        area_code=subscription.area_code,
        period=subscription.period,
        start=start,
        now=now,
        idempotency_key=key,
        not_before=quiet_until(now, zone, config.quiet_start, config.quiet_end),
    )
