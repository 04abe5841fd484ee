"""Splitting a long text into platform messages without breaking a character or an emoji.

Both platforms count UTF-16 code units (Telegram 4,096 a message, Twilio 1,600 a WhatsApp
body). A cut goes at the channel's preferred break in the second half of a part (a paragraph,
a line, a space) and otherwise between two user-perceived characters (grapheme clusters), so a
surrogate pair, an emoji with a skin tone, a family joined by zero-width joiners or a flag is
never torn apart.
"""

from __future__ import annotations

import regex

_GRAPHEME = regex.compile(r"\X")
_NEWLINES = ("\n", "\r\n")
_SPACES = (" ", "\t")
# Where a cut may go, best first.
LINES = ("line", "space")
PARAGRAPHS = ("paragraph", "line", "space")


def utf16_len(text: str) -> int:
    """Length as the platforms count it (UTF-16 code units; an emoji counts twice)."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int, *, breaks: tuple[str, ...] = LINES) -> list[str]:
    """Cut `text` into parts of at most `limit` UTF-16 units, at the best break there is."""
    if utf16_len(text) <= limit:
        return [text] if text else []
    clusters: list[str] = _GRAPHEME.findall(text)
    parts: list[str] = []
    start = 0
    while start < len(clusters):
        end, used = start, 0
        while end < len(clusters) and used + utf16_len(clusters[end]) <= limit:
            used += utf16_len(clusters[end])
            end += 1
        end = max(end, start + 1)  # one cluster longer than the limit still moves on
        if end == len(clusters):
            parts.append("".join(clusters[start:end]))
            break
        cut = _break_point(clusters, start, end, breaks)
        part = "".join(clusters[start:cut]).rstrip()
        if part:
            parts.append(part)
        start = cut
        # The break itself (newlines, spaces) is not carried to the next part.
        while start < len(clusters) and clusters[start].isspace():
            start += 1
    return parts


def _break_point(clusters: list[str], start: int, end: int, breaks: tuple[str, ...]) -> int:
    """Where to cut the window [start, end): after the best break of its second half."""
    half = start + (end - start) // 2
    for kind in breaks:
        for index in range(end - 1, half, -1):
            if _is_break(clusters, index, kind):
                return index + 1
    return end


def _is_break(clusters: list[str], index: int, kind: str) -> bool:
    if kind == "paragraph":
        return clusters[index] in _NEWLINES and index > 0 and clusters[index - 1] in _NEWLINES
    if kind == "line":
        return clusters[index] in _NEWLINES
    return clusters[index] in _SPACES
