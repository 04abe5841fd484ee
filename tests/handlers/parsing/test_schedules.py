"""Meeting schedules typed in Indonesian or English become an RRULE or one date."""

from __future__ import annotations

from datetime import date, time

import pytest

from handlers.flows.meeting_text import describe_rule
from handlers.parsing.schedules import Schedule, parse_schedule

TODAY = date(2026, 11, 25)
MONTHLY_2TU = "FREQ=MONTHLY;BYDAY=2TU;BYHOUR=9;BYMINUTE=0;BYSECOND=0"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "every second Tuesday of the month 09:00 at Aula Kelurahan",
            Schedule(at=time(9, 0), rule=MONTHLY_2TU, place="Aula Kelurahan"),
        ),
        (
            "setiap Selasa kedua tiap bulan jam 09.00 di Aula Kelurahan",
            Schedule(at=time(9, 0), rule=MONTHLY_2TU, place="Aula Kelurahan"),
        ),
        (
            "setiap Senin jam 13.00",
            Schedule(at=time(13, 0), rule="FREQ=WEEKLY;BYDAY=MO;BYHOUR=13;BYMINUTE=0;BYSECOND=0"),
        ),
        ("sekali 2026-12-03 09:00", Schedule(at=time(9, 0), on=date(2026, 12, 3))),
        (
            "sekali 3 Desember jam 9 pagi di Balai RW 05",
            Schedule(at=time(9, 0), on=date(2026, 12, 3), place="Balai RW 05"),
        ),
        (
            "setiap Jum'at terakhir tiap bulan pukul 14.00 di Kantor Lurah",
            Schedule(
                at=time(14, 0),
                rule="FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=14;BYMINUTE=0;BYSECOND=0",
                place="Kantor Lurah",
            ),
        ),
        (
            "tiap 2 minggu hari Kamis jam 1 siang",
            Schedule(
                at=time(13, 0),
                rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;BYHOUR=13;BYMINUTE=0;BYSECOND=0",
            ),
        ),
        (
            "setiap tanggal 5 tiap bulan jam 10.00",
            Schedule(
                at=time(10, 0), rule="FREQ=MONTHLY;BYMONTHDAY=5;BYHOUR=10;BYMINUTE=0;BYSECOND=0"
            ),
        ),
        (
            "every Monday and Thursday at 8:30 pm at the RW hall",
            Schedule(
                at=time(20, 30),
                rule="FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=20;BYMINUTE=30;BYSECOND=0",
                place="the RW hall",
            ),
        ),
    ],
)
def test_schedules_people_write(text: str, expected: Schedule) -> None:
    assert parse_schedule(text, TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "rapat kapan-kapan saja",
        "setiap Senin",  # no time
        "setiap minggu jam 09.00",  # every week, but which day?
        "every month at 09:00",
        "jam 25.00 setiap Senin",
        "sekali jam 09.00",  # once, but when?
    ],
)
def test_unreadable_schedules_are_not_guessed(text: str) -> None:
    assert parse_schedule(text, TODAY) is None


def test_a_rule_is_read_back_in_the_persons_language() -> None:
    assert describe_rule(MONTHLY_2TU, "Asia/Makassar", "id") == (
        "setiap Selasa kedua tiap bulan pukul 09.00 WITA"
    )
    assert describe_rule(MONTHLY_2TU, "Asia/Makassar", "en") == (
        "every second Tuesday of the month at 09:00 WITA"
    )
    weekly = "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;BYHOUR=13;BYMINUTE=0;BYSECOND=0"
    assert describe_rule(weekly, "Asia/Jayapura", "id") == (
        "setiap 2 minggu, hari Senin dan Kamis, pukul 13.00 WIT"
    )
