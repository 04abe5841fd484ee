"""Work-date rules from the contract."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import parse_message
from handlers.parsing.dates import extract_date
from handlers.parsing.normalize import normalize

WIB = ZoneInfo("Asia/Jakarta")
TUESDAY = dt.datetime(2026, 11, 17, 16, 0, tzinfo=WIB)


def work_date(text: str, now: dt.datetime = TUESDAY) -> dt.date:
    return extract_date(normalize(text), now).date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rapat PSM di kelurahan", "2026-11-17"),
        ("kemarin rapat PSM", "2026-11-16"),
        ("kmrn sosialisasi", "2026-11-16"),
        ("td pagi penyaluran BPNT", "2026-11-17"),
        ("subuh tadi ada ODGJ ngamuk", "2026-11-17"),
        ("hari ini verval", "2026-11-17"),
        ("kemarin lusa evakuasi", "2026-11-15"),
        ("3 hari yang lalu kunjungan", "2026-11-14"),
        ("tgl 12/11 verval", "2026-11-12"),
        ("12/11 verval", "2026-11-12"),
        ("Tanggal 12.11 verval", "2026-11-12"),
        ("sosialisasi 14 Nop", "2026-11-14"),
        ("tgl 3 Nopember 2026 rakor", "2026-11-03"),
        ("16-11-2026 rapat", "2026-11-16"),
        ("tgl 5 rapat", "2026-11-05"),
    ],
)
def test_contract_phrases(text: str, expected: str) -> None:
    assert work_date(text).isoformat() == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Senin rapat", "2026-11-16"),  # bare weekday: on or before today
        ("Selasa rapat", "2026-11-17"),  # today is Tuesday
        ("Selasa kemarin rapat", "2026-11-10"),  # with kemarin: strictly before today
        ("Selasa lalu rapat", "2026-11-10"),
        ("Jumat kemarin pelatihan", "2026-11-13"),
        ("hari Minggu kerja bakti", "2026-11-15"),
        ("Ahad kemarin kerja bakti", "2026-11-15"),
        ("kemarin hari Rabu", "2026-11-11"),
    ],
)
def test_weekdays(text: str, expected: str) -> None:
    assert work_date(text).isoformat() == expected


def test_minggu_as_week_is_not_sunday() -> None:
    assert work_date("minggu ini rapat") == TUESDAY.date()
    assert work_date("rapat 2 minggu sekali, hari ini") == TUESDAY.date()
    assert work_date("minggu depan rapat") == TUESDAY.date()


def test_year_rollover_in_january() -> None:
    january = dt.datetime(2027, 1, 6, 9, 0, tzinfo=WIB)
    assert work_date("tgl 28/12 penyaluran PKH", january) == dt.date(2026, 12, 28)
    assert work_date("rapat 30 Des", january) == dt.date(2026, 12, 30)
    assert work_date("Rabu lalu rapat", january) == dt.date(2026, 12, 30)
    assert work_date("tgl 28 rapat", january) == dt.date(2026, 12, 28)


def test_besok_and_lusa_do_not_move_the_date() -> None:
    assert work_date("Kunjungan Ibu S, besok dirujuk ke puskesmas") == TUESDAY.date()
    assert work_date("lusa akan didampingi ke UPTD PPA") == TUESDAY.date()
    assert work_date("besok Senin rapat") == TUESDAY.date()
    assert work_date("Senin depan rapat, hari ini kunjungan") == TUESDAY.date()


def test_explicit_future_date_is_flagged() -> None:
    result = extract_date(normalize("rapat tgl 5 Desember 2026"), TUESDAY)
    assert result.date == dt.date(2026, 12, 5)
    assert result.in_future
    parsed = parse_message("Rakor PSM tanggal 05/12/2026 di aula", TUESDAY)
    assert parsed.date_in_future


def test_yearless_date_after_today_is_last_year() -> None:
    result = extract_date(normalize("tgl 20/11 rapat"), TUESDAY)
    assert result.date == dt.date(2025, 11, 20)
    assert not result.in_future


def test_incident_yesterday_work_today() -> None:
    assert work_date("Korban kebakaran semalam, hari ini pendataan") == TUESDAY.date()
    assert work_date("kemarin ada banjir. Hari ini salurkan bantuan") == TUESDAY.date()
    assert work_date("Evakuasi warga terdampak longsor. Kemarin malam") == dt.date(2026, 11, 16)


def test_tadi_malam_depends_on_the_hour() -> None:
    evening = dt.datetime(2026, 11, 17, 21, 0, tzinfo=WIB)
    morning = dt.datetime(2026, 11, 17, 7, 0, tzinfo=WIB)
    assert work_date("tadi malam kebakaran", evening) == dt.date(2026, 11, 17)
    assert work_date("tadi malam kebakaran", morning) == dt.date(2026, 11, 16)


def test_date_is_taken_in_the_senders_zone() -> None:
    # 00:20 WITA on 1 September is still 31 August in UTC; the sender's day is what counts.
    now = dt.datetime.fromisoformat("2026-09-01T00:20:00+08:00")
    assert work_date("Kemarin penyaluran BPNT", now) == dt.date(2026, 8, 31)
    assert work_date("hari ini rapat", now) == dt.date(2026, 9, 1)


def test_not_dates() -> None:
    # RT/RW numbers are masked by parse_message before dates are read.
    assert parse_message("RT/RW 03/05 rapat", TUESDAY).date == TUESDAY.date()
    assert parse_message("RT 02/03 rapat", TUESDAY).date == TUESDAY.date()
    assert work_date("jam 9-11 rapat, 5/6 PSM hadir") == TUESDAY.date()
    assert work_date("lahir 12/05/1950, kunjungan hari ini") == TUESDAY.date()


def test_defaulted_date_has_zero_confidence() -> None:
    assert extract_date(normalize("rapat PSM"), TUESDAY).confidence == 0.0
    assert extract_date(normalize("kemarin rapat"), TUESDAY).confidence > 0.5


def test_weekday_of_last_week() -> None:
    thursday = dt.datetime(2026, 4, 9, 13, 0, tzinfo=WIB)
    friday = dt.datetime(2026, 4, 10, 13, 0, tzinfo=WIB)
    assert work_date("Kamis minggu lalu kunjungan", thursday) == dt.date(2026, 4, 2)
    assert work_date("Kamis minggu lalu kunjungan", friday) == dt.date(2026, 4, 2)
    assert work_date("Senin pekan lalu rapat", thursday) == dt.date(2026, 3, 30)
