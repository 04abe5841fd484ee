"""Slang and abbreviation normalisation."""

from __future__ import annotations

from handlers.parsing.normalize import clause_around, clean, mask, normalize, words_before


def test_chat_shorthand_is_expanded() -> None:
    text = normalize("Sdh koordinasi dgn RT, yg datang 25 org, kmrn td pagi utk warga")
    assert text == (
        "sudah koordinasi dengan rt, yang datang 25 orang, kemarin tadi pagi untuk warga"
    )


def test_emoji_case_and_spaces_are_dropped() -> None:
    assert normalize("  LAPOR 🙏🙏   HARI INI\n\nRAPAT  ") == "lapor hari ini. rapat"
    assert clean("Ibu S 🙏") == "Ibu S"


def test_numbers_glued_to_units_and_reduplication() -> None:
    assert normalize("Ibu S (72th), kira2 40an org, anak2") == (
        "ibu s (72 tahun), kira-kira 40 an orang, anak-anak"
    )
    assert normalize("Rt.3 Rw.11 rw7") == "rt 3 rw 11 rw 7"


def test_abbreviation_dots_do_not_end_clauses() -> None:
    text = normalize("Kel. Pasteur, a.n. Sdr. T, jum'at")
    assert text == "kelurahan pasteur, atas nama saudara t, jumat"


def test_acronyms_with_digits_survive() -> None:
    assert normalize("P2TP2A dan DP3A") == "p2tp2a dan dp3a"


def test_helpers() -> None:
    text = "koordinasi dengan puskesmas, lalu dibawa ke rsj"
    start = text.index("rsj")
    assert text[slice(*clause_around(text, start, start + 3))].strip() == "dibawa ke rsj"
    assert words_before(text, start, 2) == ["dibawa", "ke"]
    assert mask("abc def", [(0, 3)]) == "    def"
