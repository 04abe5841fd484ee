"""The entry point of the conversation core: one inbound message in, replies out."""

from __future__ import annotations

from collections.abc import Callable

from handlers.flows import menu
from handlers.options import match_option
from handlers.turn import Turn
from storage.conversations import reset_state

# Commands are matched without the leading slash and any "@botname" suffix.
COMMANDS: dict[str, Callable[[Turn], None]] = {
    "start": menu.greet,
    "menu": menu.show_menu,
    "bantuan": menu.show_help,
    "help": menu.show_help,
}

MENU_CHOICES: dict[str, Callable[[Turn], None]] = {
    "menu:help": menu.show_help,
}


def command_of(text: str) -> str | None:
    """`/Start@psm_bot now` -> `start`; None when the text is no command."""
    stripped = text.strip()
    if not stripped.startswith("/"):
        return None
    word = stripped[1:].split(maxsplit=1)[0] if len(stripped) > 1 else ""
    return word.split("@", 1)[0].lower() or None


def handle(turn: Turn) -> None:
    """Route one message: guard rails first, then commands, then the flow in progress."""
    inbound = turn.inbound
    if inbound.is_group_chat:
        # Group chats never see personal data; point registered users to the private chat.
        if turn.person is not None:
            turn.say("group_chat")
        return
    if inbound.rejected:
        turn.notice(f"rejected.{inbound.rejected}", limit_mb=20)
        return
    if len(inbound.text) > turn.config.max_message_chars:
        turn.notice("too_long", length=len(inbound.text), limit=turn.config.max_message_chars)
        return
    if turn.person is None or turn.person.status != "approved":
        turn.say("unknown_sender")
        return
    if not turn.person.active:
        turn.say("inactive_sender")
        return
    if turn.state.data.pop("expired_draft", False):
        turn.notice("draft_expired")

    command = command_of(inbound.text)
    if command == "batal":
        had_flow = turn.state.flow is not None
        reset_state(turn.state)
        turn.say("cancelled" if had_flow else "nothing_to_cancel")
        return
    if command in COMMANDS:
        COMMANDS[command](turn)
        return

    choice = inbound.choice or match_option(inbound.text, turn.state.options)
    if choice in MENU_CHOICES:
        MENU_CHOICES[choice](turn)
        return
    if choice is not None and choice.startswith("menu:"):
        turn.say("coming_soon")
        menu.show_menu(turn)
        return
    turn.say("fallback")
