"""Delivering each report subscription at its local day and time (weekly, monthly, yearly).

The report itself is made by `bot.reports.delivery.queue_period_report`, which renders once and
queues one outbox row under the key given here; a repeat run with the same key queues nothing.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from sqlmodel import Session

from bot.scheduler.config import SchedulerConfig
from bot.scheduler.timing import last_monthly, last_weekly, last_yearly, local_date, quiet_until
from storage.models.people import Person
from storage.models.schedules import ReportSubscription
from storage.regions import timezone_of
from storage.schedules import defer_queued

log = logging.getLogger(__name__)


class ReportQueuer(Protocol):
    """The signature of `bot.reports.delivery.queue_period_report`."""

    def __call__(
        self,
        *,
        session: Session,
        person: Person,
        area_code: str,
        period: str,
        start: date,
        now: datetime,
        media_dir: Path,
        idempotency_key: str,
    ) -> bool:
        """Render the report once and queue it; False when the key was queued before."""
        ...


def queue_period_report(**kwargs: Any) -> bool:
    """The report engineer's delivery function, imported when first needed."""
    from bot.reports.delivery import queue_period_report as deliver

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


def subscription_zone(session: Session, subscription: ReportSubscription, default: str) -> str:
    """The zone of the subscription's area."""
    return timezone_of(session=session, code=subscription.area_code, default=default)


def run_subscription(
    *,
    session: Session,
    subscription: ReportSubscription,
    now: datetime,
    config: SchedulerConfig,
    queue: ReportQueuer,
) -> bool:
    """Queue one subscription's report when its moment is due; True when something was queued."""
    zone = subscription_zone(session, subscription, config.default_timezone)
    due = due_moment(subscription, now, zone)
    if due is None:
        log.warning(
            "report subscription %s has unknown period %r", subscription.id, subscription.period
        )
        return False
    fire, start = due
    if now - fire > config.grace["report"]:
        return False
    person = session.get(Person, subscription.person_id)
    if person is None or not person.active:
        return False
    key = f"{subscription.period}-report:{subscription.id}:{start.isoformat()}"
    queued = queue(
        session=session,
        person=person,
        area_code=subscription.area_code,
        period=subscription.period,
        start=start,
        now=now,
        media_dir=Path(config.media_dir),
        idempotency_key=key,
    )
    if queued:
        morning = quiet_until(now, zone, config.quiet_start, config.quiet_end)
        if morning is not None:
            defer_queued(session=session, idempotency_key=key, not_before=morning)
    return queued
