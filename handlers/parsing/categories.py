"""The PPKS category (1..26, storage.vocabulary.PPKS) of the client group a message names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers.parsing.normalize import words_before
from storage.vocabulary import PPKS

# A child marker followed, within a short stretch of the same sentence, by the problem word:
# "anak disabilitas", "An. Rafa (7 th, cerebral palsy)", "anak putus sekolah & terlantar".
_CHILD = r"\b(?:anak|an|bocah)\b[^.;]{0,60}?\b"
_DISABILITY = (
    r"(?:disabilitas|difabel|penyandang\s+cacat|cacat|berkebutuhan\s+khusus|autis\w*|"
    r"cerebral\s+palsy|down\s+syndrome|tuna\s?(?:netra|rungu|wicara|daksa|grahita)|lumpuh|"
    r"hiperaktif|adhd|keterbelakangan\s+mental|gangguan\s+perkembangan)"
)
_VIOLENCE = (
    r"(?:kekerasan|pencabulan|dicabuli|pelecehan|penganiayaan|dianiaya|kdrt|bullying|"
    r"perundungan|pemerkosaan|perkosaan|diperkosa|persetubuhan)"
)

# Aliases per category: formal names, acronyms, and the words PSM use in chat.
ALIASES: dict[int, tuple[str, ...]] = {
    1: (
        r"\b(?:anak\s+)?balita\b[^.;]{0,30}?\b(?:terlantar|ditelantarkan|ditinggal\w*|dibuang)",
        r"\bbayi\b[^.;]{0,30}?\b(?:terlantar|ditelantarkan|ditinggal\w*|dibuang|ditemukan)",
        r"\bditemukan\s+(?:seorang\s+)?bayi\b",
    ),
    2: (
        _CHILD
        + r"(?:terlantar|ditelantarkan|penelantaran|tidak\s+terurus|yatim\s+piatu|putus\s+sekolah)",
        r"\banak\s+yatim\s+piatu\b",
        r"\byatim\s+piatu\b",
    ),
    3: (
        r"\babh\b",
        r"\b(?:berhadapan|berkonflik)\s+dengan\s+hukum\b",
        r"\banak\s+pelaku\b|\bpelaku\s+anak\b|\bdiversi\b",
        _CHILD + r"(?:pelaku|ditangkap|ditahan|mencuri|tawuran|"
        r"terlibat\s+(?:kasus|tawuran|pencurian))",
    ),
    4: (
        r"\banjal\b",
        r"\banak\s+(?:jalanan|punk)\b",
        r"\bpengamen\s+anak\b",
        r"\banak\s+(?:yang\s+)?(?:mengamen|ngamen)\b",
    ),
    5: (r"\badk\b", _CHILD + _DISABILITY),
    6: (
        _CHILD + r"(?:korban\s+" + _VIOLENCE + r"|(?:sering\s+)?(?:dipukul\w*|disiksa|"
        r"dianiaya|dicabuli|diperkosa|dilecehkan|ditendang))",
        _VIOLENCE + r"\s+(?:seksual\s+)?(?:terhadap|pada|kepada)\s+anak\b",
        r"\bkorban\s+(?:pencabulan|persetubuhan)\b[^.;]{0,20}?\b(?:anak|di\s+bawah\s+umur)\b",
    ),
    7: (
        r"\bperlindungan\s+khusus\b",
        r"\bampk\b",
        r"\b(?:perkawinan|pernikahan)\s+(?:anak|dini|usia\s+anak)\b",
        r"\bnikah\s+dini\b|\bdinikahkan\b",
        r"\beksploitasi\s+anak\b|\bpekerja\s+anak\b|\banak\s+korban\s+eksploitasi\b",
    ),
    8: (
        r"\blansia\b",
        r"\blanjut\s+usia\b",
        r"\bmanula\b",
        r"\bjompo\b",
        r"\bnenek-nenek\b|\bkakek-kakek\b",
        r"\b(?:nenek|kakek|mbah|opung|oma|opa)\b",
    ),
    9: (
        r"\bdisabilitas\b|\bdifabel\b|\bpenyandang\s+cacat\b|\bcacat\b",
        r"\bodgj\b|\bgangguan\s+(?:jiwa|mental)\b|\borang\s+gila\b|\bpsikotik\b",
        r"\bskizofrenia\b|\bdipasung\b|\bpasung\b",
        r"\blumpuh\b|\btuna\s?(?:netra|rungu|wicara|daksa|grahita)\b|\bamputasi\b",
    ),
    10: (
        r"\btuna\s?susila\b",
        r"\bpsk\b|\bwts\b|\bpekerja\s+seks\b|\bpenjaja\s+seks\b",
        r"\bprostitusi\b|\bpelacur\w*\b",
    ),
    11: (r"\bgelandangan\b", r"\bgepeng\b", r"\btuna\s?wisma\b"),
    12: (r"\bpengemis\b", r"\bmengemis\b", r"\bpeminta-minta\b|\bminta-minta\b"),
    13: (r"\bpemulung\b", r"\bmemulung\b"),
    14: (r"\bminoritas\b", r"\bwaria\b|\btranspuan\b"),
    15: (
        r"\b(?:mantan|eks|bekas)\s+(?:napi|narapidana|warga\s+binaan|wbp|tahanan)\b",
        r"\bbwblp\b|\bresidivis\b",
        r"\b(?:bebas|keluar)\s+(?:dari\s+)?(?:lapas|penjara|rutan)\b",
    ),
    16: (r"\bodha\b", r"\bhiv(?:\s*/\s*aids)?\b|\baids\b", r"\barv\b"),
    17: (
        r"\bnapza\b|\bnarkoba\b|\bnarkotika\b",
        r"\bpecandu\b|\bsabu(?:-sabu)?\b|\bganja\b|\bputaw\b",
        r"\b(?:pengguna|pemakai)\s+(?:narkoba|sabu|ganja|obat)\b",
        r"\b(?:ng|meng)?elem\b|\bhirup\s+lem\b|\blem\s+(?:aibon|aica)\b",
    ),
    18: (
        r"\btraf+[ie]cking\b|\btrafiking\b",
        r"\bperdagangan\s+(?:orang|manusia)\b",
        r"\btppo\b",
    ),
    19: (
        r"\bkdrt\b|\bkekerasan\s+dalam\s+rumah\s+tangga\b",
        r"\bkorban\s+" + _VIOLENCE,
        r"\bdianiaya\b|\bdipukul\s+(?:suami|istri|isteri)\b",
    ),
    20: (
        r"\bpmbs\b|\bpekerja\s+migran\b|\btki\b|\btkw\b|\bdeportan\b",
        r"\bpmi\b[^.;]{0,25}?\b(?:bermasalah|dideportasi|deportasi|dipulangkan|ilegal|"
        r"non\s?prosedural|terlantar|kabur)\b",
        r"\b(?:pemulangan|deportasi)\s+pmi\b",
    ),
    21: (
        r"\bbencana\s+alam\b|\bbanjir\b|\blongsor\b|\bgempa\b|\btsunami\b|\berupsi\b",
        r"\bputing\s+beliung\b|\bangin\s+(?:kencang|ribut|topan)\b|\bbadai\b",
        r"\bgunung\s+meletus\b|\babrasi\b|\brob\b|\bkekeringan\b",
        r"\bpohon\s+tumbang\b|\btertimpa\s+pohon\b",
        r"\bhujan\s+(?:deras|lebat|badai)\b|\b(?:diterjang|terjangan)\s+(?:banjir|angin|ombak)\b",
    ),
    22: (
        r"\bkebakaran\b|\bterbakar\b|\bdilalap\s+api\b",
        r"\bkonflik\s+sosial\b|\bkerusuhan\b|\bbencana\s+sosial\b",
        r"\bbentrok\w*\s+antar\s*(?:warga|kampung|desa)\b",
    ),
    23: (
        r"\b(?:perempuan|wanita)\s+rawan\s+sosial\s+ekonomi\b|\brawan\s+sosial\s+ekonomi\b",
        r"\bprse\b|\bwrse\b|\bpekka\b|\bperempuan\s+kepala\s+keluarga\b",
        r"\bjanda\b|\bibu\s+tunggal\b",
    ),
    24: (
        r"\bfakir\s+miskin\b|\bmiskin\b|\bgakin\b",
        r"\b(?:tidak|kurang)\s+mampu\b|\bpra\s?sejahtera\b",
        r"\brtlh\b|\brumah\s+tidak\s+layak\s+huni\b",
    ),
    25: (
        r"\bkeluarga\s+bermasalah\b|\bkbsp\b|\bbermasalah\s+sosial\s+psikologis\b",
        r"\bcekcok\b|\bpertengkaran\b|\bkonflik\s+(?:rumah\s+tangga|keluarga)\b",
        r"\bperceraian\b|\bbroken\s+home\b",
    ),
    26: (
        r"\bkomunitas\s+adat\s+terpencil\b|\bkat\b",
        r"\bsuku\s+anak\s+dalam\b|\bsad\b|\borang\s+rimba\b|\bsuku\s+terasing\b",
        r"\bmasyarakat\s+adat\s+terpencil\b",
    ),
}

_PATTERNS: dict[int, re.Pattern[str]] = {
    code: re.compile("|".join(f"(?:{alias})" for alias in aliases))
    for code, aliases in ALIASES.items()
}
if set(_PATTERNS) != set(PPKS):  # the alias table must follow the stored vocabulary exactly
    raise ValueError("every PPKS code needs aliases, and only those codes")

# A disaster names the situation; the people listed in it (lansia, balita) are its victims.
DISASTER_CODES = frozenset({21, 22})
# Categories built on a child marker beat a plain word found at the same position.
_CHILD_CODES = frozenset({1, 2, 3, 4, 5, 6, 7})
# Words that make what follows the subject of a talk, not the client group ("bahaya narkoba").
TOPIC_WORDS = frozenset(
    {
        "bahaya", "pencegahan", "cegah", "mencegah", "anti", "tentang", "materi", "mitigasi",
        "siaga", "kesiapsiagaan", "stop", "waspada", "isu", "penyuluhan", "sosialisasi",
        "edukasi", "kampanye", "penanggulangan", "bebas", "perangi", "informasi", "seputar",
    }
)  # fmt: skip
_TALK_RE = re.compile(
    r"\b(?:sosialisasi|penyuluhan|edukasi|kampanye|materi|bimtek|pelatihan|seminar|webinar|"
    r"diskusi|kelas|workshop|simulasi|pembinaan|ceramah|apel|talkshow)"
)
# Words that introduce an audience; a topic word before them does not reach the group after.
_AUDIENCE_WORDS = frozenset({"ke", "kepada", "untuk", "bagi", "pada", "dengan", "di", "warga"})
# "tinggal dengan nenek": the grandparent is family of the client, not the client.
_FAMILY_CONTEXT = frozenset({"dengan", "bersama", "oleh", "ikut", "cucu"})
_KIN_RE = re.compile(r"(?:nenek|kakek|mbah|opung|oma|opa)$")


@dataclass(frozen=True)
class CategoryResult:
    """The PPKS code (or None), how sure we are, and where in the text it was named."""

    ppks: int | None
    confidence: float
    position: int = -1
    strong: bool = False


def is_topic(text: str, start: int) -> bool:
    """True when the word at `start` is what a talk was about, not who it served."""
    for word in reversed(words_before(text, start, 4)):
        if word in _AUDIENCE_WORDS:
            return False
        if word in TOPIC_WORDS:
            # "tentang"/"bahaya" make a topic only in a talk; "laporan tentang anak" is a case.
            sentence_start = max(text.rfind(".", 0, start), text.rfind(";", 0, start)) + 1
            return bool(_TALK_RE.search(text, sentence_start, start))
    return False


def extract_category(text: str) -> CategoryResult:
    """The PPKS category of a normalised message: the first client group it names."""
    found: list[tuple[int, int, int, int]] = []  # (position, rank, end, code)
    for code, pattern in _PATTERNS.items():
        for match in pattern.finditer(text):
            if is_topic(text, match.start()):
                continue
            if _KIN_RE.match(match[0]) and any(
                w in _FAMILY_CONTEXT for w in words_before(text, match.start(), 1)
            ):
                continue
            # Ties at one position (two child categories from one "anak") go to the nearest
            # problem word: "anak korban kekerasan ..., pelaku tetangga" is a victim.
            rank = 0 if code in _CHILD_CODES else 1
            found.append((match.start(), rank, match.end(), code))
            break
    if not found:
        return CategoryResult(None, 0.0)
    disasters = [item for item in found if item[3] in DISASTER_CODES]
    position, _, _, code = min(disasters or found)
    # A bare "lansia" at a program (permakanan, a meeting) names the group served, weakly.
    strong = code != 8 or bool(re.search(r"\bterlantar|sebatang\s+kara|tinggal\s+sendiri", text))
    confidence = 0.9 if len(found) == 1 else 0.75
    return CategoryResult(code, confidence, position, strong)
