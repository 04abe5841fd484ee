"""Typed answers are matched to options by number, label, meaning and near spelling."""

from __future__ import annotations

import pytest

from handlers.i18n import term_label
from handlers.options import match_answer, match_option
from storage.vocabulary import ACTIVITY_TYPES, REFERRALS

TYPES = [[f"type:{code}", term_label(term, "id")] for code, term in ACTIVITY_TYPES.items()]
DESTINATIONS = [[f"referral:{code}", term_label(term, "id")] for code, term in REFERRALS.items()]
RSVP = [
    ["rsvp:7:hadir", "✅ Hadir"],
    ["rsvp:7:tidak", "❌ Tidak hadir"],
    ["rsvp:7:izin", "🙏 Izin"],
]
SEXES = [["sex:L", "Laki-laki"], ["sex:P", "Perempuan"]]


@pytest.mark.parametrize(
    ("text", "options", "key"),
    [
        ("8", TYPES, "type:sosialisasi"),
        ("penyuluhan", TYPES, "type:sosialisasi"),
        ("sosialsasi", TYPES, "type:sosialisasi"),
        ("RSUD kota", DESTINATIONS, "referral:rumah_sakit"),
        ("pkm", DESTINATIONS, "referral:puskesmas"),
        ("hadir insyaallah", RSVP, "rsvp:7:hadir"),
        ("tidak bisa hadir", RSVP, "rsvp:7:tidak"),
        ("L", SEXES, "sex:L"),
        ("laki2", SEXES, "sex:L"),
        ("wanita", SEXES, "sex:P"),
    ],
)
def test_answers_name_options(text: str, options: list[list[str]], key: str) -> None:
    assert match_option(text, options) == key


def test_an_answer_fitting_several_options_is_ambiguous() -> None:
    found = match_answer("pendampingan", TYPES)
    assert found.ambiguous
    assert set(found.candidates) == {"type:bansos", "type:penanganan", "type:kube"}


def test_a_whole_report_is_never_taken_for_an_answer() -> None:
    report = "kunjungan rumah ibu S lansia terlantar di RT 02 RW 03 kondisi lemah"
    assert match_option(report, [["update:visit", "🏠 Kunjungan"]]) is None


def test_a_short_report_is_not_taken_for_a_menu_choice() -> None:
    menu = [["menu:report", "📊 Rekap"], ["menu:meetings", "📅 Rapat"]]
    assert match_option("rapat PSM 20 org", menu) is None
    assert match_option("rapat", menu) == "menu:meetings"
