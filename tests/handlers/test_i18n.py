"""The text catalogs."""

import string

from handlers.i18n import CATALOGS, t


def test_every_text_exists_in_both_languages_with_the_same_placeholders() -> None:
    assert CATALOGS["id"].keys() == CATALOGS["en"].keys()
    for key, indonesian in CATALOGS["id"].items():
        fields_id = {f for _, f, _, _ in string.Formatter().parse(indonesian) if f}
        fields_en = {f for _, f, _, _ in string.Formatter().parse(CATALOGS["en"][key]) if f}
        assert fields_id == fields_en, key


def test_unknown_locale_falls_back_to_indonesian() -> None:
    assert t("fr", "menu.title") == "Menu utama. Silakan pilih:"
