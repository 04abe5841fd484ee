"""Counts: people or households reached, never ages, RT/RW numbers, dates, phones or times."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import parse_message
from handlers.parsing.counts import extract_count
from handlers.parsing.normalize import normalize

NOW = dt.datetime(2026, 11, 17, 16, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def count_of(text: str) -> int | None:
    return parse_message(text, NOW).count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("penyaluran BPNT, 32 KPM hadir", 32),
        ("sosialisasi, yg datang 25 org", 25),
        ("verval 3 KK", 3),
        ("rapat, hadir 28 PSM", 28),
        ("permakanan ke 40 lansia", 40),
        ("5 dari 6 PSM hadir", 5),
        ("peserta: 30", 30),
        ("sebanyak 1.200 KPM", 1200),
        ("kerja bakti, kurang lebih 40-an orang", 40),
        ("dihadiri sekitar 30an warga", 30),
        ("verval tiga KK", 3),
        ("dua puluh lima peserta", 25),
        ("jmlh KPM yg ambil 47", 47),
        ("rapat dgn 10 calon anggota", 10),
        ("2 bersaudara tinggal dgn nenek", 2),
    ],
)
def test_stated_counts(text: str, expected: int) -> None:
    assert extract_count(normalize(text), []).count == expected


@pytest.mark.parametrize(
    "text",
    [
        "Kunjungan Ibu S (72th) lansia terlantar RT 02/RW 03",
        "Sdr. T (35) ODGJ",
        "An. K umur 8th",
        "rapat jam 9 di RW 05",
        "Rapat tgl 12/11 pukul 09.30 WIB",
        "hubungi 0812-3456-7890",
        "Penyaluran PKH tahap 4 di kantor pos",
        "Verval di dusun 2",
        "anak 4 putus sekolah",
        "sakit sudah 3 tahun, dirawat 2 minggu",
        "Ibu W janda, 3 anak, tdk bekerja",
        "Musrenbang BLT DD 2026",
    ],
)
def test_not_counts(text: str) -> None:
    assert count_of(text) is None


def test_first_stated_count_wins() -> None:
    assert count_of("Evakuasi korban longsor, 9 KK / 31 jiwa") == 9


def test_items_count_only_without_people() -> None:
    assert count_of("kebakaran 2 rumah di RT 3") == 2
    assert count_of("dibagikan 50 paket sembako ke 45 KK") == 45


def test_household_members_of_a_named_client_are_not_reach() -> None:
    parsed = parse_message("Kunjungan Ibu Maria, suami meninggal, 5 anak usia sekolah", NOW)
    assert parsed.kind == "case"
    assert parsed.count is None
