"""What the scheduler needs to know of the deployment, taken from the settings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta

from bot.settings import Settings
from storage.retention import RetentionPolicy

# How late a run may still catch up on a missed moment (after downtime), per kind of message.
# Past this, the moment is skipped: a reminder for a meeting long over helps no one.
GRACE: Mapping[str, timedelta] = {
    "meeting_reminder": timedelta(hours=12),
    "meeting_attendance": timedelta(hours=24),
    "nudge": timedelta(hours=6),
    "report": timedelta(hours=24),
}


@dataclass(frozen=True, slots=True)
class SchedulerConfig:
    """Times, windows and places the scheduler works with."""

    lease_seconds: int = 60
    quiet_start: time = time(21, 0)
    quiet_end: time = time(6, 0)
    followup_days: int = 14
    escalation_days: int = 7
    followup_time: time = time(9, 0)
    nudge_weekday: int = 4  # Friday
    nudge_time: time = time(16, 0)
    media_dir: str = "data/media"
    default_timezone: str = "Asia/Jakarta"
    # How often due report subscriptions and meeting moments are polled.
    tick_seconds: float = 30.0
    # How often the zone jobs are compared with the zones in use.
    refresh_seconds: float = 300.0
    # The nightly UU PDP purge, at this local time of the default zone.
    retention: RetentionPolicy = field(default_factory=RetentionPolicy)
    retention_time: time = time(2, 30)
    grace: Mapping[str, timedelta] = field(default_factory=lambda: dict(GRACE))

    @classmethod
    def from_settings(cls, settings: Settings) -> SchedulerConfig:
        """The scheduler's part of the settings."""
        return cls(
            lease_seconds=settings.scheduler_lease_seconds,
            quiet_start=settings.quiet_hours_start,
            quiet_end=settings.quiet_hours_end,
            followup_days=settings.followup_days,
            escalation_days=settings.followup_escalation_days,
            followup_time=settings.followup_time,
            nudge_weekday=settings.nudge_weekday,
            nudge_time=settings.nudge_time,
            media_dir=str(settings.media_dir),
            default_timezone=settings.default_timezone,
            tick_seconds=settings.scheduler_tick_seconds,
            retention=RetentionPolicy(
                inbound_days=settings.retention_inbound_days,
                outbox_days=settings.retention_outbox_days,
                closed_case_days=settings.retention_closed_case_days,
            ),
            retention_time=settings.retention_purge_time,
        )
