"""Splitting long texts into Telegram messages without breaking a character or an emoji."""

from __future__ import annotations

import regex

# Telegram's limit for one message's text; it counts UTF-16 code units, which are never fewer
# than Python's code points, so counting them is the safe side.
MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024

_GRAPHEME = regex.compile(r"\X")


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Cut `text` into parts of at most `limit` UTF-16 units, at line breaks where it can."""
    # A cut goes after a line break in the second half of the part, else after a space, else
    # between two user-perceived characters (grapheme clusters): a surrogate pair, an emoji
    # with a skin tone, a ZWJ family or a flag is never torn apart.
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
        cut = _break_point(clusters, start, end)
        part = "".join(clusters[start:cut]).rstrip()
        if part:
            parts.append(part)
        start = cut
        # The break itself (newline or space) is not carried to the next part.
        while start < len(clusters) and clusters[start].isspace():
            start += 1
    return parts


def _break_point(clusters: list[str], start: int, end: int) -> int:
    """Where to cut the window [start, end): after a newline, else a space, else at `end`."""
    half = start + (end - start) // 2
    for separators in (("\n", "\r\n"), (" ", "\t")):
        for index in range(end - 1, half, -1):
            if clusters[index] in separators:
                return index + 1
    return end
