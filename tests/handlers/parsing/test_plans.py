"""Planned steps: what is planned and the day it is due."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.parsing.normalize import normalize
from handlers.parsing.plans import extract_plan

TODAY = dt.date(2026, 11, 17)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "action", "due", "dated"),
    [
        (
            "Sudah koordinasi dgn Kasie Kesos, besok dirujuk ke puskesmas.",
            "referral",
            "2026-11-18",
            True,
        ),
        ("Akan dikunjungi Senin, Pak Endang lansia", "visit", "2026-11-23", True),
        ("minggu depan kontrol ke RSJ", "checkup", "2026-11-24", True),
        ("Rencana kontrol ke RS Mata tgl 25/11", "checkup", "2026-11-25", True),
        ("lusa diantar ke panti werdha", "escort", "2026-11-19", True),
        ("rencana diajukan ke Dinsos Senin depan", "proposal", "2026-11-23", True),
        ("rencana rujuk ke LKSA", "referral", "2026-11-24", False),
    ],
)
def test_plans_and_their_days(text: str, action: str, due: str, dated: bool) -> None:
    plan = extract_plan(normalize(text), TODAY)
    assert plan is not None
    assert (plan.action, plan.due_on.isoformat(), plan.dated) == (action, due, dated)


@pytest.mark.parametrize(
    "text",
    ["kemarin dampingi Ibu S ke puskesmas", "sudah dirujuk ke RSUD hari ini", "sosialisasi PKH"],
)
def test_work_done_is_no_plan(text: str) -> None:
    assert extract_plan(normalize(text), TODAY) is None
