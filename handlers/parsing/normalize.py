"""Turn a WhatsApp-style Indonesian message into plain lower-case words the rules can match.

Every other module works on the string this returns, so that positions found by one rule
(a date, an RT number) can be used by another (counts must skip them).
"""

from __future__ import annotations

import re

from handlers.parsing.lexicon import ENGLISH_PHRASES, REGIONAL

# Chat shorthand and regional spellings mapped to the standard word. Kept to words that are
# unambiguous in a PSM report; the rules downstream then only need to know one spelling.
SLANG: dict[str, str] = {
    "dgn": "dengan",
    "dg": "dengan",
    "dng": "dengan",
    "yg": "yang",
    "yng": "yang",
    "utk": "untuk",
    "untk": "untuk",
    "sdh": "sudah",
    "sdah": "sudah",
    "sudh": "sudah",
    "udh": "sudah",
    "udah": "sudah",
    "blm": "belum",
    "blum": "belum",
    "belom": "belum",
    "org": "orang",
    "orng": "orang",
    "tgl": "tanggal",
    "tggl": "tanggal",
    "tgll": "tanggal",
    "kmrn": "kemarin",
    "kmrin": "kemarin",
    "kmren": "kemarin",
    "kmarin": "kemarin",
    "kmaren": "kemarin",
    "kemaren": "kemarin",
    "kemarn": "kemarin",
    "td": "tadi",
    "tdi": "tadi",
    "hr": "hari",
    "bsk": "besok",
    "smlm": "semalam",
    "mlm": "malam",
    "tdk": "tidak",
    "gak": "tidak",
    "ga": "tidak",
    "gk": "tidak",
    "ngga": "tidak",
    "nggak": "tidak",
    "enggak": "tidak",
    "krn": "karena",
    "krna": "karena",
    "karna": "karena",
    "dr": "dari",
    "jg": "juga",
    "bbrp": "beberapa",
    "ortu": "orang tua",
    "thn": "tahun",
    "th": "tahun",
    "thun": "tahun",
    "bln": "bulan",
    "mgg": "minggu",
    "jln": "jalan",
    "jl": "jalan",
    "dsn": "dusun",
    "ds": "desa",
    "kab": "kabupaten",
    "kel": "kelurahan",
    "kec": "kecamatan",
    "prov": "provinsi",
    "rmh": "rumah",
    "dpt": "dapat",
    "sbg": "sebagai",
    "ttg": "tentang",
    "msh": "masih",
    "lg": "lagi",
    "pd": "pada",
    "sy": "saya",
    "kpd": "kepada",
    "bpk": "bapak",
    "bp": "bapak",
    "sdr": "saudara",
    "sdri": "saudari",
    "jml": "jumlah",
    "jmlh": "jumlah",
    "dlm": "dalam",
    "sblm": "sebelum",
    "stlh": "setelah",
    "tsb": "tersebut",
    "pkl": "pukul",
    "bnyk": "banyak",
    "sktr": "sekitar",
    "skitar": "sekitar",
    "kurleb": "kurang lebih",
    "ijin": "izin",
    "skrg": "sekarang",
    "skrng": "sekarang",
    "mhn": "mohon",
    "dampingin": "dampingi",
    "anter": "antar",
    "anterin": "antar",
    "nganter": "antar",
    "nganterin": "antar",
    "dianter": "diantar",
    "dianterin": "diantar",
    "dibawain": "dibawa",
    "kunjungin": "kunjungi",
    "pusk": "puskesmas",
    "seorang diri": "sendiri",
}
# Regional and English words (lexicon) join the chat shorthand; shorthand wins on a clash.
WORDS: dict[str, str] = {**REGIONAL, **SLANG}

_SLANG_RE = re.compile(r"\b(" + "|".join(sorted(WORDS, key=len, reverse=True)) + r")\b")
# Betawi and Malay write the suffix -nya as -nye ("rumahnye", "emaknye").
_NYE_RE = re.compile(r"(?<=[a-z]{2})nye\b")
# "RT03RW08": the RW written straight after the RT number.
_JOINED_RW_RE = re.compile(r"(?<=\d)(?=(?:rt|rw)\.?\d)")
# Symbols and emoji carry no field; keep letters, digits and the punctuation rules rely on.
_SYMBOLS_RE = re.compile(r"[^\w\s.,;:!?()/\-&+'\"]")
_QUOTES_RE = re.compile(r"[\u2018\u2019\u201a\u201b`´]")
_INNER_APOSTROPHE_RE = re.compile(r"(?<=[a-z])'(?=[a-z])")
_ATAS_NAMA_RE = re.compile(r"\ba\s?\.\s?n\b\.?")
_SAMPAI_RE = re.compile(r"\bs\s?/\s?d\b\.?")
# The dot after these abbreviations is not a sentence end; dropping it keeps clauses whole.
_ABBREV_DOT_RE = re.compile(
    r"\b(kel|kec|kab|kota|prov|jl|jln|ds|dsn|sdr|sdri|an|bpk|bp|pak|bu|ibu|ny|tn|nn|dr|no|"
    r"tgl|rt|rw|kp|lingk|gg|pkl|hr|th|thn|yth|dll|dsb|mbah|nek|kak|pusk|ki|mak)\."
)
# "kira2" and "anak2" write a reduplicated word; expand before the digit would read as a number.
_REDUP_RE = re.compile(r"\b(?!rt\b|rw\b|no\b)([a-z]{3,})2\b")
_NUMBER_LETTERS_RE = re.compile(r"\b(\d+)([a-z]+)\b")
_LETTERS_NUMBER_RE = re.compile(
    r"\b(rt|rw|tanggal|tgl|no|usia|umur|jam|pukul|pkl|dusun|lingk|tahap)(\d+)\b"
)
_SPACES_RE = re.compile(r"[ \t\r\f\v]+")
_NEWLINES_RE = re.compile(r"\s*\n\s*")


def clean(text: str) -> str:
    """Drop emoji and odd symbols and collapse whitespace, keeping the original case."""
    text = _QUOTES_RE.sub("'", text)
    text = _SYMBOLS_RE.sub(" ", text)
    text = _NEWLINES_RE.sub(". ", text.strip())
    return _SPACES_RE.sub(" ", text).strip()


def normalize(text: str) -> str:
    """Lower-case, de-slanged, single-spaced text that all extraction rules match against."""
    text = clean(text).lower()
    text = _INNER_APOSTROPHE_RE.sub("", text)
    text = _ATAS_NAMA_RE.sub(" atas nama ", text)
    text = _SAMPAI_RE.sub(" sampai ", text)
    text = _ABBREV_DOT_RE.sub(r"\1 ", text)
    text = _JOINED_RW_RE.sub(" ", text)
    text = _REDUP_RE.sub(r"\1-\1", text)
    text = _NUMBER_LETTERS_RE.sub(r"\1 \2", text)
    text = _LETTERS_NUMBER_RE.sub(r"\1 \2", text)
    for pattern, replacement in ENGLISH_PHRASES:
        text = pattern.sub(replacement, text)
    text = _NYE_RE.sub("nya", text)
    text = _SLANG_RE.sub(lambda m: WORDS[m.group(1)], text)
    return _SPACES_RE.sub(" ", text).strip()


# Punctuation ends a clause; so do the words that chain one action to the next, so that
# "koordinasi dgn puskesmas, lalu dibawa ke RSJ" keeps the two actions apart.
_CLAUSE_END_RE = re.compile(r"[.,;!?]|\s(?:lalu|kemudian|lanjut|dan|&|serta)\s")
_SENTENCE_END_RE = re.compile(r"[.;!?]")
_WORD_RE = re.compile(r"[a-z0-9\-/]+")


def clause_around(text: str, start: int, end: int, *, sentence: bool = False) -> tuple[int, int]:
    """Bounds of the clause (or, with `sentence`, the sentence) holding text[start:end]."""
    pattern = _SENTENCE_END_RE if sentence else _CLAUSE_END_RE
    left = 0
    for match in pattern.finditer(text, 0, start):
        left = match.end()
    found = pattern.search(text, end)
    right = found.start() if found else len(text)
    return left, right


def words_before(text: str, pos: int, count: int) -> list[str]:
    """Up to `count` whole words right before `pos`, nearest last."""
    start = max(0, pos - 24 * count)
    words = _WORD_RE.findall(text, start, pos)
    if words and start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        words = words[1:]  # the slice cut a word in half
    return words[-count:]


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace the given spans with spaces, keeping every other position where it was."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
