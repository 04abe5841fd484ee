"""Corrections: a PSM edits or deletes their own last record within 24 hours (/ubah, /hapus).
Every change lands in the record's history."""

from __future__ import annotations

from datetime import timedelta

from handlers import forms
from handlers.flows import activity, case_new
from handlers.messages import Option
from handlers.turn import Turn
from storage.activities import delete_activity, last_activity_of
from storage.cases import add_event, last_case_of
from storage.models.activities import Activity
from storage.models.cases import Case, CaseEventKind

EDIT_WINDOW = timedelta(hours=24)


def _last_record(turn: Turn) -> Activity | Case | None:
    person = turn.person
    assert person is not None and person.id is not None
    since = turn.now - EDIT_WINDOW
    candidates: list[Activity | Case] = [
        r
        for r in (
            last_activity_of(session=turn.session, reporter_id=person.id, since=since),
            last_case_of(session=turn.session, reporter_id=person.id, since=since),
        )
        if r is not None
    ]
    return max(candidates, key=lambda r: r.created_at) if candidates else None


def edit_last(turn: Turn) -> None:
    """Open the last record as a draft at its summary; saving updates it."""
    record = _last_record(turn)
    if record is None:
        turn.say("corrections.nothing")
        return
    if isinstance(record, Activity):
        draft: forms.Draft = {
            "activity_type": record.activity_type,
            "occurred_on": record.occurred_on.isoformat(),
            "rt": record.rt,
            "rw": record.rw,
            "place": record.place,
            "people_reached": record.people_reached,
            "psm_role": record.psm_role,
            "description": record.description,
            "source_text": record.source_text,
            "_editing_id": record.id,
        }
        forms.start(turn, activity.FORM, draft, guided=False)
    else:
        draft = {
            "client_name": record.client_name,
            "client_sex": record.client_sex,
            "client_age": record.client_age,
            "nik": record.nik,
            "rt": record.rt,
            "rw": record.rw,
            "ppks": record.ppks,
            "problem": record.problem,
            "source": record.source,
            "urgency": record.urgency,
            "consent": record.consent_by or "belum",
            "_editing_id": record.id,
            "opened_on": record.opened_on.isoformat(),
        }
        forms.start(turn, case_new.FORM, draft, guided=False)


def delete_last(turn: Turn) -> None:
    """Ask before deleting the last record."""
    record = _last_record(turn)
    if record is None:
        turn.say("corrections.nothing")
        return
    kind = "activity" if isinstance(record, Activity) else "case"
    turn.say(
        f"corrections.confirm_delete_{kind}",
        number=record.id,
        options=[
            Option(f"del:{kind}:{record.id}", turn.text("corrections.delete_yes")),
            Option("del:no", turn.text("corrections.delete_no")),
        ],
    )


def answer_delete(turn: Turn, choice: str) -> None:
    """del:activity:ID, del:case:ID or del:no."""
    person = turn.person
    assert person is not None and person.id is not None
    if choice == "del:no":
        turn.say("corrections.kept")
        return
    _, kind, number = choice.split(":")
    record = _last_record(turn)
    if (
        record is None
        or record.id != int(number)
        or kind != ("activity" if isinstance(record, Activity) else "case")
    ):
        turn.say("corrections.too_late")
        return
    if isinstance(record, Activity):
        delete_activity(session=turn.session, activity=record, actor_id=person.id, now=turn.now)
    else:
        record.deleted_at = turn.now
        add_event(
            session=turn.session,
            case=record,
            kind=CaseEventKind.EDITED,
            actor_id=person.id,
            occurred_on=turn.local_now.date(),
            now=turn.now,
            data={"deleted": True},
        )
    turn.say("corrections.deleted", number=record.id)


def set_language(turn: Turn) -> None:
    """/bahasa: Indonesian or English."""
    turn.say(
        "language.ask",
        options=[Option("lang:id", "Bahasa Indonesia"), Option("lang:en", "English")],
    )


def answer_language(turn: Turn, choice: str) -> None:
    """lang:id or lang:en."""
    person = turn.person
    assert person is not None
    person.locale = "en" if choice == "lang:en" else "id"
    turn.session.add(person)
    turn.say("language.set")
