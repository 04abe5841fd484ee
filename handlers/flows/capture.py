"""Quick capture: a free-text report (with or without photos) becomes a draft to confirm.

This is how most PSM report: the message they would have posted in the WhatsApp group.
The parser reads what it can; the bot asks only for the required fields still missing.
"""

from __future__ import annotations

import unicodedata

from handlers import forms
from handlers.flows import activity, case_new, fields
from handlers.parsing import ParsedMessage, parse_message
from handlers.turn import Turn

# Fewer letters than this is no report ("ok", "👍", "p").
MIN_LETTERS = 8


def letters_in(text: str) -> int:
    """How many letters a text has (emoji and punctuation do not count)."""
    return sum(1 for ch in text if unicodedata.category(ch).startswith("L"))


def _parse(turn: Turn, text: str) -> ParsedMessage:
    return parse_message(text, turn.local_now)


def capture(turn: Turn) -> None:
    """A message outside any flow: a report to draft, a photo awaiting words, or a hint."""
    text = turn.inbound.text.strip()
    if turn.inbound.media and letters_in(text) < MIN_LETTERS:
        # A photo without a caption: keep it and ask what it shows.
        turn.state.flow = "capture"
        turn.state.step = "await_text"
        turn.state.data = {"draft": {}}
        forms.collect_media(turn)
        turn.say("capture.photo_without_text")
        return
    if letters_in(text) < MIN_LETTERS:
        turn.say("capture.not_a_report")
        return
    _draft_from_text(turn, text, media_first=bool(turn.inbound.media))


def _draft_from_text(turn: Turn, text: str, *, media_first: bool) -> None:
    if media_first:
        # The photos of this very message belong to the new draft.
        turn.state.data = {"draft": {}}
        forms.collect_media(turn)
    earlier = forms.draft_of(turn)
    parsed = _parse(turn, text)
    if parsed.kind == "case":
        form, draft = case_new.FORM, case_new.draft_from_parsed(parsed, text)
    else:
        form, draft = activity.FORM, activity.draft_from_parsed(parsed, text)
    draft["media"] = list(earlier.get("media", []))
    if earlier.get("group_id"):
        draft["group_id"] = earlier["group_id"]
    if parsed.date_in_future:
        turn.notice("hint.future_date")
    elif fields.date_unsure(parsed.confidence.get("date", 0.0), parsed.date, turn.local_now.date()):
        draft["_date_unsure"] = True
    forms.start(turn, form, draft, guided=False)


def awaiting_text(turn: Turn) -> None:
    """After a captionless photo: more photos join; words make the draft."""
    text = turn.inbound.text.strip()
    added = forms.collect_media(turn)
    if letters_in(text) >= MIN_LETTERS:
        _draft_from_text(turn, text, media_first=False)
    elif added:
        turn.notice("draft.photo_added", count=len(forms.draft_of(turn).get("media", [])))
    else:
        turn.say("capture.photo_without_text")
