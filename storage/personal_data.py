"""Personal data in free text: NIKs found and checked, identifiers and names masked (UU PDP).

Detection is `lokal-id`'s Samaran, made for Indonesian personal data (NIK, KK, phone numbers,
names after honorifics, ...); NIKs are checked with `python-stdnum`. There is one mask format
everywhere — chat, exports, reports, logs: Samaran's partial mask, `3273********0001` for a NIK.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from stdnum.exceptions import ValidationError
from stdnum.id import nik as nik_number

if TYPE_CHECKING:  # Samaran's detectors take a second to import: loaded on first use
    from lokal.samaran import PiiType

# What is masked in texts shown or stored outside a case's protected fields. Places (RT/RW,
# streets), health words and the like stay readable: they are what an activity report is about
# and say nothing about who the person is once names and numbers are gone.
IDENTIFYING: tuple[PiiType, ...] = (
    "NIK",
    "KK",
    "NPWP",
    "PASSPORT",
    "SIM",
    "NIP",
    "BPJS",
    "NISN",
    "AKTA",
    "PHONE",
    "EMAIL",
    "BANK_ACCOUNT",
    "CARD",
    "NAME",
    "BIRTH_DATE",
)
# Sixteen digits, possibly written in groups ("3273 0145 0754 0001", "3273-0145-..."): what a
# PSM types as a NIK. Masked even when the number does not validate, it may be a typo of one.
_SIXTEEN_DIGITS = re.compile(r"(?<![0-9])[0-9](?:[ .\-]?[0-9]){15}(?![0-9])")
_NON_DIGIT = re.compile(r"[^0-9]")


@dataclass(frozen=True, slots=True)
class FoundNik:
    """A NIK written in a text: its digits, whether it is a valid one, where it stands."""

    digits: str
    valid: bool
    start: int
    end: int


def load_detectors() -> None:
    """Import Samaran's detectors now (about a second), not at the first log line of a running
    service, where the import would stall the event loop."""
    import lokal.samaran  # noqa: F401


def mask_nik(nik: str | None) -> str:
    """The one NIK mask: the region's first four and the last four digits, `3273********0001`."""
    if not nik:
        return ""
    digits = _NON_DIGIT.sub("", nik)
    if len(digits) < 8:
        return "*" * len(digits)
    from lokal.samaran import partial_mask

    return partial_mask("NIK", digits)


def is_valid_nik(digits: str) -> bool:
    """A NIK with 16 digits, a region code and a birth date that exist."""
    try:
        nik_number.validate(digits)
    except ValidationError:
        return False
    return True


def find_niks(text: str) -> list[FoundNik]:
    """Every 16-digit number in the text, in reading order, with whether it is a valid NIK."""
    found = []
    for match in _SIXTEEN_DIGITS.finditer(text or ""):
        digits = _NON_DIGIT.sub("", match.group())
        found.append(FoundNik(digits, is_valid_nik(digits), match.start(), match.end()))
    return found


def mask_niks(text: str) -> str:
    """The text with every NIK-like number masked and nothing else changed."""
    return _SIXTEEN_DIGITS.sub(lambda m: mask_nik(m.group()), text)


def mask_personal_data(text: str, *, keep_names: bool = False) -> str:
    """The text with identifiers (NIK, KK, phone, e-mail, accounts...) and names masked."""
    if not text:
        return text
    from lokal.samaran import detect_pii, partial_mask

    types = [t for t in IDENTIFYING if not (keep_names and t == "NAME")]
    out: list[str] = []
    cursor = 0
    for match in detect_pii(text, types=types):
        out.append(text[cursor : match.start])
        masked = partial_mask(match.type, match.value)
        out.append(mask_nik(match.value) if match.type == "NIK" else masked)
        cursor = match.end
    out.append(text[cursor:])
    # Sixteen digits Samaran did not take (an invalid NIK, a typo) are masked all the same.
    return mask_niks("".join(out))
