"""People or households reached ("32 KPM", "hadir 28 PSM", "tiga KK"), never an age, RT or time."""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers.parsing.lexicon import (
    APPROXIMATE_AFTER_RE,
    APPROXIMATE_RE,
    NUMBER_WORDS_RE,
    VAGUE_AMOUNTS,
    words_to_number,
)
from handlers.parsing.normalize import mask, words_before

_NUMBER = rf"\b(\d{{1,3}}(?:\.\d{{3}})+|\d{{1,5}}|{NUMBER_WORDS_RE})(?![\w])"

# Who or what a PSM counts when reporting reach; the unit words right after the number.
PEOPLE_UNITS = (
    "orang", "jiwa", "kk", "kepala keluarga", "kpm", "keluarga", "rumah tangga", "rts",
    "peserta", "anggota", "warga", "lansia", "lanjut usia", "manula", "anak-anak", "anak",
    "balita", "bayi", "ibu-ibu", "ibu", "bapak-bapak", "bapak", "remaja", "pemuda", "siswa",
    "siswi", "pelajar", "murid", "santri", "mahasiswa", "psm", "kader", "tksk", "pendamping",
    "relawan", "penerima", "pemulung", "pengemis", "gelandangan", "gepeng", "anjal", "odgj",
    "odha", "penyandang", "disabilitas", "difabel", "klien", "pasien", "korban", "pengungsi",
    "jamaah", "janda", "bersaudara", "perempuan", "wanita", "laki-laki", "pria", "pedagang",
    "nelayan", "petani", "buruh", "kelompok", "kube", "penghuni", "pekerja", "napi", "tamu",
    "undangan", "nenek", "kakek", "yatim", "pmi", "tki", "tkw", "ketua", "perwakilan",
    "pendonor", "pengunjung", "kepala rumah tangga",
)  # fmt: skip
# Things handed out; a count of these stands in for households only when no people are named.
ITEM_UNITS = (
    "rumah",
    "unit",
    "porsi",
    "paket",
    "box",
    "kotak",
    "bungkus",
    "nasi",
    "kupon",
    "kunjungan",
)
_PEOPLE_ALT = "|".join(sorted(PEOPLE_UNITS, key=len, reverse=True))
_ITEM_ALT = "|".join(ITEM_UNITS)
_FILLER = r"\s*(?:-?\s*an\b)?\s*\+?\s*(?:lebih\s+)?(?:orang\s+(?=lansia|anak|warga)|calon\s+)?"
_PEOPLE_RE = re.compile(rf"(?<![\d.,/\-]){_NUMBER}{_FILLER}\b({_PEOPLE_ALT})\b")
_ITEM_RE = re.compile(rf"(?<![\d.,/\-]){_NUMBER}{_FILLER}\b({_ITEM_ALT})\b")
_FRACTION_RE = re.compile(rf"(?<![\d.,/]){_NUMBER}\s*(?:dari|/)\s*{_NUMBER}\s*({_PEOPLE_ALT})\b")
_PREFIX_RE = re.compile(
    r"\b(?:hadir|peserta|sebanyak|jumlah|total|yang\s+hadir|yang\s+datang|diikuti|dihadiri|"
    r"penerima|terdampak|sasaran|kpm)\s*(?:oleh\s+)?:?\s*(?:[a-z]+\s+){0,2}?"
    r"(?:sekitar|kurang\s+lebih|kira-kira)?"
    rf"\s*{_NUMBER}\b(?!\s*(?:tahun|bulan|hari|minggu|jam|kali|kg|km|rb|ribu|juta|persen|%))"
)
# Numbers that are ages, times, parenthesised ages and phone numbers are never counts.
_NOT_COUNT_RE = re.compile(
    r"\d{1,3}\s*(?:tahun|bulan|tahunan)\b"
    r"|\b(?:usia|umur|berusia|umurnya|usianya)\s*(?:sekitar|kira-kira|kurang\s+lebih)?\s*\d{1,3}"
    r"|\(\s*\d{1,3}\s*\)"
    r"|\b(?:jam|pukul)\s*\d{1,2}(?:[.:]\d{2})?"
    r"|\b\d{1,2}[.:]\d{2}\b(?!\.\d)"
    r"|\+?\b(?:62|0)8\d{2}[\-\s]?\d{3,4}[\-\s]?\d{2,5}\b"
)
# Words before a number that make it an identifier, not a quantity ("tahap 4", "SMPN 2").
_ID_WORDS = {
    "rt", "rw", "tahap", "dusun", "no", "nomor", "jam", "pukul", "tahun", "usia",
    "umur", "kelas", "sd", "smp", "smpn", "sma", "sman", "smk", "sdn", "lingkungan", "blok",
    "gang", "lantai", "pos", "km", "periode", "angkatan", "jilid", "pasal",
}  # fmt: skip
# "anaknya 4 orang", "cucunya 2": members of the client's family.
_MEMBER_WORDS = {"anaknya", "anak-anaknya", "cucunya", "cucu", "tanggungannya", "adiknya"}
# "janda, 3 anak" describes a household's members, not people the PSM reached.
_FAMILY_WORDS = {
    "punya", "memiliki", "mempunyai", "beranak", "tanggungan", "menanggung", "janda", "duda",
    "ayah", "bapak", "ibu", "dengan", "menghidupi", "anaknya",
}  # fmt: skip


_VAGUE_RE = re.compile(
    r"\b(" + "|".join(VAGUE_AMOUNTS) + rf")\s+(?:orang\s+)?(?:{'|'.join(PEOPLE_UNITS)})\b"
)


@dataclass(frozen=True)
class CountResult:
    """The stated count, how sure we are, the unit word, and whether it is only a guess."""

    count: int | None
    confidence: float
    unit: str | None = None
    approximate: bool = False


def to_int(token: str) -> int:
    """'1.200' -> 1200, 'dua puluh' -> 20, 'seratus dua puluh' -> 120, '32' -> 32."""
    if token[:1].isdigit():
        return int(token.replace(".", ""))
    return words_to_number(token) or 0


def _approximate(text: str, start: int, end: int) -> bool:
    """True when words around the number make it a guess ("sekitar 30", "20an", "40+")."""
    return bool(
        APPROXIMATE_RE.search(text[max(0, start - 24) : start])
        or APPROXIMATE_AFTER_RE.match(text[end:])
        or re.search(r"\d\s*-?\s*an\b|\+", text[start:end])
    )


def _identifier(text: str, start: int) -> bool:
    """True when the word right before the number names what it numbers ("tahap 4")."""
    before = words_before(text, start, 1)
    if not before or before[-1] not in _ID_WORDS:
        return False
    # "kantor pos, seratus KPM": punctuation between them ends the identifier.
    return not re.search(r"[.,;:!?]", text[text.rfind(before[-1], 0, start) : start])


def extract_count(text: str, skip: list[tuple[int, int]]) -> CountResult:
    """The count in a normalised message; `skip` holds spans already read as dates or RT/RW."""
    spans = list(skip) + [m.span() for m in _NOT_COUNT_RE.finditer(text)]
    text = mask(text, spans)
    candidates: list[tuple[int, int, float, str | None, bool]] = []
    fractions: list[tuple[int, int]] = []
    for match in _FRACTION_RE.finditer(text):
        fractions.append(match.span())
        approx = _approximate(text, match.start(), match.end(1))
        candidates.append((match.start(), to_int(match[1]), 0.85, match[3], approx))
    for match in _PEOPLE_RE.finditer(text):
        if any(s <= match.start() < e for s, e in fractions) or _identifier(text, match.start()):
            continue
        unit = match[2]
        if unit == "anak" and any(w in _FAMILY_WORDS for w in words_before(text, match.start(), 2)):
            continue
        if any(w in _MEMBER_WORDS for w in words_before(text, match.start(), 1)):
            unit = "anak"  # "anaknya 4 orang": the family's members, not people reached
        approx = _approximate(text, match.start(), match.end(1)) or _approximate(
            text, match.start(), match.end()
        )
        candidates.append((match.start(), to_int(match[1]), 0.9, unit, approx))
    for match in _PREFIX_RE.finditer(text):
        value = to_int(match[1])
        if not 1900 <= value <= 2100:  # "KPM BLT DD 2026" names a year, not a count
            approx = _approximate(text, match.start(1), match.end(1)) or bool(
                re.search(r"sekitar|kurang\s+lebih|kira-kira", match[0])
            )
            candidates.append((match.start(), value, 0.8, None, approx))
    if not candidates:
        for match in _ITEM_RE.finditer(text):
            if not _identifier(text, match.start()):
                approx = _approximate(text, match.start(), match.end(1))
                candidates.append((match.start(), to_int(match[1]), 0.6, match[2], approx))
    candidates = [c for c in candidates if 0 < c[1] < 100_000]
    if not candidates:
        vague = _VAGUE_RE.search(text)
        return CountResult(None, 0.0, vague[2] if vague else None, approximate=bool(vague))
    _, count, confidence, unit, approx = min(candidates, key=lambda c: c[0])
    # A guess is kept, but said to be one: the summary shows "sekitar 20".
    return CountResult(count, min(confidence, 0.6) if approx else confidence, unit, approx)
