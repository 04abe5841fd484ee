"""The public entry point: shape, missing fields, confidence, robustness and speed."""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import ParsedMessage, parse_message
from storage.vocabulary import ACTIVITY_TYPES, PSM_ROLES

NOW = dt.datetime(2026, 11, 17, 16, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def test_json_shape() -> None:
    parsed = parse_message(
        "Kunjungan rumah Ibu S (72th) lansia terlantar RT 02/RW 03, besok dirujuk ke puskesmas",
        NOW,
    )
    data = parsed.to_json_dict()
    assert data["date"] == "2026-11-17"
    assert list(data)[:8] == [
        "kind", "activity_type", "date", "ppks", "rt", "rw", "count", "referral",
    ]  # fmt: skip
    assert data["client_name"] == "Ibu S"
    assert data["client_age"] == 72
    assert data["client_sex"] == "P"
    assert data["psm_role"] in PSM_ROLES
    assert data["missing"] == []
    assert set(data["confidence"]) >= {"kind", "date", "ppks", "count"}  # type: ignore[arg-type]


def test_missing_for_an_activity() -> None:
    parsed = parse_message("Hari ini kegiatan di balai desa", NOW)
    assert parsed.kind == "activity"
    assert parsed.activity_type == "lainnya"
    assert parsed.missing == ["activity_type", "count"]
    assert parsed.confidence["activity_type"] == 0.0
    assert parsed.confidence["count"] == 0.0


def test_missing_for_a_case() -> None:
    parsed = parse_message("Ada warga sakit parah tinggal sendiri, sudah dibawa ke puskesmas", NOW)
    assert parsed.kind == "case"
    assert parsed.missing == ["ppks", "client_name"]


def test_case_fields_only_for_cases() -> None:
    parsed = parse_message("makan bersama lansia bersama Pak Lurah Budi, 60 lansia", NOW)
    assert parsed.kind == "activity"
    assert parsed.client_name is None


def test_elderly_age_implies_lansia_when_no_group_is_named() -> None:
    parsed = parse_message("Kunjungan ke Bapak Karso (75) sakit, tinggal sendiri", NOW)
    assert parsed.ppks == 8


@pytest.mark.parametrize(
    "text",
    ["", "   ", "🙏🙏🙏", "👍", "?", "12345", "RT RW", "tgl", "a.n.", "\n\n\t", "ibu", "0/0"],
)
def test_degenerate_input_gives_defaults(text: str) -> None:
    parsed = parse_message(text, NOW)
    assert isinstance(parsed, ParsedMessage)
    assert parsed.date == NOW.date()
    assert parsed.activity_type in ACTIVITY_TYPES
    assert parsed.count is None or text == "12345"
    assert parsed.referral is None


def test_a_long_paste_is_parsed_without_runaway_matching() -> None:
    text = ("Lapor, kemarin dampingi penyaluran BPNT di RW 05, 32 KPM hadir 🙏 " * 80)[:5000]
    parse_message(text, NOW)  # warm-up
    started = time.perf_counter()
    parsed = parse_message(text, NOW)
    elapsed = time.perf_counter() - started
    assert parsed.kind == "activity"
    assert parsed.date == dt.date(2026, 11, 16)
    # A guard against runaway regular expressions (they take minutes on such a paste), not a
    # speed target: the parser's speed is measured by bench/parse_speed.py.
    assert elapsed < 2.0


def test_random_text_never_raises() -> None:
    import random

    rng = random.Random(7)
    alphabet = "abcdefghijklmnopqrstuvwxyz 0123456789/.,-()&:RTWX🙏\n"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 200)))
        parse_message(text, NOW)


def test_naive_now_is_accepted() -> None:
    parsed = parse_message("kemarin rapat", dt.datetime(2026, 11, 17, 10, 0))
    assert parsed.date == dt.date(2026, 11, 16)
