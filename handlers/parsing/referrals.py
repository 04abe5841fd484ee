"""Where the client was or will be referred or taken (storage.vocabulary.REFERRALS codes).

An institution counts only when a referral verb (rujuk, bawa, antar, serahkan, ajukan, lapor
ke, ...) leads to it within its clause; "koordinasi dgn Puskesmas" or "bersama Dinsos" names a
partner, not a destination. Dinas Sosial wins over any facility; an institution outside the
list is "lainnya".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers.parsing.normalize import clause_around
from storage.vocabulary import REFERRALS

INSTITUTIONS: dict[str, tuple[str, ...]] = {
    "dinas_sosial": (r"\bdinas\s+sosial\b", r"\bdinsos\w*\b"),
    "puskesmas": (
        r"\bpuskesmas\b",
        r"\bpkm\b",
        r"\bpustu\b",
        r"\bposkesdes\b",
        r"\bpolindes\b",
    ),
    "rumah_sakit": (
        r"\brumah\s+sakit\b",
        # RS, RSUD, RSJ, RSIA, RSHS, RSCM, RSUP, RSKO...: every hospital abbreviation
        r"\brs[a-z]{0,4}\b",
        r"\bigd\b",
    ),
    "panti": (
        r"\bpanti\b",
        r"\bps(?:tw|bn|aa|br|kw|bl)\b",
        r"\bbalai\s+(?:besar\s+)?rehab\w*\b",
        r"\bsentra\b",
        r"\brumah\s+perlindungan\s+sosial\b",
        r"\bupt\w*\s+(?:rehabilitasi|pelayanan)\s+sosial\b",
        r"\b(?:tempat\s+rehab\w*|rehab\s+narkoba)\b",
        r"\bgriya\s+werdh?a\b",
    ),
    "lks": (
        r"\blks\w{0,3}\b",
        r"\blpks\b",
        r"\blembaga\s+kesejahteraan\s+sosial\b",
        r"\byayasan\b",
        r"\brumah\s+singgah\b",
    ),
    "polisi": (
        r"\bpolisi\b|\bkepolisian\b",
        r"\b(?:ma)?pol(?:sek|res|resta|restabes|da)\b",
        r"\bunit\s+ppa\b",
        r"\bbhabinkamtibmas\b|\bspkt\b|\breskrim\b",
    ),
    "uptd_ppa": (
        r"\bupt\w*\s+ppa\b",
        r"(?<!unit\s)\bppa\b",
        r"\bp2tp2a\b",
        r"\bdp3a\w*\b|\bdppp?a\w*\b",
        r"\bdinas\s+(?:pemberdayaan\s+perempuan|pppa|p3a)\b",
        r"\bsapa\s+129\b",
    ),
    "lainnya": (
        r"\bblk\w*\b|\bbbplk\b",
        r"\b(?:dis)?dukcapil\b|\bcapil\b",
        r"\bdinkes\b|\bdinas\s+(?!sosial\b)[a-z]+\b|\bdis(?:naker|dik|perkim)\b",
        r"\bbnnk?\b|\bkua\b|\blbh\b|\bpengadilan\b|\bkejaksaan\b|\bkejari\b|\bimigrasi\b",
        r"\bbp[23]mi\b|\bsatpol(?:\s+pp)?\b|\bkemensos\b|\bkemenag\b|\bbpbd\b|\bbasarnas\b",
        r"\bbaznas\b|\blaz\w*\b|\bbpjs\b|\bklinik\b|\bpsikolog\b",
        r"\bsekolah\s+luar\s+biasa\b|\bslb\b|\b(?:pondok\s+)?pesantren\b|\bponpes\b",
        # Family centres, drug-treatment intake points, probation, witness protection...
        r"\bpuspaga\b|\bipwl\b|\bbapas\b|\blpsk\b|\bkpai\b|\blpa\b|\bbkkbn\b",
        r"\brumah\s+zakat\b|\bdompet\s+dhuafa\b|\bkantor\s+desa\b(?=\s+untuk)",
    ),
}
if set(INSTITUTIONS) != set(REFERRALS):  # the table must follow the stored vocabulary exactly
    raise ValueError("referral aliases must cover exactly the REFERRALS codes")

_PATTERNS = {
    code: re.compile("|".join(f"(?:{a})" for a in aliases))
    for code, aliases in INSTITUTIONS.items()
}
# Verbs after which "di <place>" is where the client now stays or is served.
_STAY_VERBS = (
    r"(?:di)?rawat|opname|(?:di)?titip\w*|(?:di)?tampung|(?:di)?tempatkan|diterima|berobat|"
    r"(?:di)?periksa|pemeriksaan|kontrol|terapi|visum|(?:meng)?urus\w*|persalinan|"
    r"(?:me)?lahirkan|bersalin|(?:di)?operasi|cuci\s+darah|hemodialisa|(?:per)?sidang\w*|(?:meng)?ambil"
)
_STAY_RE = re.compile(rf"\b(?:{_STAY_VERBS})\b")
# Verbs (any affix) that send a client somewhere.
_TRIGGER_RE = re.compile(
    r"\b(?:(?:di|me|men|mem)?rujuk\w*|rujukan|(?:di|mem)?bawa|(?:di|meng?)?antar\w*|"
    r"(?:di|meny?)?serah\w*|(?:di|meng)?ajukan|(?:di|meng)?usul\w*|usul|(?:me|di)?lapor\w*|"
    r"(?:di|me)?kirim|(?:di|meng)?evakuasi|(?:di|men)?jemput|(?:di|men|me)?dampingi|"
    r"pendampingan|konsultasi|(?:di)?arahkan|masuk|(?:di)?pulangkan|" + _STAY_VERBS + r")\b"
)
# Verbs that take their destination without "ke".
_DIRECT_RE = re.compile(r"(?:di|me|men|mem)?rujuk\w*|masuk|(?:me)?lapor")
# "ke"/"di" and up to two words right before the institution ("dibawa ke kantor Dinsos",
# "diantar ke IPWL RSKO").
_LEAD_IN_RE = re.compile(r"\b(ke|di)\s+(?:[a-z0-9\-]+\s+){0,2}$")
# Words that make the institution a partner, not a destination.
_PARTNER_RE = re.compile(
    r"\b(?:koordinasi|berkoordinasi|dikoordinasikan|bersama|dengan|komunikasi|menghubungi|"
    r"dihubungi|hubungi|oleh|petugas|tim|pendamping)\b"
)
_FUTURE_RE = re.compile(
    r"\b(?:besok|lusa|akan|rencana\w*|nanti|segera|hendak|mau|depan|dijadwalkan)\b"
)


@dataclass(frozen=True)
class ReferralResult:
    """The referral code (or None), how sure we are, and whether it is only planned."""

    referral: str | None
    confidence: float
    planned: bool = False


def _mentions(text: str) -> list[tuple[int, int, str]]:
    """Every institution named, as (start, end, code); longer names shadow shorter ones."""
    found: list[tuple[int, int, str]] = []
    for code, pattern in _PATTERNS.items():
        found.extend((m.start(), m.end(), code) for m in pattern.finditer(text))
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    kept: list[tuple[int, int, str]] = []
    for start, end, code in found:
        if kept and start < kept[-1][1]:
            continue  # "unit ppa polres" is one police mention, not also a PPA one
        kept.append((start, end, code))
    return kept


def _is_destination(text: str, start: int, end: int) -> bool:
    """True when a referral verb in the same clause leads to the institution at `start`."""
    left, _ = clause_around(text, start, end)
    verbs = list(_TRIGGER_RE.finditer(text, left, start))
    if not verbs:
        return False
    verb = verbs[-1]  # the nearest verb: "diserahkan ke keluarga didampingi Dinsos"
    gap = text[verb.end() : start]
    if not gap.strip():
        # Right after the verb only a sending verb takes a destination ("rujuk RS", "masuk
        # panti", "lapor polisi"); after "urus" it is the thing handled ("urus BPJS") and after
        # "didampingi"/"dijemput" it is the agent ("didampingi Dinsos").
        return bool(_DIRECT_RE.fullmatch(verb[0]))
    lead_in = _LEAD_IN_RE.search(gap)
    if lead_in is None or _PARTNER_RE.search(lead_in[0]):
        return False  # no "ke"/"di" before it, or "di bandara bersama Dinsos"
    # After "di" only a stay verb makes it a destination ("dirawat di RSUD"); "pelatihan di
    # BLK" is where training was held.
    return lead_in[1] == "ke" or bool(_STAY_RE.search(text, left, verb.end() + lead_in.start()))


def extract_referral(text: str) -> ReferralResult:
    """The referral destination of a normalised message, or None when none is named."""
    chosen: list[tuple[int, str, bool]] = []
    for start, end, code in _mentions(text):
        if _is_destination(text, start, end):
            left, _ = clause_around(text, start, end)
            chosen.append((start, code, bool(_FUTURE_RE.search(text, left, start))))
    if not chosen:
        return ReferralResult(None, 0.0)
    if any(code == "dinas_sosial" for _, code, _ in chosen):
        planned = all(p for _, code, p in chosen if code == "dinas_sosial")
        return ReferralResult("dinas_sosial", 0.9, planned)
    specific = [item for item in chosen if item[1] != "lainnya"]
    # In a chain ("ke puskesmas lalu dirujuk ke RSUD") the last destination is where they went.
    _, code, planned = (specific or chosen)[-1]
    return ReferralResult(code, 0.85 if specific else 0.6, planned)


def institution_of(text: str) -> str | None:
    """The institution a short normalised answer names ("rsud kota" -> rumah_sakit), if any.

    Dinas Sosial wins over a facility named with it, as in a report.
    """
    codes = [code for _, _, code in _mentions(text)]
    if not codes:
        return None
    return "dinas_sosial" if "dinas_sosial" in codes else codes[0]
