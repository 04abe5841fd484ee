"""Client name, age and sex."""

from __future__ import annotations

import pytest

from handlers.parsing.clients import extract_client
from handlers.parsing.normalize import clean, normalize


def client(text: str) -> tuple[str | None, int | None, str | None]:
    found = extract_client(clean(text), normalize(text))
    return found.name, found.age, found.sex


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kunjungan rumah Ibu S (72th) lansia", ("Ibu S", 72, "P")),
        ("Pak Darto lumpuh, butuh kursi roda", ("Pak Darto", None, "L")),
        ("ODGJ a.n. Sdr. T (35) ngamuk", ("Sdr. T", 35, "L")),
        ("anak disabilitas An. K umur 8th", ("An. K", 8, None)),
        ("Dampingi korban trafficking Sdri. M (17th)", ("Sdri. M", 17, "P")),
        ("KUNJUNGAN RUMAH NENEK SUMIATI 80 THN", ("Nenek Sumiati", 80, "P")),
        ("kunjungan ke ibu s, lansia", ("Ibu S", None, "P")),
        ("Anak Dimas 9 th korban kekerasan", ("Anak Dimas", 9, None)),
        ("pasien TB a.n. Budi", ("Budi", None, None)),
    ],
)
def test_names(text: str, expected: tuple[str | None, int | None, str | None]) -> None:
    assert client(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "makan bersama lansia bersama pak lurah",
        "Penyuluhan ke ibu hamil dan ibu balita",
        "Lapor Pak, hari ini rapat",
        "Assalamualaikum Pak Budi, rapat PSM",
        "koordinasi dgn Bu Kasie Kesos",
        "5 anak dibawa ke LKS Anak Harapan",
        "Bapak/Ibu sekalian",
    ],
)
def test_not_client_names(text: str) -> None:
    assert client(text)[0] is None


def test_duration_is_not_age() -> None:
    assert client("Pak A sakit sudah 3 tahun")[1] is None
