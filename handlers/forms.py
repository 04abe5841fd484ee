"""A small form engine: a draft in the conversation state, filled one question at a time.

A form is an ordered list of fields. Guided reporting asks every field in turn; quick capture
starts from what the parser read and asks only the required fields still empty. Either way the
draft ends at a summary with Save / Change / Cancel, and any photo sent meanwhile joins it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from handlers.messages import Option
from handlers.turn import Turn
from storage.conversations import reset_state
from storage.media import store_inbound_media

Draft = dict[str, Any]
SKIP_WORDS = {"lewati", "skip", "-", "tidak ada", "tdk ada", "ga ada", "gak ada", "nggak ada"}


class Invalid(ValueError):
    """An answer that does not fit; `hint` is the catalog key of a polite explanation.

    With `options`, the hint is a question of its own (which of these did you mean?) and the
    field's question is not repeated.
    """

    def __init__(self, hint: str, *, options: list[Option] | None = None, **values: Any) -> None:
        super().__init__(hint)
        self.hint = hint
        self.values = values
        self.options = options


@dataclass(frozen=True)
class FormField:
    """One question of a form."""

    key: str
    # Ask the question (a catalog text and, for closed questions, options).
    ask: Callable[[Turn, Draft], None]
    # Read the answer from the turn (text or chosen option); raise Invalid for a bad one.
    read: Callable[[Turn, Draft], Any]
    # Show the value in the summary; None leaves the line out.
    show: Callable[[Turn, Draft], str | None]
    required: Callable[[Draft], bool] = lambda draft: True
    # Asked at all? (e.g. consent of a guardian only for a child)
    applies: Callable[[Draft], bool] = lambda draft: True
    optional: bool = False  # may be skipped with "lewati"
    editable: bool = True


@dataclass(frozen=True)
class Form:
    """A kind of draft: its fields and what saving it does."""

    name: str
    title_key: str
    fields: list[FormField]
    save: Callable[[Turn, Draft], None]
    # Extra checks on the whole draft before saving; returns a catalog key or None.
    check: Callable[[Turn, Draft], str | None] = lambda turn, draft: None
    # Reads a free-text correction at the summary ("RW 07", "35 org"): True when applied,
    # False when not understood, None when it asked a question instead.
    correct: Callable[[Turn, Draft], bool | None] = lambda turn, draft: False
    # Applies the answer to such a question (`fix:{field}:{value}`); False when it does not fit.
    fix_choice: Callable[[Draft, str], bool] = lambda draft, choice: False
    by_key: dict[str, FormField] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_key", {f.key: f for f in self.fields})


def open_form(turn: Turn) -> Form | None:
    """The form of the draft in progress (the conversation's `flow`), None when none is open."""
    return turn.forms.get(turn.state.flow or "")


def start(turn: Turn, form: Form, draft: Draft, *, guided: bool) -> None:
    """Begin a draft and ask the first question (or show the summary when nothing is missing)."""
    reset_state(turn.state)
    turn.state.flow = form.name
    turn.state.data = {"draft": draft, "guided": guided, "asked": []}
    advance(turn, form)


def draft_of(turn: Turn) -> Draft:
    """The draft in progress."""
    draft: Draft = turn.state.data.setdefault("draft", {})
    return draft


def advance(turn: Turn, form: Form) -> None:
    """Ask the next question due, or show the summary."""
    data = turn.state.data
    draft = draft_of(turn)
    asked: list[str] = data.setdefault("asked", [])
    for form_field in form.fields:
        if not form_field.applies(draft):
            continue
        due = (
            form_field.key not in asked
            if data.get("guided")
            else (form_field.required(draft) and draft.get(form_field.key) is None)
        )
        if due:
            turn.state.step = form_field.key
            asked.append(form_field.key)
            form_field.ask(turn, draft)
            return
    show_summary(turn, form)


def resume_open_draft(turn: Turn) -> bool:
    """With a draft open, say so and ask its current question again; False when none is."""
    form = open_form(turn)
    if form is None:
        return False
    turn.notice("draft.still_open")
    resume_question(turn, form)
    return True


def resume_question(turn: Turn, form: Form) -> None:
    """Ask the open draft's current question again (or show its summary)."""
    step = turn.state.step or ""
    if step in form.by_key:
        form.by_key[step].ask(turn, draft_of(turn))
    else:
        show_summary(turn, form)


def missing_required(form: Form, draft: Draft) -> list[FormField]:
    """Required fields still empty."""
    return [
        f
        for f in form.fields
        if f.applies(draft) and f.required(draft) and draft.get(f.key) is None
    ]


def show_summary(turn: Turn, form: Form) -> None:
    """The draft as the person will confirm it."""
    draft = draft_of(turn)
    turn.state.step = "confirm"
    lines = [turn.text(form.title_key)]
    for form_field in form.fields:
        if not form_field.applies(draft):
            continue
        shown = form_field.show(turn, draft)
        if shown is not None:
            lines.append(f"• {turn.text(f'{form.name}.field.{form_field.key}')}: {shown}")
    photos = len(draft.get("media", []))
    if photos:
        lines.append(f"• {turn.text('draft.photos')}: {photos}")
    lines.append("")
    lines.append(turn.text("draft.confirm_question"))
    turn.say_text("\n".join(lines), options=summary_options(turn))


def summary_options(turn: Turn) -> list[Option]:
    """Save / Change / Cancel."""
    return [
        Option("draft:save", turn.text("draft.save")),
        Option("draft:edit", turn.text("draft.edit")),
        Option("draft:cancel", turn.text("draft.cancel")),
    ]


def collect_media(turn: Turn) -> int:
    """Store photos that came with this message in the draft; returns how many were added."""
    inbound = turn.inbound
    if not inbound.media:
        return 0
    draft = draft_of(turn)
    ids: list[int] = draft.setdefault("media", [])
    for item in inbound.media:
        media = store_inbound_media(
            session=turn.session,
            path=item.path,
            content_type=item.content_type,
            sha256=item.sha256,
            size_bytes=item.size_bytes,
            uploaded_by=turn.person.id if turn.person else None,
            now=turn.now,
        )
        assert media.id is not None
        ids.append(media.id)
    if inbound.group_id:
        draft["group_id"] = inbound.group_id
    return len(inbound.media)


def handle(turn: Turn, form: Form) -> None:
    """A message while a draft of `form` is open."""
    draft = draft_of(turn)
    inbound = turn.inbound
    same_album = bool(inbound.group_id) and inbound.group_id == draft.get("group_id")
    added = collect_media(turn)
    text = inbound.text.strip()
    if added and not text and not inbound.choice:
        # The rest of an album arrives as separate messages: take them in silently.
        if not same_album:
            turn.notice("draft.photo_added", count=len(draft.get("media", [])))
        return
    step = turn.state.step or ""
    if step == "confirm":
        _on_confirm(turn, form)
    elif step == "edit_menu":
        _on_edit_menu(turn, form)
    elif step in form.by_key:
        _on_answer(turn, form, form.by_key[step])
    else:
        advance(turn, form)


def _on_answer(turn: Turn, form: Form, form_field: FormField) -> None:
    draft = draft_of(turn)
    text = turn.inbound.text.strip()
    if form_field.optional and not turn.inbound.choice and text.lower() in SKIP_WORDS:
        value = None  # skipped: the field keeps what it had
    else:
        try:
            value = form_field.read(turn, draft)
        except Invalid as problem:
            if problem.options:
                turn.say(problem.hint, options=problem.options, **problem.values)
                return
            turn.notice(problem.hint, **problem.values)
            form_field.ask(turn, draft)
            return
    if value is not None:
        draft[form_field.key] = value
    if turn.state.data.pop("editing_field", False):
        show_summary(turn, form)
    else:
        advance(turn, form)


def _on_confirm(turn: Turn, form: Form) -> None:
    from handlers.options import match_option

    # Save / Change / Cancel still work after a follow-up question replaced the options.
    choice = (
        turn.inbound.choice
        or _choice_from_text(turn)
        or match_option(turn.inbound.text, [[o.key, o.label] for o in summary_options(turn)])
    )
    draft = draft_of(turn)
    if choice and choice.startswith("fix:"):
        if form.fix_choice(draft, choice):
            show_summary(turn, form)
        else:
            turn.notice("not_an_option")
        return
    if choice == "draft:save":
        missing = missing_required(form, draft)
        if missing:
            turn.state.data["editing_field"] = False
            turn.state.step = missing[0].key
            missing[0].ask(turn, draft)
            return
        problem = form.check(turn, draft)
        if problem is not None:
            turn.notice(problem)
            show_summary(turn, form)
            return
        form.save(turn, draft)
        reset_state(turn.state)
    elif choice == "draft:edit":
        turn.state.step = "edit_menu"
        options = [
            Option(f"edit:{f.key}", turn.text(f"{form.name}.field.{f.key}"))
            for f in form.fields
            if f.editable and f.applies(draft)
        ]
        turn.say("draft.edit_which", options=options)
    elif choice == "draft:cancel":
        reset_state(turn.state)
        turn.say("cancelled")
    elif turn.inbound.text.strip():
        corrected = form.correct(turn, draft)
        if corrected:
            show_summary(turn, form)
        elif corrected is False:
            turn.notice("correction.not_understood")
        # None: the corrector asked a question of its own (which field a number is for)
    else:
        turn.notice("not_an_option")


def _choice_from_text(turn: Turn) -> str | None:
    from handlers.options import match_option

    return match_option(turn.inbound.text, turn.state.options)


def _on_edit_menu(turn: Turn, form: Form) -> None:
    choice = turn.inbound.choice or _choice_from_text(turn)
    key = choice.removeprefix("edit:") if choice else None
    if key not in form.by_key:
        turn.notice("not_an_option")
        return
    turn.state.step = key
    turn.state.data["editing_field"] = True
    form.by_key[key].ask(turn, draft_of(turn))
