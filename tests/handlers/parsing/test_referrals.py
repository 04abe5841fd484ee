"""Referral destinations and their precedence."""

from __future__ import annotations

import pytest

from handlers.parsing.normalize import normalize
from handlers.parsing.referrals import INSTITUTIONS, extract_referral
from storage.vocabulary import REFERRALS


def referral_of(text: str) -> str | None:
    return extract_referral(normalize(text)).referral


def test_every_code_has_aliases() -> None:
    assert set(INSTITUTIONS) == set(REFERRALS)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("besok dirujuk ke puskesmas", "puskesmas"),
        ("dampingi berobat ke Pustu", "puskesmas"),
        ("dibawa ke RSJ", "rumah_sakit"),
        ("diantar ke RSUD Pirngadi", "rumah_sakit"),
        ("Sdh diajukan ke dinas sosial", "dinas_sosial"),
        ("sudah dibawa ke kantor Dinsos", "dinas_sosial"),
        ("Dibawa ke panti werdha", "panti"),
        ("diantar ke balai rehabilitasi BNN", "panti"),
        ("dititipkan di panti sosial anak", "panti"),
        ("Rencana rujuk ke LKSA", "lks"),
        ("dirujuk ke Yayasan Lentera", "lks"),
        ("diantar ke Polsek", "polisi"),
        ("lapor ke Unit PPA Polres", "polisi"),
        ("diserahkan ke UPTD PPA provinsi", "uptd_ppa"),
        ("rencana konsultasi ke P2TP2A", "uptd_ppa"),
        ("dampingi urus KTP di Disdukcapil", "lainnya"),
        ("diajukan ke Baznas", "lainnya"),
        ("sdh masuk panti jompo", "panti"),
    ],
)
def test_destinations(text: str, code: str) -> None:
    assert referral_of(text) == code


def test_dinas_sosial_wins_over_the_facility() -> None:
    assert referral_of("dititipkan di panti milik Dinsos") == "dinas_sosial"
    assert referral_of("dibawa ke Rumah Singgah Dinsos") == "dinas_sosial"
    assert referral_of("dibawa ke puskesmas lalu diserahkan ke Dinas Sosial") == "dinas_sosial"


def test_specific_facility_wins_over_other_and_last_step_wins() -> None:
    assert referral_of("dibawa ke puskesmas kemudian dirujuk ke RSUD") == "rumah_sakit"
    assert referral_of("diantar ke IPWL RSKO") == "rumah_sakit"


@pytest.mark.parametrize(
    "text",
    [
        "Sudah koordinasi dgn Kasie Kesos",
        "lapor ke RT",
        "Sudah koordinasi Puskesmas & Satpol PP",
        "ikut bimtek PSM di Dinsos Kota",
        "arahkan ikut pelatihan las di BLK",
        "dijemput di bandara bersama Dinsos Kab",
        "diantar pulang ke keluarga",
        "evakuasi lansia ke posko",
        "dampingi warga urus BPJS di kelurahan",
        "dapat sembako dari Dinsos",
        "",
    ],
)
def test_no_referral(text: str) -> None:
    assert referral_of(text) is None


def test_planned_referral_is_marked() -> None:
    result = extract_referral(normalize("besok dirujuk ke puskesmas"))
    assert result.referral == "puskesmas"
    assert result.planned


def test_agent_is_not_a_destination() -> None:
    assert referral_of("diserahkan ke keluarga didampingi Dinsos Prov") is None
    assert referral_of("dijemput petugas Dinsos") is None
    assert referral_of("dampingi persalinan di RSUD Jayapura") == "rumah_sakit"
    assert referral_of("dampingi urus dokumen dari Malaysia di kantor imigrasi") == "lainnya"
