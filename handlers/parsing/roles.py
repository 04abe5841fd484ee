"""The PSM role (Permensos 10/2019, storage.vocabulary.PSM_ROLES) a report most likely shows."""

from __future__ import annotations

import re

from storage.vocabulary import PSM_ROLES

# Words that show each role directly, strongest evidence first.
ROLE_WORDS: dict[str, re.Pattern[str]] = {
    "motivator": re.compile(
        r"\b(?:di|me)?motivasi\b|\bsemangat\w*|\b(?:men)?dorong\b|\bpengarahan\b|\barahkan\b|"
        r"\bkonseling\b|\bdengarkan\b|\bsosialisasi|\bpenyuluhan|\bedukasi"
    ),
    "inisiator": re.compile(
        r"\bidentifikasi|\bditemukan\b|\bmenemukan\b|\bpenjangkauan\b|\bdijangkau\b|"
        r"\basesmen|\bwarga\s+lapor|\blaporan\s+warga"
    ),
    "dinamisator": re.compile(
        r"\bgotong\s+royong|\bkerja\s+bakti|\bmenggerakkan|\bgalang\w*|\b(?:me)?libatkan|"
        r"\bmobilisasi|\bdapur\s+umum|\bposko\b|\brapat\b|\brakor\b|\bmusyawarah"
    ),
    "administrator": re.compile(
        r"\bpendataan|\bmendata\b|\bdidata\b|\bverval\b|\bverifikasi|\bvalidasi|\binput\s+data|"
        r"\bpencatatan|\brekap\w*|\blaporan\s+keuangan|\bupdate\s+data"
    ),
}
if not set(ROLE_WORDS) <= set(PSM_ROLES):  # the table must use stored codes only
    raise ValueError("role words must map to PSM_ROLES codes")

# The role an activity type usually exercises when no word says otherwise.
DEFAULT_ROLE: dict[str, str] = {
    "verval": "administrator",
    "sosialisasi": "motivator",
    "rapat": "dinamisator",
    "bansos": "dinamisator",
    "bencana": "dinamisator",
    "permakanan": "dinamisator",
    "kube": "motivator",
    "penanganan": "inisiator",
    "kunjungan": "inisiator",
}


def infer_role(text: str, activity_type: str) -> tuple[str | None, float]:
    """The role with the most word evidence, else the activity type's usual one, else None."""
    hits = {role: len(pattern.findall(text)) for role, pattern in ROLE_WORDS.items()}
    best = max(hits, key=lambda role: hits[role])
    if hits[best]:
        tied = [role for role, n in hits.items() if n == hits[best]]
        if len(tied) > 1 and DEFAULT_ROLE.get(activity_type) in tied:
            return DEFAULT_ROLE[activity_type], 0.6
        return best, 0.7 if len(tied) == 1 else 0.5
    default = DEFAULT_ROLE.get(activity_type)
    return default, (0.4 if default else 0.0)
