"""Report periods: ISO weeks from Monday, months, years."""

from datetime import date

import pytest

from reports.building.periods import last_complete, parse_period, period_containing


def test_a_week_runs_monday_to_sunday_and_is_named_by_its_iso_number() -> None:
    week = parse_period("2026-W47")
    assert (week.start, week.end, week.key) == (date(2026, 11, 16), date(2026, 11, 23), "2026-W47")
    assert period_containing("weekly", date(2026, 11, 22)) == week  # a Sunday
    assert week.previous().key == "2026-W46"


def test_on_a_monday_the_last_complete_week_is_the_one_just_ended() -> None:
    assert last_complete("weekly", date(2026, 11, 16)).key == "2026-W46"
    assert last_complete("monthly", date(2026, 11, 16)).key == "2026-10"
    assert last_complete("yearly", date(2026, 1, 5)).key == "2025"


def test_iso_week_one_may_start_in_the_previous_year() -> None:
    week = parse_period("2026-w1")
    assert week.start == date(2025, 12, 29)
    assert period_containing("weekly", date(2026, 1, 1)) == week


def test_months_and_years_cover_their_days() -> None:
    february = parse_period("2028-02")
    assert (february.start, february.end) == (date(2028, 2, 1), date(2028, 3, 1))
    assert parse_period("2026").previous() == parse_period("2025")
    assert parse_period("2026-01").previous().key == "2025-12"


@pytest.mark.parametrize("text", ["2026-W54", "2026-13", "minggu lalu", "26-W4", ""])
def test_what_is_no_period_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_period(text)
