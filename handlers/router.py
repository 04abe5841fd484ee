"""The entry point of the conversation core: one inbound message in, replies out."""

from __future__ import annotations

from handlers import forms, payloads
from handlers.flows import capture, onboarding, roster_upload, smalltalk, username_link
from handlers.options import match_option
from handlers.turn import Turn
from handlers.wiring import Wiring
from storage.conversations import reset_state
from storage.models.people import PersonStatus
from storage.notifications import PROMPT_OPTIONS


def command_of(text: str) -> str | None:
    """`/Start@psm_bot now` -> `start`; None when the text is no command."""
    stripped = text.strip()
    if not stripped.startswith("/"):
        return None
    word = stripped[1:].split(maxsplit=1)[0] if len(stripped) > 1 else ""
    return word.split("@", 1)[0].lower() or None


def handle(turn: Turn, wiring: Wiring) -> None:
    """Route one message, then tell the sender of any notice that could not be delivered."""
    _route(turn, wiring)
    if turn.undelivered:
        names = ", ".join(dict.fromkeys(turn.undelivered))
        turn.notice("notice.undeliverable", names=names)


# Flows inside which courtesy is answered without touching the draft; "ok" and "hadir" may
# be answers there, so only thanks, greetings, salam and emoji count as small talk.
_SMALLTALK_FLOWS = {"activity", "case", "capture"}
_ALWAYS_SMALLTALK = {"thanks", "greeting", "salam", "emoji"}


def _smalltalk(turn: Turn) -> str | None:
    """The kind of small talk this message is, where small talk is answered as such."""
    if turn.inbound.media or turn.inbound.location:
        return None
    kind = smalltalk.kind_of(turn.inbound.text)
    if kind is None:
        return None
    if turn.state.flow is None:
        return kind
    if turn.state.flow in _SMALLTALK_FLOWS and kind in _ALWAYS_SMALLTALK:
        return kind
    return None


def _route(turn: Turn, wiring: Wiring) -> None:
    """Guard rails first, then commands, then answers, small talk and the flow in progress."""
    inbound = turn.inbound
    if inbound.is_group_chat:
        # Group chats never see personal data; point registered users to the private chat.
        if turn.person is not None and turn.person.status == PersonStatus.APPROVED:
            turn.say("group_chat")
        return
    if inbound.rejected:
        turn.notice(f"rejected.{inbound.rejected}", limit_mb=20)
        return
    if len(inbound.text) > turn.config.max_message_chars:
        turn.notice("too_long", length=len(inbound.text), limit=turn.config.max_message_chars)
        return
    if turn.person is None and username_link.is_username_sender(turn):
        username_link.stranger(turn)
        return
    if turn.person is None or turn.person.status != PersonStatus.APPROVED:
        onboarding.stranger(turn)
        return
    if not turn.person.active:
        turn.say("inactive_sender")
        return
    if turn.state.data.pop("expired_draft", False):
        turn.notice("draft_expired")
    roster = roster_upload.roster_file(turn)
    if roster is not None:
        roster_upload.receive(turn, roster)
        return

    command = command_of(inbound.text)
    if command == "batal":
        had_flow = turn.state.flow is not None
        reset_state(turn.state)
        turn.say("cancelled" if had_flow else "nothing_to_cancel")
        return
    if command in wiring.commands:
        if command in wiring.starts_new and forms.resume_open_draft(turn):
            return
        wiring.commands[command](turn)
        return
    if command is not None:
        turn.notice("unknown_command")
        return

    choice = inbound.choice or match_option(inbound.text, turn.state.options)
    if choice is None and turn.state.flow is not None:
        # A reminder or follow-up that arrived during a draft: its answers still count.
        prompt = match_option(inbound.text, turn.state.data.get(PROMPT_OPTIONS, []))
        if prompt is not None and any(prompt.startswith(p) for p, _ in wiring.choice_prefixes):
            turn.state.data.pop(PROMPT_OPTIONS, None)
            choice = prompt
    if choice is not None:
        for prefix, answer in wiring.choice_prefixes:
            if choice.startswith(prefix):
                if payloads.well_formed(choice, prefix):
                    answer(turn, choice)
                else:
                    turn.say("option_expired")
                return
    kind = _smalltalk(turn) if choice is None else None
    if kind is not None:
        smalltalk.reply(turn, kind)
        return
    form = forms.open_form(turn)
    if form is not None:
        forms.handle(turn, form)
        return
    if turn.state.flow in wiring.flows:
        wiring.flows[turn.state.flow](turn)
        return
    if choice in wiring.menu_choices:
        wiring.menu_choices[choice](turn)
        return
    if inbound.choice is not None:
        turn.say("option_expired")
        return
    capture.capture(turn)
