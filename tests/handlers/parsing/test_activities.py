"""Kind and activity type."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import parse_message

NOW = dt.datetime(2026, 11, 17, 16, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.mark.parametrize(
    ("text", "kind", "activity_type"),
    [
        ("dampingi penyaluran BPNT di balai RW 05, 32 KPM", "activity", "bansos"),
        ("verval data DTKS di RW 09, 18 KK", "activity", "verval"),
        ("Kunjungan rumah Ibu S lansia terlantar", "case", "kunjungan"),
        ("Ibu R korban KDRT, sudah didampingi lapor ke UPTD PPA", "case", "penanganan"),
        ("Banjir di RW XI, 45 KK terdampak, bantu evakuasi", "activity", "bencana"),
        ("Korban kebakaran 3 KK kehilangan rumah", "case", "bencana"),
        ("Permakanan lansia ke 40 lansia tunggal", "activity", "permakanan"),
        ("Pendampingan KUBE, pelatihan olahan singkong, 12 anggota", "activity", "kube"),
        ("Sosialisasi bahaya narkoba, 30 org", "activity", "sosialisasi"),
        ("ikut bimtek PSM di Dinsos", "activity", "pelatihan"),
        ("Rakor TKSK & PSM se-kecamatan", "activity", "rapat"),
        ("kerja bakti bersihkan saluran air bersama warga, 35 org", "activity", "lainnya"),
        ("Koordinasi dgn Kasie Kesos soal data PPKS", "activity", "rapat"),
    ],
)
def test_kind_and_type(text: str, kind: str, activity_type: str) -> None:
    parsed = parse_message(text, NOW)
    assert (parsed.kind, parsed.activity_type) == (kind, activity_type)


def test_planned_handling_stays_a_visit() -> None:
    parsed = parse_message("Kunjungan Ibu S lansia, besok rencana diantar ke RSUD", NOW)
    assert (parsed.kind, parsed.activity_type) == ("case", "kunjungan")


def test_escorting_officials_is_not_client_handling() -> None:
    parsed = parse_message("Dampingi tim Dinsos asesmen anak terlantar 3 bersaudara", NOW)
    assert (parsed.kind, parsed.activity_type) == ("case", "kunjungan")


def test_absorbed_types() -> None:
    assert parse_message("salurkan sembako ke 120 KK korban gempa", NOW).activity_type == (
        "bencana"
    )
    text = "Dampingi pengambilan sembako program permakanan, 35 lansia"
    assert parse_message(text, NOW).activity_type == "permakanan"
    # Data collection is still verval when the program is named only as its subject.
    text = "Pendataan calon penerima permakanan: 18 lansia"
    assert parse_message(text, NOW).activity_type == "verval"


def test_program_name_alone_does_not_beat_the_act() -> None:
    text = "PKH graduasi mandiri: 6 KPM keluar dari PKH, sdh kami verifikasi"
    assert parse_message(text, NOW).activity_type == "verval"
    assert parse_message("BPNT bulan ini lancar, 40 KPM", NOW).activity_type == "bansos"
