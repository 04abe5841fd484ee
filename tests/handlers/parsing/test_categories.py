"""PPKS aliases."""

from __future__ import annotations

import pytest

from handlers.parsing.categories import ALIASES, extract_category
from handlers.parsing.normalize import normalize
from storage.vocabulary import PPKS


def ppks_of(text: str) -> int | None:
    return extract_category(normalize(text)).ppks


def test_every_category_has_aliases() -> None:
    assert set(ALIASES) == set(PPKS)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("balita terlantar di pos ronda", 1),
        ("ditemukan bayi di depan masjid", 1),
        ("anak terlantar 2 bersaudara", 2),
        ("anak putus sekolah & terlantar", 2),
        ("ABH kasus pencurian", 3),
        ("Anak Fransiskus (16) pelaku pencurian", 3),
        ("anjal di lampu merah", 4),
        ("anak jalanan ngamen", 4),
        ("anak disabilitas (autis)", 5),
        ("An. Rafa (7 th, cerebral palsy)", 5),
        ("anak korban kekerasan ayah tiri", 6),
        ("dinikahkan paksa, perlindungan khusus", 7),
        ("lansia terlantar tinggal sendiri", 8),
        ("Nenek Sumiati 80 th", 8),
        ("penyandang disabilitas (lumpuh)", 9),
        ("difabel", 9),
        ("ODGJ ngamuk", 9),
        ("PSK di eks lokalisasi", 10),
        ("gelandangan tidur di emperan", 11),
        ("gepeng di perempatan", 11),
        ("pengemis di depan masjid", 12),
        ("mendata 6 pemulung", 13),
        ("warga minoritas diintimidasi", 14),
        ("mantan napi baru bebas", 15),
        ("ODHA dampingan", 16),
        ("korban penyalahgunaan napza", 17),
        ("pecandu narkoba", 17),
        ("korban trafficking", 18),
        ("korban TPPO", 18),
        ("korban KDRT", 19),
        ("PMI bermasalah dipulangkan", 20),
        ("TKI bermasalah", 20),
        ("korban banjir", 21),
        ("longsor", 21),
        ("gempa", 21),
        ("korban kebakaran", 22),
        ("konflik sosial", 22),
        ("perempuan rawan sosial ekonomi", 23),
        ("keluarga miskin", 24),
        ("fakir miskin", 24),
        ("keluarga bermasalah sosial psikologis", 25),
        ("Komunitas Adat Terpencil", 26),
        ("Suku Anak Dalam", 26),
    ],
)
def test_aliases(text: str, code: int) -> None:
    assert ppks_of(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "Penyaluran BPNT 32 KPM",
        "Sosialisasi bahaya narkoba ke remaja",
        "Penyuluhan tentang narkoba di SMPN 2",
        "Sosialisasi pencegahan perkawinan anak",
        "Penyuluhan stunting, 22 ibu balita",
        "Home visit pasien TB",
        "Rapat koordinasi PSM",
    ],
)
def test_no_client_group(text: str) -> None:
    assert ppks_of(text) is None


def test_first_named_group_wins() -> None:
    assert ppks_of("Gelandangan lansia sakit") == 11
    assert ppks_of("Pengemis lansia di masjid") == 12
    assert ppks_of("permakanan 35 lansia & disabilitas") == 8


def test_disaster_names_the_situation() -> None:
    assert ppks_of("evakuasi lansia dan balita korban banjir") == 21


def test_audience_is_not_a_topic() -> None:
    assert ppks_of("sosialisasi PKH kepada keluarga miskin") == 24
    assert ppks_of("laporan warga tentang anak yang sering dipukul ayahnya") == 6


def test_grandparent_as_family_is_not_the_client() -> None:
    assert ppks_of("anak yatim tinggal dengan nenek") is None


def test_inhalant_abuse_and_child_neglect() -> None:
    assert ppks_of("anak ketahuan ngelem di pos ronda") == 17
    assert ppks_of("anak perempuan (8 th) tersesat, diduga korban penelantaran") == 2
