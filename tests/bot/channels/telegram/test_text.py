"""Cutting long texts for Telegram: at line breaks, then spaces, never inside a character."""

from __future__ import annotations

import regex

from bot.channels.text_parts import split_text as split_any
from bot.channels.text_parts import utf16_len


def split_text(text: str, limit: int = 4096) -> list[str]:
    """Telegram's split: at line breaks first, within 4,096 units."""
    return split_any(text, limit)


FAMILY = "👨‍👩‍👧‍👦"  # four people joined by zero-width joiners: 11 UTF-16 units, one character
FLAG = "🇮🇩"  # two regional indicators
THUMB = "👍🏽"  # with a skin tone


def graphemes(text: str) -> list[str]:
    return list(regex.findall(r"\X", text))


def test_a_short_text_is_one_part_and_an_empty_one_none() -> None:
    assert split_text("Laporan tersimpan. Terima kasih 🙏") == [
        "Laporan tersimpan. Terima kasih 🙏"
    ]
    assert split_text("") == []


def test_parts_are_cut_at_line_breaks_when_there_are_some() -> None:
    lines = [f"RT {n:02d}: {n * 3} KK menerima BPNT" for n in range(1, 400)]
    text = "\n".join(lines)

    parts = split_text(text, limit=1000)

    assert all(utf16_len(p) <= 1000 for p in parts)
    assert "\n".join(parts) == text  # whole lines only, nothing lost
    assert all(len(p) > 500 for p in parts[:-1])  # cut late in each part, not early


def test_without_line_breaks_parts_are_cut_at_spaces() -> None:
    text = " ".join(["lansia"] * 1000)

    parts = split_text(text, limit=500)

    assert all(utf16_len(p) <= 500 for p in parts)
    assert " ".join(parts) == text


def test_emoji_are_counted_as_telegram_counts_and_never_torn() -> None:
    # No spaces at all: the cut must still fall between two whole characters.
    text = (FAMILY + FLAG + THUMB + "é") * 700  # "é" as e + combining accent
    text = text.replace("é", "e\u0301")

    parts = split_text(text, limit=4096)

    assert len(parts) > 1
    assert all(utf16_len(p) <= 4096 for p in parts)
    assert "".join(parts) == text
    whole = set(graphemes(text))
    for part in parts:
        assert set(graphemes(part)) <= whole, "a character was cut in two"


def test_a_utf16_count_above_the_code_point_count_still_fits() -> None:
    # 3000 code points but 6000 UTF-16 units: Python's len() alone would send it whole.
    text = "😀" * 3000

    parts = split_text(text)

    assert len(parts) == 2
    assert [utf16_len(p) for p in parts] == [4096, 6000 - 4096]
