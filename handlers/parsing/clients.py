"""The client a case is about: name or initials with honorific, age, and sex.

Names are read from the cleaned original text, because capitals are what tell "Ibu Siti" (a
client) from "ibu hamil" (a group); ages are read from the normalised text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from handlers.parsing.normalize import words_before

Sex = Literal["L", "P"]

# Honorifics PSM put before a client's name, with the sex they imply (None: either).
HONORIFICS: dict[str, Sex | None] = {
    "ibu": "P", "bu": "P", "nenek": "P", "nek": "P", "nyonya": "P", "ny": "P", "nona": "P",
    "nn": "P", "sdri": "P", "saudari": "P", "mbak": "P", "mba": "P", "teh": "P", "oma": "P",
    "mak": "P", "mama": "P", "inaq": "P",
    "bapak": "L", "bpk": "L", "bp": "L", "pak": "L", "tuan": "L", "tn": "L", "sdr": "L",
    "saudara": "L", "kakek": "L", "kek": "L", "mas": "L", "kang": "L", "bang": "L",
    "abang": "L", "opa": "L", "amaq": "L",
    "mbah": None, "opung": None, "an": None, "anak": None, "cik": None, "wak": None,
}  # fmt: skip
# Words that follow an honorific but are roles or descriptions, never a client's name.
NOT_NAMES = frozenset(
    {
        "rt", "rw", "lurah", "camat", "kades", "kadus", "kasie", "kasi", "kapolsek", "bhabin",
        "babinsa", "ketua", "kader", "bidan", "dokter", "dr", "guru", "ustadz", "ustad",
        "ustadzah", "kyai", "pkk", "psm", "tksk", "kepala", "sekdes", "sekretaris", "bupati",
        "walikota", "wali", "kadis", "kabid", "staf", "petugas", "pendamping", "operator",
        "direktur", "kapolres", "danramil", "polisi", "perawat", "mantri", "pendeta", "imam",
        "kepling", "kaling", "kaur", "sekcam", "bendahara", "anggota", "koordinator",
        "gubernur", "menteri", "presiden", "kasatpol", "satpol", "lurahnya", "camatnya",
        "ibu", "bapak", "pak", "bu", "dan", "yang", "di", "ke", "dari", "dengan", "sudah",
        "belum", "tidak", "ada", "ini", "itu", "hamil", "menyusui", "balita", "lansia", "rumah",
        "tangga", "jalanan", "terlantar", "disabilitas", "korban", "muda", "tua", "warga",
        "kami", "saya", "kita", "mereka", "beliau", "sekalian", "semua", "hari", "tadi",
        "kemarin", "besok", "jalan", "kondisi", "sakit", "sendiri", "tunggal", "janda", "yatim",
        "piatu", "angkat", "kandung", "tiri", "asuh", "kos", "kost", "yg", "dgn", "sdh",
        "bersama", "untuk", "utk", "punk", "putus", "balai", "desa", "kelurahan", "kecamatan",
        "dinas", "kantor", "pasien", "klien", "terima", "kasih", "mohon", "izin", "ijin",
        "lapor", "dampingan", "binaan", "asuhnya", "kandungnya", "tirinya", "dalam", "buah",
        "haji", "hj", "hajjah", "ustaz",
    }
)  # fmt: skip
# An honorific right after a greeting addresses the reader ("Lapor Pak Budi, ..."), not a client.
_GREETINGS = frozenset(
    {
        "assalamualaikum", "pagi", "siang", "sore", "malam", "halo", "hai", "yth", "kepada",
        "permisi", "izin", "ijin", "lapor", "mohon", "terima", "kasih", "maaf", "salam",
        "bersama", "dengan", "dgn", "oleh", "koordinasi",
    }
)  # fmt: skip
_HONORIFIC_ALT = "|".join(sorted(HONORIFICS, key=len, reverse=True))
_NAME_RE = re.compile(
    rf"(?<![\w\-/])(?:(?i:a\.\s?n\.?|atas\s+nama)\s+)?((?i:{_HONORIFIC_ALT}))(\.?)\s+"
    r"([A-Za-z][A-Za-z'\-]*\.?)(?:\s+([A-Z][a-z'\-]+))?(?![\w\-/])"
)
_STARTS_CLAUSE_RE = re.compile(r"(?:^|[.,;:!?(])\s*$")
_BARE_NAME_RE = re.compile(r"(?i:\ba\.\s?n\.?|\batas\s+nama)\s+([A-Z][A-Za-z'\-]+)")
_AGE_RE = re.compile(
    r"\(\s*(\d{1,3})\s*(?:tahun)?\s*[,)]"
    r"|\b(?:usia|umur|berusia|umurnya|usianya)\s*(?:sekitar|kira-kira|kurang\s+lebih)?\s*(\d{1,3})"
    r"|(?<![\d.])(\d{1,3})\s*tahun\b"
)
# "sudah 3 tahun sakit" is a duration, not an age.
_DURATION_WORDS = frozenset({"selama", "sejak", "sudah", "hampir", "lebih", "dalam", "sekitar"})
_MALE_RE = re.compile(r"\b(?:laki-laki|pria|duda)\b|\(l\)")
_FEMALE_RE = re.compile(r"\b(?:perempuan|wanita|janda)\b|\(p\)")


@dataclass(frozen=True)
class ClientResult:
    """What the message says about the client, each part None when not stated."""

    name: str | None
    age: int | None
    sex: Sex | None
    name_confidence: float = 0.0


def _name_word(word: str, mixed_case: bool) -> bool:
    """True when `word` reads as a name or an initial in this message."""
    bare = word.rstrip(".")
    if not bare or bare.lower() in NOT_NAMES:
        return False
    if len(bare) == 1:
        return bare.isalpha()
    if not mixed_case:
        return True
    # Capitalised like a name; all-capital only when short like initials ("NS"), not "KDRT".
    return bare[0].isupper() and (not bare.isupper() or len(bare) <= 3)


def _display(honorific: str, dot: str, word: str, second: str | None) -> str:
    """'ibu s' -> 'Ibu S', 'SDR. T' -> 'Sdr. T', keeping a written dot."""
    words = [word.rstrip(".")] + ([second] if second else [])
    shown = " ".join(w if (w[:1].isupper() and not w.isupper()) else w.capitalize() for w in words)
    if len(words[0]) == 1:
        shown = shown[0].upper() + shown[1:]
    return f"{honorific.capitalize()}{dot} {shown}"


def find_name(cleaned: str) -> tuple[str | None, Sex | None]:
    """The first client name in cleaned original text, with the sex its honorific implies."""
    letters = [c for c in cleaned if c.isalpha()]
    mixed_case = any(c.isupper() for c in letters) and any(c.islower() for c in letters)
    position = 0
    while (match := _NAME_RE.search(cleaned, position)) is not None:
        # Step past the honorific only, so a rejected "Anak terlantar" can't swallow "An. G".
        position = match.end(1)
        honorific, dot, word, second = match[1], match[2], match[3], match[4]
        key = honorific.lower()
        if key == "an" and not dot:
            continue  # "An." abbreviates anak only with its dot
        if key == "anak" and not (
            mixed_case
            and honorific[0] == "A"
            and _STARTS_CLAUSE_RE.search(cleaned[: match.start()])
        ):
            continue  # "Anak Dimas" opens a sentence; "LKS Anak Harapan" is an institution
        previous = words_before(cleaned.lower(), match.start(), 1)
        if previous and previous[-1] in _GREETINGS:
            continue
        if not _name_word(word, mixed_case):
            continue
        if second and (second.lower() in NOT_NAMES or not mixed_case):
            second = None
        return _display(honorific, dot, word, second), HONORIFICS[key]
    bare = _BARE_NAME_RE.search(cleaned)
    if bare and bare[1].lower() not in NOT_NAMES:
        return bare[1].capitalize(), None
    return None, None


def find_age(normalized: str) -> int | None:
    """The first age stated ("72th", "(35)", "umur 8"), skipping durations."""
    for match in _AGE_RE.finditer(normalized):
        value = match[1] or match[2] or match[3]
        if match[3] and any(
            w in _DURATION_WORDS for w in words_before(normalized, match.start(), 1)
        ):
            continue
        age = int(value)
        if 0 < age < 120:
            return age
    return None


def extract_client(cleaned: str, normalized: str) -> ClientResult:
    """Name, age and sex of the client from both forms of the message."""
    name, sex = find_name(cleaned)
    if sex is None:
        if _MALE_RE.search(normalized) and not _FEMALE_RE.search(normalized):
            sex = "L"
        elif _FEMALE_RE.search(normalized) and not _MALE_RE.search(normalized):
            sex = "P"
    return ClientResult(name, find_age(normalized), sex, 0.85 if name else 0.0)
