"""Quiet hours and weekly moments in local time."""

from __future__ import annotations

from datetime import UTC, datetime, time

from bot.scheduler.timing import last_weekly, quiet_until
from tests.bot.scheduler.helpers import local

NIGHT, MORNING = time(21, 0), time(6, 0)


def test_quiet_hours_end_at_the_next_local_morning() -> None:
    assert quiet_until(local("2026-12-04 20:59"), "Asia/Makassar", NIGHT, MORNING) is None
    assert quiet_until(local("2026-12-04 21:00"), "Asia/Makassar", NIGHT, MORNING) == datetime(
        2026, 12, 4, 22, 0, tzinfo=UTC
    )
    # After midnight the same morning; at 06:00 the night is over.
    assert quiet_until(local("2026-12-05 03:00"), "Asia/Makassar", NIGHT, MORNING) == datetime(
        2026, 12, 4, 22, 0, tzinfo=UTC
    )
    assert quiet_until(local("2026-12-05 06:00"), "Asia/Makassar", NIGHT, MORNING) is None
    # The same instant is quiet in Jayapura (WIT, 22:30) but not in Jakarta (WIB, 20:30).
    moment = local("2026-12-04 21:30")
    assert quiet_until(moment, "Asia/Jayapura", NIGHT, MORNING) is not None
    assert quiet_until(moment, "Asia/Jakarta", NIGHT, MORNING) is None


def test_the_last_friday_1600_in_each_zone() -> None:
    friday = local("2026-12-04 16:00")
    assert last_weekly(friday, "Asia/Makassar", 4, time(16, 0)) == friday
    assert last_weekly(friday, "Asia/Jakarta", 4, time(16, 0)) == local(
        "2026-11-27 16:00", "Asia/Jakarta"
    )
    assert last_weekly(friday, "Asia/Jayapura", 4, time(16, 0)) == local(
        "2026-12-04 16:00", "Asia/Jayapura"
    )
