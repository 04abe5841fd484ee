"""Text from outside made safe at the edge: control characters out, NFC, bounded lengths.

Every inbound message passes here before the core sees it, whatever the channel: NUL and other
control characters (which PostgreSQL refuses, and which can hide text) are removed, lone
surrogates dropped, compatibility digits (², ①, full-width １) read as the digits they show,
and Unicode put in NFC so that the same word is always the same string.
"""

from __future__ import annotations

import dataclasses
import hashlib
import unicodedata

from handlers.messages import Inbound

ELLIPSIS = "…"
# Column sizes of what an inbound message carries into the database.
DISPLAY_NAME_CHARS = 120
CHOICE_CHARS = 200
CONTACT_CHARS = 40
EXTERNAL_ID_CHARS = 80
# Kept: line breaks and tabs (a pasted list); zero-width joiners and variation selectors keep
# emoji whole, so only bidirectional overrides are taken from the format characters.
_KEPT_CONTROLS = {"\n", "\t"}
_BIDI_OVERRIDES = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def clean_text(text: str | None) -> str:
    """The text without control characters or lone surrogates, digits plain, in NFC."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept: list[str] = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch in _KEPT_CONTROLS:
            kept.append(ch)
        elif category in ("Cc", "Cs", "Co", "Cn") or ch in _BIDI_OVERRIDES:
            continue
        elif category == "No" or (category == "Nd" and not ch.isascii()):
            plain = unicodedata.normalize("NFKC", ch)
            kept.append(plain if plain.isascii() and plain.isdecimal() else ch)
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


def fit(text: str, limit: int) -> str:
    """The text cut to `limit` characters, an ellipsis marking the cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)] + ELLIPSIS


def _one_line(text: str | None, limit: int) -> str | None:
    if text is None:
        return None
    return fit(" ".join(clean_text(text).split()), limit) or None


def clean_external_id(external_id: str) -> str:
    """A platform message id as the inbound log stores it (the same for every repeat)."""
    cleaned = clean_text(external_id)
    if len(cleaned) > EXTERNAL_ID_CHARS:
        # Cut, two long ids could collide; a digest keeps them apart and repeatable.
        cleaned = hashlib.sha256(cleaned.encode("utf-8")).hexdigest()
    return cleaned


def clean_inbound(inbound: Inbound) -> Inbound:
    """The message with every text cleaned and cut to the columns it will be stored in."""
    external_id = clean_external_id(inbound.external_id)
    choice = inbound.choice
    if choice is not None:
        choice = clean_text(choice)[:CHOICE_CHARS]
    return dataclasses.replace(
        inbound,
        text=clean_text(inbound.text),
        choice=choice,
        display_name=_one_line(inbound.display_name, DISPLAY_NAME_CHARS),
        contact_phone=_one_line(inbound.contact_phone, CONTACT_CHARS),
        external_id=external_id,
        group_id=_one_line(inbound.group_id, EXTERNAL_ID_CHARS),
    )
