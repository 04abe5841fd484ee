"""What the PSM did (ACTIVITY_TYPES code) and whether the report is a case or an activity.

A case is about specific people with a problem to handle (named, aged, taken somewhere); an
activity is a program serving a group (distribution, data collection, meeting). Both are
decided by weighing evidence, not by the first keyword, because one message often names both
("dampingi penyaluran BPNT, 32 KPM" is a program even though "dampingi" is an escort verb).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from handlers.parsing.categories import DISASTER_CODES, is_topic
from handlers.parsing.normalize import clause_around, words_before
from storage.vocabulary import ACTIVITY_TYPES

Kind = Literal["activity", "case"]

# Words for each program type, matched on normalised text.
PROGRAM_WORDS: dict[str, str] = {
    "bencana": (
        r"\bbencana\b|\bbanjir|\blongsor|\bgempa|\bkebakaran|\bterbakar|\bputing\s+beliung|"
        r"\btsunami|\berupsi|\bkonflik\s+sosial|\bkerusuhan|\babrasi|\bdilalap\s+api|"
        r"\bangin\s+(?:kencang|ribut|topan)|\bpohon\s+tumbang|\btertimpa\s+pohon|"
        r"\bhujan\s+(?:deras|lebat|badai)|\b(?:diterjang|terjangan)\s+(?:banjir|angin|ombak)"
    ),
    "permakanan": (
        r"\bpermakanan|\bmakan\s+bersama|\bnasi\s+(?:box|kotak|bungkus)|\bpokmas\b|"
        r"\bmakanan\s+siap\s+saji|\b(?:paket|antar|distribusi)\s+makan"
    ),
    "kube": r"\bkube\b|\bkelompok\s+usaha\s+bersama|\buep\b|\busaha\s+ekonomi\s+produktif",
    "rapat": (
        r"\brapat\b|\brakor\b|\bpertemuan\b|\bmusyawarah\b|\bmusdes\b|\bmusrenbang\w*|"
        r"\bbriefing\b|\baudiensi\b|\brembug\b|\bsarasehan\b"
    ),
    "sosialisasi": (
        r"\bsosialisasi|\bpenyuluhan|\bedukasi|\bkampanye\b|\bparenting\b|"
        r"\b(?:memberikan|penyampaian)\s+informasi"
    ),
    "pelatihan": (
        r"\bpelatihan|\bbimtek\b|\bbimbingan\s+teknis|\bdiklat\b|\bworkshop\b|\btraining\b|"
        r"\bpeningkatan\s+kapasitas|\bkursus\b|\bmagang\b"
    ),
    "verval": (
        r"\bverval\b|\bverifikasi|\bvalidasi|\bpendataan|\bmendata\b|\bdidata\b|\bdata\s+ulang|"
        r"\bpemutakhiran|\bupdate\s+data|\binput\s+data|\bsurvei\b|\bsurvey\b|\bsensus\b|"
        r"\bregsosek\b|\bp3ke\b|\bidentifikasi|\b(?:kami|saya|sudah|untuk)\s+data\b"
    ),
    "bansos": (
        r"\bpenyaluran|\b(?:me(?:ny|n))?salurkan|\bdisalurkan|\bpendistribusian|\bdistribusi\w*|"
        r"\bpencairan|\bsantunan|"
        r"\b(?:penyerahan|pemberian|pembagian|bagi\w*|serahkan|menyerahkan)\s+"
        r"(?:bantuan|sembako|beras|paket)"
    ),
}
# Aid program names say which program, not what was done with it ("sosialisasi PKH", "PKH
# ... sdh kami verifikasi"); they make the report a distribution only when no act is named.
_AID_PROGRAM_RE = re.compile(
    r"\bbansos\b|\bbpnt\b|\bpkh\b|\bblt\b|\bbst\b|\bkpm\b|\bbantuan\s+(?:pangan|langsung)|"
    r"\bsembako\b|\be-?warong"
)
# Types that make another found type part of themselves: sembako handed out in a flood is
# disaster relief, a training for a KUBE group is KUBE mentoring.
ABSORBS: dict[str, frozenset[str]] = {
    "bencana": frozenset({"verval", "bansos", "permakanan"}),
    "permakanan": frozenset({"bansos"}),
    "kube": frozenset({"pelatihan", "bansos"}),
}
_VISIT_RE = re.compile(
    r"\bkunjung\w*|\bmengunjungi|\bberkunjung|\bdikunjungi|\bhome\s+visit|\bvisit\b|"
    r"\bjenguk|\bmenjenguk|\bbesuk\b|\bsambang|\basesmen|\bassess?ment|\bcek\s+kondisi|"
    r"\bmelihat\s+kondisi|\bmonitoring\b|"
    # "pergi ke rumah Cik Ros", "datang ke rumah klien": a home visit in other words
    r"\b(?:pergi|datang|mampir|singgah|main)\s+(?:kami\s+|saya\s+)?ke\s+rumah\b"
)
# Physically taking, escorting or rescuing a client.
_HANDLING_RE = re.compile(
    r"\b(?:di|meng)?evakuasi\b|\bdibawa\b|\bmembawa\b|\bbawa\b|\b(?:di|meng?)antar\w*|\bantar\b|"
    r"\b(?:di|meny?)?serah\w*|\b(?:di|meng)?amankan\b|\b(?:di|men)?jemput\b|\bpenjangkauan\b|"
    r"\b(?:di|men)?jangkau\b|\brazia\b|\b(?:di|me)?mulangkan\b|\bpemulangan\b|\breunifikasi\b|"
    r"\bpenyelamatan\b|\bdiselamatkan\b|\bditampung\b|\bdititipkan\b|\bvisum\b|"
    # "bantu urus BPJS ke kantor BPJS": taking care of it at a service, with the client
    r"\b(?:meng|di)?urus\w*\s+(?:[a-z0-9\-]+\s+){0,3}?ke\s+(?:kantor|dinas|rumah\s+sakit)\b"
)
# Accompanying a client; "dampingi tim Dinsos" accompanies officials, not a client.
_ESCORT_RE = re.compile(
    r"\b(?:dampingi|mendampingi|didampingi|pendampingan)\b"
    r"(?!\s+(?:tim|petugas|pendamping|pekerja|dinas|dinsos|tksk|penyaluran|pengambilan|"
    r"kegiatan|kube|penyusunan|warga))"
)
_REFERRED_RE = re.compile(r"\b(?:di|me)?rujuk\w*\b")
# A verb after these is a plan or a purpose ("rencana diantar", "utk pendampingan"), not done.
_FUTURE_RE = re.compile(
    r"\b(?:besok|lusa|akan|rencana\w*|nanti|segera|hendak|mau|belum|untuk|agar|supaya)\b"
)
_PROBLEM_RE = re.compile(
    r"\bkondisi\b|\bsakit|\bbutuh|\bmembutuhkan|\bminta\s+(?:bantuan|tolong)|\btinggal\s+sendiri|"
    r"\bsebatang\s+kara|\b(?:ng|meng)amuk|\bmeninggal|\bterlantar|\bditelantarkan|\bkehilangan|"
    r"\bputus\s+(?:sekolah|obat)|\b(?:belum|tidak)\s+punya|\btidak\s+mampu|\bbermasalah|"
    r"\bditemukan|\bdianiaya|\bdipukul|\bresah|\bgizi\s+buruk|\btidak\s+makan|\btidak\s+dikenal|"
    r"\bdiintimidasi|\bdideportasi|\bkasus\b|\bditinggal\w*"
)
_GROUP_RE = re.compile(
    r"\bwarga\b|\bpeserta\b|\bmasyarakat\b|\bibu-ibu\b|\bkader\b|\bremaja\b|\banggota\b|"
    r"\bkpm\b|\bse-?(?:kecamatan|kelurahan|desa|kabupaten|kota)\b|\bpelajar\b|\bsiswa\b"
)
# Community work that is none of the program types but clearly reported work ("lainnya").
_OTHER_RE = re.compile(
    r"\bkerja\s+bakti|\bgotong\s+royong|\bbakti\s+sosial|\bbaksos\b|\bdonor\s+darah|\bposyandu|"
    r"\bvaksin\w*|\bbpjs\b|\bkis\b|\bktp\b|\badminduk|\bakta\b|\blomba\b|\bperingatan\b|"
    r"\bupacara\b|\bpengajian\b|\bcek\s+kesehatan|\burus\w*"
)
# Coordination is a meeting only when nothing else was done ("Rapat / koordinasi").
_COORDINATION_RE = re.compile(r"\b(?:ber)?koordinasi\b")
_GOODS_RE = re.compile(
    r"\s+(?:barang|harta|perabot\w*|dokumen|surat|ternak|kendaraan|motor|bantuan|logistik)\b"
)
# Words before a program that say it did not happen or is what the client lacks.
_NEGATIONS = frozenset({"tidak", "belum", "bukan", "tanpa", "tak"})
_SUBJECT_WORDS = frozenset(
    {"bahas", "membahas", "tentang", "mengenai", "terkait", "soal", "info", "informasi"}
)
_PLANNED_RE = re.compile(r"\b(?:rencana\w*|akan|direncanakan|dijadwalkan|hendak)\b")
_CANCELLED_RE = re.compile(r"\b(?:dibatalkan|batal|ditunda|diundur|tidak\s+jadi|gagal)\b")
_FIRE_RE = re.compile(r"\bkebakaran\b|\bterbakar\b|\bdilalap\s+api\b")
_PATTERNS = {code: re.compile(words) for code, words in PROGRAM_WORDS.items()}
if not set(_PATTERNS) < set(ACTIVITY_TYPES):  # the table must use stored codes only
    raise ValueError("activity words must map to ACTIVITY_TYPES codes")


@dataclass(frozen=True)
class Evidence:
    """What the other extractors found that bears on kind and type."""

    ppks: int | None
    ppks_strong: bool
    count: int | None
    has_referral: bool
    has_name: bool
    has_age: bool


@dataclass(frozen=True)
class ActivityResult:
    """Kind and activity type, with confidence for each."""

    kind: Kind
    activity_type: str
    kind_confidence: float
    type_confidence: float
    type_evidence: bool


def _done(text: str, match: re.Match[str]) -> bool:
    """True unless the verb is a plan ("besok dirujuk", "rencana diantar")."""
    left, _ = clause_around(text, match.start(), match.end())
    return not _FUTURE_RE.search(text, left, match.start())


def _background(text: str, match: re.Match[str]) -> bool:
    """True when a program is only named: negated, cancelled, planned or what one lacks."""
    if any(word in _NEGATIONS for word in words_before(text, match.start(), 3)):
        return True  # "tidak dapat bansos", "bukan penyaluran", "belum terima PKH"
    if any(word in _SUBJECT_WORDS for word in words_before(text, match.start(), 1)):
        return True  # "bahas PKH", "info BPNT": the subject talked about
    left, right = clause_around(text, match.start(), match.end())
    if _CANCELLED_RE.search(text, left, right):
        return True
    # "Rencana diusulkan ke PKH bulan depan": a plan, not the work reported.
    return bool(_PLANNED_RE.search(text, left, match.start()))


def program_types(text: str) -> dict[str, int]:
    """Program types named in the text with their first position, minus absorbed ones."""
    found: dict[str, int] = {}
    for code, pattern in _PATTERNS.items():
        for match in pattern.finditer(text):
            if not is_topic(text, match.start()) and not _background(text, match):
                found[code] = match.start()
                break
    if not found:
        for program in _AID_PROGRAM_RE.finditer(text):
            if not _background(text, program):
                found["bansos"] = program.start()
                break
    absorbed = set().union(*(ABSORBS.get(code, frozenset()) for code in found))
    return {code: pos for code, pos in found.items() if code not in absorbed}


def _people_handled(text: str) -> bool:
    """True when a handling verb in the text moves people, not goods ("evakuasi barang")."""
    return any(
        _done(text, m) and not _GOODS_RE.match(text, m.end()) for m in _HANDLING_RE.finditer(text)
    )


def _handling(text: str) -> tuple[bool, bool, bool]:
    """(physical handling done, escorting done, referral done) in the text."""
    physical = any(_done(text, m) for m in _HANDLING_RE.finditer(text))
    escort = any(_done(text, m) for m in _ESCORT_RE.finditer(text))
    referred = any(_done(text, m) for m in _REFERRED_RE.finditer(text))
    return physical, escort, referred


def classify(text: str, evidence: Evidence) -> ActivityResult:
    """Kind and activity type of a normalised message."""
    programs = program_types(text)
    disaster = evidence.ppks in DISASTER_CODES and "bencana" in programs
    physical, escort, referred = _handling(text)
    visit = bool(_VISIT_RE.search(text))

    if disaster:
        fire = bool(_FIRE_RE.search(text))
        # Relief to an area is a program; a fire that took a few named households is a case.
        small = evidence.count is None or evidence.count <= 5
        kind: Kind = "case" if evidence.has_name or (fire and small) else "activity"
        if kind == "case" and _people_handled(text):
            # Evacuating or sheltering particular victims is handling them (DESIGN).
            return ActivityResult(kind, "penanganan", 0.8, 0.8, True)
        return ActivityResult(kind, "bencana", 0.8, 0.9, True)

    case_score = 3 * evidence.has_name + evidence.has_age + 2 * physical + escort + visit
    case_score += bool(_PROBLEM_RE.search(text)) + evidence.has_referral
    case_score += evidence.ppks is not None and evidence.ppks_strong
    non_visit = {c: p for c, p in programs.items() if c != "bencana"}
    activity_score = 3 * bool(non_visit) + bool(_GROUP_RE.search(text))
    activity_score += evidence.count is not None and evidence.count >= 5
    kind = "case" if case_score > activity_score else "activity"
    margin = abs(case_score - activity_score)
    kind_conf = min(0.95, 0.55 + 0.1 * margin)

    if kind == "case":
        if physical or escort or (referred and not visit):
            return ActivityResult(kind, "penanganan", kind_conf, 0.8, True)
        return ActivityResult(kind, "kunjungan", kind_conf, 0.8 if visit else 0.5, visit)
    if non_visit:
        code = min(non_visit, key=lambda c: non_visit[c])
        return ActivityResult(kind, code, kind_conf, 0.85 if len(non_visit) == 1 else 0.7, True)
    if _COORDINATION_RE.search(text):
        return ActivityResult(kind, "rapat", kind_conf, 0.6, True)
    if physical:
        return ActivityResult(kind, "penanganan", kind_conf, 0.6, True)
    if visit:
        return ActivityResult(kind, "kunjungan", kind_conf, 0.6, True)
    other = bool(_OTHER_RE.search(text))
    return ActivityResult(kind, "lainnya", kind_conf, 0.6 if other else 0.0, other)
