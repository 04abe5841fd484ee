"""The entry point of the conversation core: one inbound message in, replies out."""

from __future__ import annotations

from collections.abc import Callable

from handlers import forms, payloads
from handlers.flows import (
    activity,
    capture,
    case_lists,
    case_new,
    case_update,
    corrections,
    dashboard,
    followups,
    meeting_attendance,
    meeting_rsvp,
    meetings,
    menu,
    onboarding,
    planned_steps,
    reports,
    roster_upload,
    smalltalk,
    username_link,
)
from handlers.options import match_option
from handlers.turn import Turn
from storage.conversations import reset_state
from storage.notifications import PROMPT_OPTIONS

# Commands are matched without the leading slash and any "@botname" suffix.
COMMANDS: dict[str, Callable[[Turn], None]] = {
    "start": menu.greet,
    "menu": menu.show_menu,
    "bantuan": menu.show_help,
    "help": menu.show_help,
    "lapor": activity.start_guided,
    "kegiatan": activity.start_guided,
    "kasusbaru": case_new.start_guided,
    "kasus": case_lists.list_cases,
    "ubah": corrections.edit_last,
    "hapus": corrections.delete_last,
    "bahasa": corrections.set_language,
    "language": corrections.set_language,
    "nonaktifkan": lambda turn: onboarding.set_active(turn, active=False),
    "aktifkan": lambda turn: onboarding.set_active(turn, active=True),
    "rapat": meetings.start,
    "laporan": reports.request_report,
    "dasbor": dashboard.send_link,
    "dashboard": dashboard.send_link,
}
# Commands that would start something new: with a draft open, the draft is resumed instead,
# so that nothing half-written is lost by a stray command (/batal discards it on purpose).
STARTS_NEW = {"start", "menu", "lapor", "kegiatan", "kasusbaru", "ubah", "hapus", "rapat"}

MENU_CHOICES: dict[str, Callable[[Turn], None]] = {
    "menu:activity": activity.start_guided,
    "menu:case": case_new.start_guided,
    "menu:my_cases": case_lists.own_cases,
    "menu:village_cases": case_lists.village_cases,
    "menu:area_cases": case_lists.list_cases,
    "menu:meetings": meetings.start,
    "menu:report": reports.request_report,
    "menu:approvals": onboarding.list_pending,
    "menu:dashboard": dashboard.send_link,
    "menu:help": menu.show_help,
}

# Options that answer a message sent earlier (a reminder's RSVP, a follow-up prompt), by the
# prefix of their key; they work whatever flow the person is in. Order matters: first match wins.
CHOICE_PREFIXES: list[tuple[str, Callable[[Turn, str], None]]] = [
    ("reg:", onboarding.answer_request),
    (username_link.PREFIX, username_link.answer_request),
    ("del:", corrections.answer_delete),
    ("lang:", corrections.answer_language),
    ("case:open:", case_update.show_case),
    (case_lists.PAGE_PREFIX, case_lists.next_page),
    (meeting_rsvp.PREFIX, meeting_rsvp.answer),
    (meeting_attendance.PREFIX, meeting_attendance.answer),
    (followups.PREFIX, followups.answer),
    (planned_steps.PREFIX, planned_steps.answer),
]

# A flow in progress (state.flow) gets every message that no command or prefix took.
FLOWS: dict[str, Callable[[Turn], None]] = {
    "activity": forms.handle,
    "case": forms.handle,
    "capture": capture.awaiting_text,
    "case_update": case_update.handle,
    meetings.FLOW: meetings.handle,
    meeting_rsvp.REASON_FLOW: meeting_rsvp.reason,
    meeting_attendance.FLOW: meeting_attendance.handle,
}


def command_of(text: str) -> str | None:
    """`/Start@psm_bot now` -> `start`; None when the text is no command."""
    stripped = text.strip()
    if not stripped.startswith("/"):
        return None
    word = stripped[1:].split(maxsplit=1)[0] if len(stripped) > 1 else ""
    return word.split("@", 1)[0].lower() or None


def handle(turn: Turn) -> None:
    """Route one message, then tell the sender of any notice that could not be delivered."""
    _route(turn)
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


def _route(turn: Turn) -> None:
    """Guard rails first, then commands, then answers, small talk and the flow in progress."""
    inbound = turn.inbound
    if inbound.is_group_chat:
        # Group chats never see personal data; point registered users to the private chat.
        if turn.person is not None and turn.person.status == "approved":
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
    if turn.person is None or turn.person.status != "approved":
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
    if command in COMMANDS:
        if command in STARTS_NEW and forms.resume_open_draft(turn):
            return
        COMMANDS[command](turn)
        return
    if command is not None:
        turn.notice("unknown_command")
        return

    choice = inbound.choice or match_option(inbound.text, turn.state.options)
    if choice is None and turn.state.flow is not None:
        # A reminder or follow-up that arrived during a draft: its answers still count.
        prompt = match_option(inbound.text, turn.state.data.get(PROMPT_OPTIONS, []))
        if prompt is not None and any(prompt.startswith(p) for p, _ in CHOICE_PREFIXES):
            turn.state.data.pop(PROMPT_OPTIONS, None)
            choice = prompt
    if choice is not None:
        for prefix, answer in CHOICE_PREFIXES:
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
    if turn.state.flow in FLOWS:
        FLOWS[turn.state.flow](turn)
        return
    if choice in MENU_CHOICES:
        MENU_CHOICES[choice](turn)
        return
    if inbound.choice is not None:
        turn.say("option_expired")
        return
    capture.capture(turn)
