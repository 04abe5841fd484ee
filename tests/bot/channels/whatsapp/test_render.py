"""How messages are shaped for WhatsApp: splitting, numbered options, template values."""

from __future__ import annotations

import json

import pytest

from bot.channels.text_parts import utf16_len as utf16_length
from bot.channels.whatsapp.render import (
    MissingVariable,
    content_variables,
    split_text,
    with_options,
)
from handlers.messages import Option
from handlers.options import match_option

OPTIONS = (Option("draft:save", "✅ Simpan"), Option("draft:edit", "✏️ Ubah"))


def test_options_become_a_numbered_list_the_core_understands_back() -> None:
    text = with_options("Sudah benar?", OPTIONS, "Balas dengan nomor pilihan.")

    assert text == "Sudah benar?\n\n1. ✅ Simpan\n2. ✏️ Ubah\n_Balas dengan nomor pilihan._"
    offered = [[o.key, o.label] for o in OPTIONS]
    assert match_option("2", offered) == "draft:edit"
    assert match_option("Simpan", offered) == "draft:save"
    assert match_option("✅ Simpan", offered) == "draft:save"


def test_emoji_count_twice_and_are_never_cut_in_half() -> None:
    text = "🙏" * 1000  # 2,000 UTF-16 units, no spaces

    parts = split_text(text)

    assert [utf16_length(p) for p in parts] == [1600, 400]
    assert "".join(parts) == text


def test_a_short_text_is_one_part() -> None:
    assert split_text("Terima kasih, laporan tersimpan.") == ["Terima kasih, laporan tersimpan."]


def test_lines_are_preferred_over_spaces_as_cut_points() -> None:
    text = "\n".join(f"{n}. " + ("Kegiatan bansos RW 05 " * 5).strip() for n in range(30))

    parts = split_text(text)

    assert len(parts) > 1
    assert all(utf16_length(p) <= 1600 for p in parts)
    assert all(p.split("\n")[-1].endswith("RW 05") for p in parts)
    assert "\n".join(parts) == text


def test_template_values_are_one_line_and_options_give_their_keys() -> None:
    values = content_variables(
        ["name", "where", "option:1", "option_label:2"],
        {"name": "Siti", "where": "Balai RW 05\n\nKel.\tPasteur      (belakang masjid)"},
        options=OPTIONS,
    )

    assert json.loads(values) == {
        "1": "Siti",
        "2": "Balai RW 05 Kel. Pasteur (belakang masjid)",
        "3": "draft:save",
        "4": "✏️ Ubah",
    }


def test_a_missing_template_value_is_named() -> None:
    with pytest.raises(MissingVariable) as raised:
        content_variables(["name", "date"], {"name": "Siti", "date": "  "})
    assert raised.value.name == "date"


def test_an_emoji_family_joined_by_zero_width_joiners_is_never_torn() -> None:
    family = "👨‍👩‍👧‍👦"  # four people and three joiners: 11 UTF-16 units, one character
    text = family * 200

    parts = split_text(text)

    assert "".join(parts) == text
    assert all(part == family * (len(part) // len(family)) for part in parts)
    assert all(utf16_length(p) <= 1600 for p in parts)
