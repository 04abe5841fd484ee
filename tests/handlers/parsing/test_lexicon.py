"""The shared lexicon: number words past a hundred, regional words, English dates."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import parse_message
from handlers.parsing.lexicon import words_to_number
from handlers.parsing.normalize import normalize

NOW = dt.datetime(2026, 11, 17, 16, 0, tzinfo=ZoneInfo("Asia/Jakarta"))  # a Tuesday


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("tiga", 3),
        ("sebelas", 11),
        ("dua belas", 12),
        ("empat puluh tujuh", 47),
        ("seratus", 100),
        ("seratus dua puluh", 120),
        ("dua ratus lima belas", 215),
        ("tiga ratus", 300),
        ("seribu dua ratus", 1200),
        ("dua ribu lima ratus", 2500),
        ("dua tiga", None),
        ("puluh", None),
    ],
)
def test_number_words(words: str, value: int | None) -> None:
    assert words_to_number(words) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kamari nengok Abah ka RSJ", "kemarin kunjungi abah ke rsj"),
        ("aye kagak bisa, udeh nganter", "saya tidak bisa, sudah antar"),
        ("wingi kulo sampun dampingi", "kemarin saya sudah dampingi"),
        (
            "kami pegi tengok Atok, rumahnye dah nak roboh",
            "kami pergi kunjungi kakek, rumahnya sudah nak roboh",
        ),
        ("RT03RW08", "rt 03 rw 08"),
        ("yesterday", "kemarin"),
        ("last Friday", "jumat lalu"),
    ],
)
def test_regional_and_english_words_become_standard_indonesian(text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "count", "approximate"),
    [
        ("dampingi penyaluran BPNT, seratus dua puluh KPM hadir", 120, False),
        ("verval DTSEN, dua ratus lima belas KK", 215, False),
        ("kerja bakti, kira2 20an org", 20, True),
        ("sosialisasi PKH, sekitar 30 warga", 30, True),
        ("rapat PSM, hadir 28 PSM", 28, False),
    ],
)
def test_counts_in_words_and_estimates(text: str, count: int, approximate: bool) -> None:
    parsed = parse_message(text, NOW)
    assert (parsed.count, parsed.count_approximate) == (count, approximate)


def test_a_household_size_is_the_count_of_a_case_but_children_are_not() -> None:
    household = parse_message("Kunjungan ke keluarga Pak Harun, sekeluarga 5 jiwa, RTLH", NOW)
    children = parse_message("Kunjungan ke Ibu N keluarga miskin, janda 3 anak", NOW)
    assert (household.kind, household.count) == ("case", 5)
    assert (children.kind, children.count) == ("case", None)


@pytest.mark.parametrize(
    ("text", "activity_type"),
    [
        ("Penyaluran BST dibatalkan, jadi hari ini pendataan lansia di RW 09, 26 lansia", "verval"),
        (
            "Bukan penyaluran bansos, hari ini sosialisasi cek penerima bansos, 35 warga",
            "sosialisasi",
        ),
        ("Banjir RW 04, PSM evakuasi Mbah Karsih (82) yang lumpuh ke posko", "penanganan"),
        ("Banjir RW 04 sejak pagi, 45 KK terdampak, PSM bantu evakuasi lansia ke posko", "bencana"),
        (
            "Kebakaran rumah Bapak Markus tadi malam, PSM bantu evakuasi barang & data kerugian",
            "bencana",
        ),
    ],
)
def test_background_programs_and_evacuations(text: str, activity_type: str) -> None:
    assert parse_message(text, NOW).activity_type == activity_type


@pytest.mark.parametrize(
    ("text", "referral"),
    [
        ("Bu Yati dirujuk ke PKM Sukajadi", "puskesmas"),
        ("Antar Mak Ijah ke Pusk. Cibeunying utk periksa", "puskesmas"),
        ("nganteurkeun Ceu Entin ka RSHS", "rumah_sakit"),
        ("Pasien TB Bpk Karta kontrol ke RSCM minggu depan", "rumah_sakit"),
        ("Ibu Nining korban KDRT diantar ke Puspaga untuk konseling", "lainnya"),
        ("Dampingi Sdr. A (17) ABH ke Bapas", "lainnya"),
        ("Sdr. Rudi korban napza didampingi ke IPWL", "lainnya"),
    ],
)
def test_facility_abbreviations_and_institutions_outside_the_list(text: str, referral: str) -> None:
    assert parse_message(text, NOW).referral == referral


def test_a_planned_follow_up_date_is_not_the_work_date() -> None:
    parsed = parse_message(
        "Kemarin kunjungan ke Ibu Lilis (52) disabilitas netra. Rencana kontrol ke RS tgl 25/11",
        NOW,
    )
    assert parsed.date == dt.date(2026, 11, 16)
    assert parsed.plan is not None and parsed.plan.due_on == dt.date(2026, 11, 25)
    assert parsed.referral_planned
