"""Option payloads (button data) parsed before use: a press can carry anything a client sends.

A payload that does not have the shape of one the bot offers is answered politely as an option
no longer valid; ids are bounded so that no lookup overflows a database integer.
"""

from __future__ import annotations

import re

# Up to nine digits: always inside a 32-bit integer column.
_ID = r"[0-9]{1,9}"
_WORD = r"[a-z_]{1,16}"
SHAPES: dict[str, re.Pattern[str]] = {
    "reg:": re.compile(rf"reg:(?:approve|reject):{_ID}"),
    "link:": re.compile(rf"link:(?:approve|reject):{_ID}"),
    "del:": re.compile(rf"del:(?:no|(?:activity|case):{_ID})"),
    "lang:": re.compile(r"lang:(?:id|en)"),
    "case:open:": re.compile(rf"case:open:{_ID}"),
    "rsvp:": re.compile(rf"rsvp:{_ID}:{_WORD}"),
    "attend:": re.compile(rf"attend:{_ID}:{_WORD}"),
    "followup:": re.compile(rf"followup:{_ID}:{_WORD}"),
    "plan:": re.compile(rf"plan:{_ID}:{_WORD}"),
    # cases:page:{page}:{area code}:{ppks or nothing}
    "cases:page:": re.compile(
        r"cases:page:[0-9]{1,4}:[0-9]{2}(?:\.[0-9]{2,4}){0,3}:(?:[0-9]{1,2})?"
    ),
}
_TRAILING_ID = re.compile(rf"(?<=:){_ID}\Z")


def well_formed(choice: str, prefix: str) -> bool:
    """The payload has the shape the bot gives options with this prefix."""
    shape = SHAPES.get(prefix)
    return shape is not None and shape.fullmatch(choice) is not None


def trailing_id(choice: str | None, prefix: str) -> int | None:
    """The record id ending a payload such as `ppks:8` or `att:p:12`; None when malformed."""
    if not choice or not choice.startswith(prefix):
        return None
    rest = choice[len(prefix) :]
    return int(rest) if re.fullmatch(_ID, rest) else None


def was_offered(choice: str, options: list[list[str]]) -> bool:
    """The payload is one of the options last shown to this person."""
    return any(option and option[0] == choice for option in options)
