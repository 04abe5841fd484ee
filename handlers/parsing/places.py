"""RT and RW numbers ("RT 02/RW 03", "Rt.3 Rw.11", "RW XI", "RT/RW 03/05") as two-digit strings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from handlers.parsing.counts import ITEM_UNITS, PEOPLE_UNITS

_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}
# A number as PSM write it after RT/RW: digits ("002", "3") or a Roman numeral ("XI", "iv").
_NUM = r"(\d{1,3}|[ivx]{1,6})(?!\w)"
_NUM_SLASH = r"(\d{1,3}|[ivx]{1,6})"
_RT = r"(?:rt|rukun\s+tetangga)"
_RW = r"(?:rw|rukun\s+warga)"
_SEP = r"\s*[.:\-]?\s*(?:no\s*)?"
_PAIR_RE = re.compile(  # "RT/RW 03/05", "RT RW: 003/005"
    rf"\b{_RT}\s*[/.\-]?\s*{_RW}\b{_SEP}{_NUM_SLASH}\s*[/\-.]\s*{_NUM}"
)
_RT_SLASH_RE = re.compile(rf"\b{_RT}\b{_SEP}{_NUM_SLASH}\s*/\s*(?!rw)(\d{{1,3}}|[ivx]{{1,6}})\b")
_RT_RE = re.compile(rf"\b{_RT}\b{_SEP}{_NUM}")
_RW_RE = re.compile(rf"\b{_RW}\b{_SEP}{_NUM}")
# "RT 3 & 4", "RW 02, 03": further numbers listed right after the first one.
# A number followed by a unit ("RW 03, 22 ibu balita") is a count, not one more RW.
_UNITS_ALT = "|".join(sorted((*PEOPLE_UNITS, *ITEM_UNITS, "kali", "hari", "tahun"), key=len)[::-1])
_LIST_TAIL_RE = re.compile(
    r"\s*(?:&|dan|,)\s*(\d{1,3}|[ivx]{1,6})\b(?![/.\-]\d)"
    rf"(?!\s*(?:-?\s*an\s+)?(?:{_UNITS_ALT})\b)"
)


@dataclass(frozen=True)
class PlaceResult:
    """RT and RW found (None when absent or when the message names several)."""

    rt: str | None
    rw: str | None
    rt_confidence: float
    rw_confidence: float
    spans: list[tuple[int, int]] = field(default_factory=list)


def roman_to_int(text: str) -> int | None:
    """The value of a Roman numeral up to 39, or None when `text` is not one."""
    text = text.lower()
    if not text or any(ch not in _ROMAN_VALUES for ch in text):
        return None
    total = 0
    for index, ch in enumerate(text):
        value = _ROMAN_VALUES[ch]
        following = _ROMAN_VALUES[text[index + 1]] if index + 1 < len(text) else 0
        total += -value if value < following else value
    # Reject malformed strings such as "iiii" or "vx" by writing the value back.
    return total if 0 < total < 40 and int_to_roman(total) == text else None


def int_to_roman(value: int) -> str:
    """Lower-case Roman numeral for 1..39."""
    tens, ones = divmod(value, 10)
    units = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"]
    return "x" * tens + units[ones]


def two_digits(token: str) -> str | None:
    """'3' -> '03', '002' -> '02', 'XI' -> '11'; None for zero or a non-number."""
    value = int(token) if token.isdigit() else roman_to_int(token)
    if not value:
        return None
    return f"{value:02d}"


def _single(values: list[str]) -> tuple[str | None, float]:
    """One value when all mentions agree; several different RTs/RWs give no answer."""
    distinct = set(values)
    if not distinct:
        return None, 0.0
    if len(distinct) == 1:
        return values[0], 0.95
    return None, 0.3


def extract_places(text: str) -> PlaceResult:
    """RT and RW of a normalised message, with the spans they occupy (for masking)."""
    rts: list[str] = []
    rws: list[str] = []
    spans: list[tuple[int, int]] = []

    def taken(start: int) -> bool:
        return any(s <= start < e for s, e in spans)

    for match in _PAIR_RE.finditer(text):
        rt, rw = two_digits(match[1]), two_digits(match[2])
        if rt and rw:
            rts.append(rt)
            rws.append(rw)
            spans.append(match.span())
    for match in _RT_SLASH_RE.finditer(text):
        rt, rw = two_digits(match[1]), two_digits(match[2])
        if rt and rw and not taken(match.start()):
            rts.append(rt)
            rws.append(rw)
            spans.append(match.span())
    for regex, values in ((_RT_RE, rts), (_RW_RE, rws)):
        for match in regex.finditer(text):
            value = two_digits(match[1])
            if value and not taken(match.start()):
                values.append(value)
                end = match.end()
                while (tail := _LIST_TAIL_RE.match(text, end)) and (more := two_digits(tail[1])):
                    values.append(more)
                    end = tail.end()
                spans.append((match.start(), end))
    rt, rt_conf = _single(rts)
    rw, rw_conf = _single(rws)
    return PlaceResult(rt, rw, rt_conf, rw_conf, spans)
