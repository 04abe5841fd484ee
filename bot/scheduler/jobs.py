"""The scheduler's APScheduler jobs: a few timers, never one job per row.

Due work is found by polling the domain rows (report subscriptions by `next_fire_at`, meeting
moments not handled yet), so the jobs do not grow with the number of meetings or
subscriptions: a tick polls them, a slower job extends meeting series, and each time zone in use
has its nudge and its morning follow-up run. A job only says *when* to look; what is due is
computed by the run itself from its `now`, so a job fired late, twice, or not at all (covered by
the catch-up when a scheduler becomes active) changes nothing sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlmodel import Session

from bot.scheduler.config import SchedulerConfig
from storage.nudges import zones_in_use

# Series are extended to the horizon at least this often.
SERIES_EVERY = timedelta(hours=6)
PLANNED_EVERY = timedelta(hours=1)


@dataclass(frozen=True)
class JobSpec:
    """One job: its id, when it fires, which kinds of run it starts, how late it may run."""

    id: str
    trigger: BaseTrigger
    kinds: tuple[str, ...]
    grace: timedelta
    # Equal signatures mean the same job; a changed one is rebuilt.
    signature: str


def job_specs(*, session: Session, config: SchedulerConfig) -> list[JobSpec]:
    """Every job the deployment needs: the fixed timers and each zone's daily runs."""
    tick = config.tick_seconds
    specs = [
        JobSpec(
            "tick",
            IntervalTrigger(seconds=tick),
            ("meetings", "reports"),
            timedelta(seconds=tick),
            f"tick|{tick}",
        ),
        JobSpec(
            "series",
            IntervalTrigger(seconds=SERIES_EVERY.total_seconds()),
            ("series",),
            SERIES_EVERY,
            "series",
        ),
        # Planned case steps are asked about each zone's morning; this catches up the rest.
        JobSpec(
            "planned",
            IntervalTrigger(seconds=PLANNED_EVERY.total_seconds()),
            ("planned_steps",),
            PLANNED_EVERY,
            "planned",
        ),
        JobSpec(
            "retention",
            CronTrigger(
                hour=config.retention_time.hour,
                minute=config.retention_time.minute,
                timezone=ZoneInfo(config.default_timezone),
            ),
            ("retention",),
            timedelta(hours=12),
            f"retention|{config.retention_time}|{config.default_timezone}",
        ),
    ]
    for zone in zones_in_use(session=session):
        specs += zone_specs(zone, config)
    return specs


def zone_specs(zone: str, config: SchedulerConfig) -> list[JobSpec]:
    """The nudge and the follow-up check, daily at local times of one zone."""
    nudge, followup = config.nudge_time, config.followup_time
    return [
        # Daily: the run sends only on the nudge day, or the working day a holiday moved it to.
        JobSpec(
            f"nudge:{zone}",
            CronTrigger(hour=nudge.hour, minute=nudge.minute, timezone=ZoneInfo(zone)),
            (f"nudges@{zone}",),
            config.grace["nudge"],
            f"nudge:{zone}|daily|{nudge}",
        ),
        JobSpec(
            f"followups:{zone}",
            CronTrigger(hour=followup.hour, minute=followup.minute, timezone=ZoneInfo(zone)),
            (f"followups@{zone}", "planned_steps"),
            timedelta(hours=12),
            f"followups:{zone}|{followup}",
        ),
    ]
