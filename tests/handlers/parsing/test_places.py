"""RT/RW forms."""

from __future__ import annotations

import pytest

from handlers.parsing.normalize import normalize
from handlers.parsing.places import extract_places, roman_to_int, two_digits


@pytest.mark.parametrize(
    ("text", "rt", "rw"),
    [
        ("RT 02/RW 03", "02", "03"),
        ("Rt.3 Rw.11", "03", "11"),
        ("RW XI", None, "11"),
        ("rw v", None, "05"),
        ("RT 002", "02", None),
        ("RT/RW 03/05", "03", "05"),
        ("RT/RW: 003/005", "03", "05"),
        ("rw 7, yg datang", None, "07"),
        ("RT 4 RW 11", "04", "11"),
        ("rt3 rw11", "03", "11"),
        ("RT.004/RW.002", "04", "02"),
        ("Rw 2 Rt 5", "05", "02"),
        ("RT 02/03", "02", "03"),
        ("RT 012 RW 003", "12", "03"),
        ("Rukun Warga 4", None, "04"),
    ],
)
def test_forms(text: str, rt: str | None, rw: str | None) -> None:
    result = extract_places(normalize(text))
    assert (result.rt, result.rw) == (rt, rw)


@pytest.mark.parametrize(
    ("text", "rt", "rw"),
    [
        ("RW 02 dan RW 03", None, None),
        ("RT 01 s/d RT 05 RW 02", None, "02"),
        ("RT 3 & 4 RW 01", None, "01"),
        ("RT 03 dan 04", None, None),
        ("RT 02 RW 03, RT 02", "02", "03"),
    ],
)
def test_several_values_give_none(text: str, rt: str | None, rw: str | None) -> None:
    result = extract_places(normalize(text))
    assert (result.rt, result.rw) == (rt, rw)


def test_several_rts_keep_the_single_rw() -> None:
    result = extract_places(normalize("Verval di RT 3 & 4 RW 01"))
    assert (result.rt, result.rw) == (None, "01")


@pytest.mark.parametrize("text", ["RTLH 3 unit", "tahap IV", "Dusun III", "rt ini", "RT 0"])
def test_not_rt_rw(text: str) -> None:
    result = extract_places(normalize(text))
    assert (result.rt, result.rw) == (None, None)


def test_roman_numerals() -> None:
    assert [roman_to_int(t) for t in ["i", "iv", "ix", "xi", "xiv", "xxxix"]] == [
        1,
        4,
        9,
        11,
        14,
        39,
    ]
    assert roman_to_int("iiii") is None
    assert roman_to_int("vx") is None
    assert two_digits("IX") == "09"
    assert two_digits("0") is None
