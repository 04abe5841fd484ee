"""Small talk and courtesy: greetings, thanks, salam, "ok", "siap", emoji, a stray "hadir".

People greet and thank the bot as they would a colleague. Such a message gets a short, warm
answer; it never starts a draft, and inside one it changes no field.
"""

from __future__ import annotations

import re
import unicodedata

from handlers import forms
from handlers.flows import menu
from handlers.parsing.normalize import normalize
from handlers.turn import Turn

# Courtesy phrases by what they are; the longest phrases come first when stripping.
PHRASES: dict[str, tuple[str, ...]] = {
    "salam": (
        "assalamualaikum warahmatullahi wabarakatuh", "assalamualaikum wr wb",
        "assalamualaikum", "assalamu alaikum", "asalamualaikum", "assalamu'alaikum", "ass wr wb",
        "ass", "salam", "waalaikumsalam", "wa alaikum salam", "wr wb", "wrwb", "shalom",
        "om swastiastu", "salam sejahtera",
    ),
    "thanks": (
        "terima kasih banyak", "terima kasih", "terimakasih", "makasih banyak", "makasih",
        "matur nuwun", "hatur nuhun", "nuhun", "trims", "tks", "thx", "thanks",
        "thank you", "tq", "ty", "suwun",
    ),
    "greeting": (
        "selamat pagi", "selamat siang", "selamat sore", "selamat malam", "pagi", "siang",
        "sore", "malam", "halo", "hallo", "hai", "hi", "hello", "good morning", "punten",
        "permisi", "sampurasun", "tes", "test", "p",
    ),
    "ack": (
        "ok siap", "oke siap", "siap laksanakan", "siap", "ok", "oke", "okay", "okey", "okee",
        "baik", "baiklah", "sip", "siip", "mantap", "mantab", "noted", "nggih", "injih",
        "iya", "ya", "yup", "sudah", "alhamdulillah", "amin", "aamiin", "insyaallah",
        "inshaallah", "insya allah", "good", "great", "nice",
    ),
    "rsvp": (
        "insyaallah hadir", "hadir", "izin", "ijin", "tidak bisa hadir", "tidak hadir",
        "berhalangan", "absen",
    ),
}  # fmt: skip
# Words of address and filler that go with courtesy ("makasih bu", "siap pak").
ADDRESS = (
    "bapak", "ibu", "bpk", "pak", "bu", "bu tksk", "kak", "kakak", "mas", "mbak", "mba",
    "teh", "akang", "kang", "abang", "bang", "admin", "min", "bot", "semua", "sekalian",
    "rekan", "rekan-rekan", "teman-teman", "ya", "yah", "nya", "dong", "deh", "kok", "nih",
    "juga", "sama-sama", "sama sama", "banyak", "sekali", "ibu bapak", "bapak ibu",
    "mohon", "maaf", "mohon maaf", "lagi", "lah",
)  # fmt: skip
_ALL = sorted(
    {(kind, phrase) for kind, phrases in PHRASES.items() for phrase in phrases}
    | {("address", word) for word in ADDRESS},
    key=lambda item: -len(item[1]),
)
_PHRASE_RE = re.compile(r"(?<![\w])(" + "|".join(re.escape(p) for _, p in _ALL) + r")(?![\w])")
_KIND_OF = {phrase: kind for kind, phrase in _ALL}
# What a message reduced to courtesy is, when several kinds are in it ("makasih, salam").
PRIORITY = ("rsvp", "thanks", "salam", "greeting", "ack")


def _letters(text: str) -> int:
    return sum(1 for ch in text if unicodedata.category(ch).startswith("L"))


def kind_of(text: str) -> str | None:
    """'thanks', 'salam', 'greeting', 'ack', 'rsvp' or 'emoji' for small talk, else None."""
    stripped = text.strip()
    if not stripped or stripped.startswith("/"):
        return None
    if _letters(stripped) == 0:
        return "emoji" if any(not ch.isspace() and not ch.isdigit() for ch in stripped) else None
    lowered = normalize(stripped).replace("'", "")
    kinds = {_KIND_OF[m[1]] for m in _PHRASE_RE.finditer(lowered)}
    rest = _PHRASE_RE.sub(" ", lowered)
    if _letters(rest) > 0 or not kinds - {"address"}:
        return None  # words beyond courtesy: a report, an answer, a question
    return next(kind for kind in PRIORITY if kind in kinds)


def reply(turn: Turn, kind: str) -> None:
    """A short, warm answer; a draft in progress keeps its fields and its question."""
    key = f"smalltalk.{kind}"
    if turn.state.flow is not None:
        turn.notice(key, name=_first_name(turn))
        form = forms.open_form(turn)
        if form is not None:
            forms.resume_question(turn, form)
        return
    if kind in ("greeting", "salam"):
        turn.say(key, name=_first_name(turn), options=menu.menu_options(turn))
        return
    turn.say_text(turn.text(key, name=_first_name(turn)))


def _first_name(turn: Turn) -> str:
    if turn.person is None:
        return ""
    return turn.person.name.split()[0]
