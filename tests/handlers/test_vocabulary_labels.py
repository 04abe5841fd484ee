"""The stored codes' labels: every code of every vocabulary reads in Indonesian and English."""

from __future__ import annotations

from handlers.i18n import CATALOGS, LOCALES, term_label
from storage.vocabulary import ACTIVITY_TYPES, PPKS, SEXES, VOCABULARIES


def test_every_code_of_every_vocabulary_has_a_label_in_both_languages() -> None:
    for name, terms in VOCABULARIES.items():
        assert terms, name
        for term in terms.values():
            assert term.vocabulary == name
            for locale in LOCALES:
                assert CATALOGS[locale].get(f"vocabulary.{term.vocabulary}.{term.code}"), (
                    locale,
                    term,
                )


def test_the_catalog_labels_no_code_the_vocabularies_lack() -> None:
    codes = {
        f"vocabulary.{term.vocabulary}.{term.code}"
        for terms in VOCABULARIES.values()
        for term in terms.values()
    }
    for locale in LOCALES:
        assert {key for key in CATALOGS[locale] if key.startswith("vocabulary.")} == codes


def test_a_label_is_read_in_the_persons_language_indonesian_by_default() -> None:
    assert term_label(PPKS[8]) == "Lanjut Usia Terlantar"
    assert term_label(PPKS[8], "en") == "Neglected elderly person"
    assert term_label(ACTIVITY_TYPES["kube"], "id") == "Pendampingan KUBE"
    assert term_label(SEXES["P"], "fr") == "Perempuan"
