"""The Indonesian calendar: holidays, cuti bersama, working days, and moving off a holiday."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from storage.calendar import (
    holidays_between,
    holidays_on,
    is_holiday,
    is_working_day,
    known_years,
    moved_off_holiday,
    off_holiday,
)


def test_the_shipped_years_hold_national_holidays_and_cuti_bersama() -> None:
    christmas, eve = holidays_on(date(2026, 12, 25)), holidays_on(date(2026, 12, 24))
    assert {2026, 2027} <= set(known_years())
    assert [(h.name, h.kind) for h in christmas] == [("Kelahiran Yesus Kristus", "libur_nasional")]
    assert [h.is_cuti_bersama for h in eve] == [True]
    assert is_holiday(date(2026, 8, 17)) and not is_holiday(date(2026, 8, 18))


def test_working_days_skip_weekends_and_holidays() -> None:
    assert is_working_day(date(2026, 12, 23))  # Wednesday
    assert not is_working_day(date(2026, 12, 24))  # cuti bersama
    assert not is_working_day(date(2026, 12, 26))  # Saturday


def test_a_holiday_moves_to_the_next_working_day_and_other_days_stay() -> None:
    assert off_holiday(date(2026, 12, 25)) == date(2026, 12, 28)  # Friday -> Monday
    assert off_holiday(date(2026, 3, 20)) == date(2026, 3, 25)  # Idulfitri, Fri to Tue
    assert off_holiday(date(2026, 12, 18)) == date(2026, 12, 18)
    assert off_holiday(date(2026, 12, 19)) == date(2026, 12, 19)  # a Saturday is no holiday


def test_a_moment_keeps_its_local_time_when_moved() -> None:
    wit = ZoneInfo("Asia/Jayapura")
    friday = datetime(2026, 12, 25, 16, 0, tzinfo=wit).astimezone(UTC)
    assert moved_off_holiday(friday, "Asia/Jayapura") == datetime(
        2026, 12, 28, 16, 0, tzinfo=wit
    ).astimezone(UTC)


def test_a_week_names_its_holidays_in_order() -> None:
    week = holidays_between(date(2026, 12, 21), date(2026, 12, 28))
    assert [(h.day.day, h.kind) for h in week] == [(24, "cuti_bersama"), (25, "libur_nasional")]


def test_a_year_without_a_decree_has_no_holidays_rather_than_an_error() -> None:
    assert holidays_on(date(2031, 12, 25)) == []
    assert off_holiday(date(2031, 12, 25)) == date(2031, 12, 25)
