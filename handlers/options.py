"""Matching a typed answer to the options last offered."""

from __future__ import annotations

import unicodedata


def _plain(text: str) -> str:
    """Lower-case letters and digits only, so "📝 Lapor kegiatan" matches "lapor kegiatan"."""
    kept = [
        ch for ch in unicodedata.normalize("NFKC", text.lower()) if ch.isalnum() or ch.isspace()
    ]
    return " ".join("".join(kept).split())


def match_option(text: str, options: list[list[str]]) -> str | None:
    """The key of the option the text names, by its number ("2", "[2]") or its label."""
    answer = _plain(text)
    if not answer or not options:
        return None
    if answer.isdecimal() and len(answer) <= 3:
        index = int(answer) - 1
        return options[index][0] if 0 <= index < len(options) else None
    for key, label in options:
        if answer in {_plain(label), key.lower()}:
            return key
    return None
