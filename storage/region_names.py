"""Region names as offices write them: prefixes, old spellings, short forms, typos.

`Kab. Pelalawan`, `Kabupaten Pelalawan` and `Pelalawan` are one place; `Kota Pekanbaru` and
`Pekanbaru` too; `Kel. Pasteur` is Pasteur. Names are compared by a folded key; when nothing
matches, the closest names (by `rapidfuzz`) are offered instead of guessing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from storage.models.regions import RegionLevel

# Written before a name; stripped (several may stand in a row: "Kab. Adm. Kepulauan Seribu").
_PREFIXES = (
    "provinsi",
    "prov",
    "propinsi",
    "kabupaten",
    "kab",
    "kota",
    "administrasi",
    "adm",
    "kecamatan",
    "kec",
    "distrik",
    "kelurahan",
    "kel",
    "desa",
    "ds",
    "nagari",
    "gampong",
)
# What a prefix says of the kind of area (a regency is a kota or a kabupaten).
_KIND_HINTS = {"kota": "kota", "kabupaten": "kabupaten", "kab": "kabupaten"}
# What a prefix says of the level.
_LEVEL_HINTS = {
    **dict.fromkeys(("provinsi", "prov", "propinsi"), RegionLevel.PROVINCE),
    **dict.fromkeys(("kabupaten", "kab", "kota"), RegionLevel.REGENCY),
    **dict.fromkeys(("kecamatan", "kec", "distrik"), RegionLevel.DISTRICT),
    **dict.fromkeys(("kelurahan", "kel", "desa", "ds", "nagari", "gampong"), RegionLevel.VILLAGE),
}
# Short forms people use for a whole word.
_WORDS = {
    "kep": "kepulauan",
    "kepl": "kepulauan",
    "tj": "tanjung",
    "tg": "tanjung",
    "kp": "kampung",
    "kpg": "kampung",
    "sei": "sungai",
    "sumatra": "sumatera",
    "jogja": "yogyakarta",
    "jogjakarta": "yogyakarta",
    "jakarta": "jakarta",
}
# Old spellings (before 1972) still seen in lists: oe -> u, dj -> j, tj -> c, nj -> ny, sj -> sy.
_OLD_SPELLING = (("oe", "u"), ("dj", "j"), ("tj", "c"), ("nj", "ny"), ("sj", "sy"), ("ch", "kh"))
# Provinces by their everyday names and abbreviations.
PROVINCE_ALIASES = {
    "nad": "11",
    "nanggroe aceh darussalam": "11",
    "sumut": "12",
    "sumbar": "13",
    "babel": "19",
    "bangka belitung": "19",
    "kepri": "21",
    "dki": "31",
    "dki jakarta": "31",
    "jakarta": "31",
    "daerah khusus jakarta": "31",
    "jabar": "32",
    "jateng": "33",
    "diy": "34",
    "di yogyakarta": "34",
    "yogyakarta": "34",
    "jatim": "35",
    "ntb": "52",
    "ntt": "53",
    "kalbar": "61",
    "kalteng": "62",
    "kalsel": "63",
    "kaltim": "64",
    "kaltara": "65",
    "sulut": "71",
    "sulteng": "72",
    "sulsel": "73",
    "sultra": "74",
    "sulbar": "76",
    "malut": "82",
    "pabar": "92",
    "papua barat daya": "96",
}
_NOT_WORD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Written:
    """A name as read: its comparison key and the kind of area its prefix named, if any."""

    key: str
    kind: str | None
    plain: str  # lower case, prefixes gone, words expanded (for aliases and fuzzy scores)
    level: RegionLevel | None = None  # the level the first prefix names (`Kec.`: district)


def read_name(text: str) -> Written:
    """Fold a written name into its comparison key."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    # An apostrophe joins (Pa'baeng-Baeng), other punctuation separates.
    lowered = re.sub(r"['`’]", "", ascii_text.lower())
    words = [w for w in _NOT_WORD.split(lowered) if w]
    kind = None
    level = _LEVEL_HINTS.get(words[0]) if len(words) > 1 else None
    while len(words) > 1 and words[0] in _PREFIXES:
        kind = kind or _KIND_HINTS.get(words[0])
        words = words[1:]
    words = [_WORDS.get(w, w) for w in words]
    plain = " ".join(words)
    return Written(key=_fold(plain), kind=kind, plain=plain, level=level)


def _fold(plain: str) -> str:
    key = plain.replace(" ", "")
    for old, new in _OLD_SPELLING:
        key = key.replace(old, new)
    return key


@lru_cache(maxsize=1 << 17)
def name_key(text: str) -> str:
    """The comparison key of a name: `Kab. Pelalawan` and `pelalawan` give the same.

    Remembered: a roster matches the same few hundred region names thousands of times.
    """
    return read_name(text).key


@dataclass(frozen=True, slots=True)
class Place:
    """A region as the matcher sees it."""

    code: str
    name: str
    kind: str | None
    level: RegionLevel


def matches(written: Written, places: list[Place], level: RegionLevel) -> list[Place]:
    """The places whose name is the written one (a kota/kabupaten prefix narrows regencies)."""
    if level is RegionLevel.PROVINCE and written.plain in PROVINCE_ALIASES:
        code = PROVINCE_ALIASES[written.plain]
        return [p for p in places if p.code == code]
    found = [p for p in places if name_key(p.name) == written.key]
    if written.kind and level is RegionLevel.REGENCY:
        narrowed = [p for p in found if p.kind == written.kind]
        found = narrowed or found
    return found


def closest(written: Written, places: list[Place], limit: int = 3) -> list[Place]:
    """The places whose names come nearest the written one, best first."""
    if not places:
        return []
    choices = {i: read_name(p.name).plain for i, p in enumerate(places)}
    best = process.extract(written.plain, choices, scorer=fuzz.WRatio, limit=limit, score_cutoff=60)
    return [places[index] for _, _, index in best]
