"""Codes the records use: PPKS categories, activity types, PSM roles, referral destinations,
and what a case says of its client (sex, who reported it, urgency, consent).

This is their one home. The codes are stored in the database and appear in exports, so they
never change. What people read of them (Indonesian first, English second) is text like any
other: `handlers/i18n/catalogs/vocabulary.py`, looked up with `handlers.i18n.term_label`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from storage.models.cases import CaseStatus
from storage.models.people import PersonRole


@dataclass(frozen=True, slots=True)
class Term:
    """One stored code of one vocabulary (`ppks`, `activity_type`, …)."""

    vocabulary: str
    code: str


def _terms(vocabulary: str, *codes: str) -> dict[str, Term]:
    return {code: Term(vocabulary, code) for code in codes}


# The 26 PPKS categories in canonical order (Permensos 08/2012, kept by Permensos 5/2019),
# keyed by their number.
PPKS: dict[int, Term] = {number: Term("ppks", str(number)) for number in range(1, 27)}

ACTIVITY_TYPES = _terms(
    "activity_type",
    "bansos",
    "verval",
    "kunjungan",
    "penanganan",
    "bencana",
    "permakanan",
    "kube",
    "sosialisasi",
    "pelatihan",
    "rapat",
    "lainnya",
)

PSM_ROLES = _terms("psm_role", "inisiator", "motivator", "dinamisator", "administrator")

REFERRALS = _terms(
    "referral",
    "puskesmas",
    "rumah_sakit",
    "dinas_sosial",
    "panti",
    "lks",
    "polisi",
    "uptd_ppa",
    "lainnya",
)

# A person's and a case's codes are their model's enum values, in the enum's order.
PERSON_ROLES = _terms("person_role", *(role.value for role in PersonRole))

CASE_STATUSES = _terms("case_status", *(status.value for status in CaseStatus))

# What a case records of its client and of how it came to the PSM.
SEXES = _terms("sex", "L", "P")

CASE_SOURCES = _terms("case_source", "keluarga", "rt_rw", "tetangga", "sendiri")

URGENCIES = _terms("urgency", "rendah", "sedang", "tinggi")

CONSENTS = _terms("consent", "klien", "wali", "belum")

# Every vocabulary by its name (the `vocabulary` of its terms).
VOCABULARIES: dict[str, Mapping[int, Term] | Mapping[str, Term]] = {
    "ppks": PPKS,
    "activity_type": ACTIVITY_TYPES,
    "psm_role": PSM_ROLES,
    "referral": REFERRALS,
    "person_role": PERSON_ROLES,
    "case_status": CASE_STATUSES,
    "sex": SEXES,
    "case_source": CASE_SOURCES,
    "urgency": URGENCIES,
    "consent": CONSENTS,
}
