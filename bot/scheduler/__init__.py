"""The scheduler: meeting reminders, follow-up prompts, nudges and report deliveries.

Its names are read on first use, so that `psmbot --help` (which imports `bot.scheduler.commands`)
never loads APScheduler.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.scheduler.config import SchedulerConfig
    from bot.scheduler.service import Scheduler

__all__ = ["Scheduler", "SchedulerConfig"]


def __getattr__(name: str) -> Any:
    if name == "Scheduler":
        from bot.scheduler.service import Scheduler

        return Scheduler
    if name == "SchedulerConfig":
        from bot.scheduler.config import SchedulerConfig

        return SchedulerConfig
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
