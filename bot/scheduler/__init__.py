"""The scheduler: meeting reminders, follow-up prompts, nudges and report deliveries."""

from bot.scheduler.config import SchedulerConfig
from bot.scheduler.service import Scheduler

__all__ = ["Scheduler", "SchedulerConfig"]
