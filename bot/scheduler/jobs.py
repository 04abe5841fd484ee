"""Which APScheduler jobs the domain rows call for: one per moment something may fall due.

A job only says *when* to look; what is due is computed by the run itself from its `now`, so a
job fired late, twice, or not at all (covered by the catch-up at start) changes nothing sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlmodel import Session

from bot.scheduler.config import SchedulerConfig
from bot.scheduler.meeting_jobs import MEETING_LENGTH, fire_times
from bot.scheduler.report_jobs import subscription_zone
from storage.meetings import HORIZON, scheduled_between
from storage.nudges import zones_in_use
from storage.schedules import active_subscriptions

# Series are extended to the horizon at least this often, even when no meeting job fires.
SERIES_EVERY = timedelta(hours=6)


@dataclass(frozen=True)
class JobSpec:
    """One job: its id, when it fires, which kinds of run it starts, how late it may run."""

    id: str
    trigger: BaseTrigger
    kinds: tuple[str, ...]
    grace: timedelta
    # Equal signatures mean the same job; a changed one is rebuilt.
    signature: str


def job_specs(*, session: Session, now: datetime, config: SchedulerConfig) -> list[JobSpec]:
    """Every job for the rows as they are at `now`."""
    specs = [
        JobSpec(
            "series",
            IntervalTrigger(seconds=SERIES_EVERY.total_seconds()),
            ("meetings",),
            SERIES_EVERY,
            "series",
        )
    ]
    specs += _meeting_specs(session, now, config)
    specs += _report_specs(session, config)
    for zone in zones_in_use(session=session):
        specs += _zone_specs(zone, config)
    return specs


def _meeting_specs(session: Session, now: datetime, config: SchedulerConfig) -> list[JobSpec]:
    specs = []
    grace_attendance = config.grace["meeting_attendance"]
    for meeting in scheduled_between(
        session=session, start=now - MEETING_LENGTH - grace_attendance, end=now + HORIZON
    ):
        for name, fire in fire_times(meeting).items():
            if fire <= now:
                continue
            grace = grace_attendance if name == "attendance" else config.grace["meeting_reminder"]
            job_id = f"meeting:{meeting.id}:{name}"
            specs.append(
                JobSpec(
                    job_id,
                    DateTrigger(run_date=fire),
                    ("meetings",),
                    grace,
                    f"{job_id}|{fire.isoformat()}",
                )
            )
    return specs


def _report_specs(session: Session, config: SchedulerConfig) -> list[JobSpec]:
    specs = []
    for subscription in active_subscriptions(session=session):
        zone = subscription_zone(session, subscription, config.default_timezone)
        at = subscription.local_time
        fields: dict[str, int | str] = {"hour": at.hour, "minute": at.minute}
        if subscription.period == "weekly":
            fields["day_of_week"] = subscription.weekday  # APScheduler 3: Monday = 0
        elif subscription.period == "monthly":
            fields["day"] = 1
        elif subscription.period == "yearly":
            fields.update(month=1, day=1)
        else:
            continue
        job_id = f"report:{subscription.id}"
        specs.append(
            JobSpec(
                job_id,
                CronTrigger(timezone=ZoneInfo(zone), **fields),
                ("reports",),
                config.grace["report"],
                f"{job_id}|{sorted(fields.items())}|{zone}",
            )
        )
    return specs


def _zone_specs(zone: str, config: SchedulerConfig) -> list[JobSpec]:
    nudge, followup = config.nudge_time, config.followup_time
    return [
        # Daily: the run sends only on the nudge day, or the working day a holiday moved it to.
        JobSpec(
            f"nudge:{zone}",
            CronTrigger(hour=nudge.hour, minute=nudge.minute, timezone=ZoneInfo(zone)),
            ("nudges",),
            config.grace["nudge"],
            f"nudge:{zone}|daily|{nudge}",
        ),
        JobSpec(
            f"followups:{zone}",
            CronTrigger(hour=followup.hour, minute=followup.minute, timezone=ZoneInfo(zone)),
            (f"followups@{zone}",),
            timedelta(hours=12),
            f"followups:{zone}|{followup}",
        ),
    ]
