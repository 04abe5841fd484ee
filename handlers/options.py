"""Matching a typed answer to the options last offered: by number, label, meaning or spelling.

"2", "Sosialisasi", "penyuluhan", "RSUD kota", "laki2", "wali setuju" and "sosialsasi" all
name an option. Long texts (a report) only match by number or exact label, so that a new
report typed while old buttons are showing is never taken for an answer.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

from handlers.parsing.lexicon import ANSWER_SYNONYMS

# Answers longer than this are messages, not picks from a list.
MAX_ANSWER_WORDS = 5
# Words an answer may add around an option's wording ("hadir insyaallah", "RSUD saja").
MAX_EXTRA_WORDS = 2
# rapidfuzz ratio (0..100) from which a typo still names an option, and the gap under which
# two options are too close to choose between.
FUZZY_THRESHOLD = 84
AMBIGUITY_GAP = 4


@dataclass(frozen=True)
class Match:
    """The option an answer names, or the few it could name (then the bot asks)."""

    key: str | None
    candidates: tuple[str, ...] = ()

    @property
    def ambiguous(self) -> bool:
        """Several options fit equally well."""
        return self.key is None and len(self.candidates) > 1


def plain(text: str) -> str:
    """Lower-case letters and digits only, so "📝 Lapor kegiatan" matches "lapor kegiatan"."""
    kept = [
        ch if ch.isalnum() or ch.isspace() else " "
        for ch in unicodedata.normalize("NFKC", text.lower())
    ]
    return " ".join("".join(kept).split())


def _terms(key: str, label: str) -> set[str]:
    """Every wording that names the option: label, code and the lexicon's synonyms."""
    terms = {plain(label), plain(key.rsplit(":", 1)[-1])}
    for lookup in (key, key.split(":", 1)[0] + ":*:" + key.rsplit(":", 1)[-1]):
        terms.update(plain(s) for s in ANSWER_SYNONYMS.get(lookup, ()))
    return {term for term in terms if term}


def _contains(text: str, term: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text) is not None


def _domain_key(answer: str, options: list[list[str]]) -> str | None:
    """An option chosen through the parser's own vocabulary ("RSUD kota" -> rumah sakit)."""
    from handlers.parsing.normalize import normalize
    from handlers.parsing.referrals import institution_of

    keys = {key for key, _ in options}
    if any(key.startswith("referral:") for key in keys):
        code = institution_of(normalize(answer))
        if code is not None and f"referral:{code}" in keys:
            return f"referral:{code}"
    return None


def match_answer(text: str, options: list[list[str]]) -> Match:
    """The option the text names, or the candidates when it could name several."""
    answer = plain(text)
    if not answer or not options:
        return Match(None)
    # A short number picks by position; isdecimal, as a superscript or a long run of digits
    # (a hostile or mistyped answer) must not become a huge index.
    if answer.isdecimal() and len(answer) <= 3:
        index = int(answer) - 1
        return Match(options[index][0] if 0 <= index < len(options) else None)
    for key, label in options:
        if answer in {plain(label), key.lower()}:
            return Match(key)
    if len(answer.split()) > MAX_ANSWER_WORDS:
        return Match(None)
    terms = {key: _terms(key, label) for key, label in options}
    exact = [key for key, found in terms.items() if answer in found]
    if len(exact) == 1:
        return Match(exact[0])
    domain = _domain_key(text, options)
    if domain is not None:
        return Match(domain)
    # The answer holds an option's wording with a word or two more ("hadir insyaallah"): the
    # longest wording wins. Not with figures in it: "rapat PSM 20 org" is a report.
    words = len(answer.split())
    held = [
        (len(term), key)
        for key, found in terms.items()
        for term in found
        if not any(ch.isdigit() for ch in answer)
        and words - len(term.split()) <= MAX_EXTRA_WORDS
        and _contains(answer, term)
    ]
    if held:
        best = max(length for length, _ in held)
        keys = sorted({key for length, key in held if length == best})
        return Match(keys[0]) if len(keys) == 1 else Match(None, tuple(keys))
    # The answer is part of an option's label ("kasus" of "Kasus saya", "Lapor kasus baru").
    if len(answer) >= 4 and words == 1:
        partial = [key for key, found in terms.items() if any(_contains(t, answer) for t in found)]
        if len(partial) == 1:
            return Match(partial[0])
        if partial:
            return Match(None, tuple(partial))
    return _fuzzy(answer, terms)


def _fuzzy(answer: str, terms: dict[str, set[str]]) -> Match:
    """Small typos ("sosialsasi", "kunjugan"): the closest option above the threshold."""
    scored = sorted(
        ((max(fuzz.ratio(answer, term) for term in found), key) for key, found in terms.items()),
        reverse=True,
    )
    if not scored or scored[0][0] < FUZZY_THRESHOLD:
        return Match(None)
    close = [key for score, key in scored if score >= FUZZY_THRESHOLD]
    if len(close) > 1 and scored[0][0] - scored[1][0] < AMBIGUITY_GAP:
        return Match(None, tuple(close[:4]))
    return Match(scored[0][1])


def match_option(text: str, options: list[list[str]]) -> str | None:
    """The key of the option the text names; None when it names none or several."""
    return match_answer(text, options).key
