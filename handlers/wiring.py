"""The conversation core assembled: every command, menu choice, answer, flow and form.

This is the one place that says what the bot understands; nothing registers itself when it
is imported. The composition root (`bot.app`) builds it once and hands it to the dispatcher,
which routes every message through it (`handlers.router`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

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
    username_link,
)
from handlers.forms import Form
from handlers.turn import Turn

Handler = Callable[[Turn], None]
Answer = Callable[[Turn, str], None]


@dataclass(frozen=True, slots=True)
class Wiring:
    """What the router dispatches to."""

    # Commands, matched without the leading slash and any "@botname" suffix.
    commands: dict[str, Handler]
    # Commands that would start something new: with a draft open, the draft is resumed
    # instead, so that nothing half-written is lost by a stray command (/batal discards it).
    starts_new: frozenset[str]
    # The main menu's options.
    menu_choices: dict[str, Handler]
    # Options that answer a message sent earlier (a reminder's RSVP, a follow-up prompt), by
    # the prefix of their key; they work whatever flow the person is in. First match wins.
    choice_prefixes: Sequence[tuple[str, Answer]]
    # A flow in progress (state.flow) gets every message that no command or prefix took.
    flows: dict[str, Handler]
    # Drafts filled one question at a time, by name; an open one is a flow of its own.
    forms: Mapping[str, Form]


def conversation() -> Wiring:
    """The bot's conversation, in the order the router tries it."""
    return Wiring(
        commands={
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
        },
        starts_new=frozenset(
            {"start", "menu", "lapor", "kegiatan", "kasusbaru", "ubah", "hapus", "rapat"}
        ),
        menu_choices={
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
        },
        # Order matters: first match wins.
        choice_prefixes=(
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
        ),
        flows={
            "capture": capture.awaiting_text,
            "case_update": case_update.handle,
            meetings.FLOW: meetings.handle,
            meeting_rsvp.REASON_FLOW: meeting_rsvp.reason,
            meeting_attendance.FLOW: meeting_attendance.handle,
        },
        forms={form.name: form for form in (activity.FORM, case_new.FORM)},
    )
