"""After a meeting: the organiser marks who came (prefilled from RSVP), then sends the minutes."""

from __future__ import annotations

import re

from handlers import payloads
from handlers.flows.meeting_setup import can_change
from handlers.i18n import t
from handlers.messages import Option
from handlers.options import match_option
from handlers.turn import Turn
from storage.conversations import reset_state
from storage.meeting_attendance import (
    add_meeting_photo,
    add_minutes,
    attendance_of,
    record_attendance,
)
from storage.meetings import invitees_of
from storage.models.meetings import Meeting, MeetingStatus
from storage.models.people import Person

PREFIX = "attend:"
FLOW = "meetings.attendance"
NUMBERS = re.compile(r"^[\d\s,.;]+$")


def prompt_options(meeting_id: int, locale: str) -> list[tuple[str, str]]:
    """The options sent with the after-meeting prompt, as (key, label)."""
    return [
        (f"{PREFIX}{meeting_id}:start", t(locale, "meetings.attendance.start")),
        (f"{PREFIX}{meeting_id}:notheld", t(locale, "meetings.attendance.not_held")),
    ]


def answer(turn: Turn, choice: str) -> None:
    """`attend:{meeting}:start` or `attend:{meeting}:notheld`, from the prompt."""
    assert turn.person is not None
    _, meeting_id, action = choice.split(":", 2)
    meeting = turn.session.get(Meeting, int(meeting_id)) if meeting_id.isdigit() else None
    if meeting is None or not can_change(turn.person, meeting):
        turn.say("meetings.gone")
        return
    if meeting.status != MeetingStatus.SCHEDULED or meeting.starts_at > turn.now:
        turn.say("meetings.attendance.already")
        return
    if action == "notheld":
        meeting.status = MeetingStatus.CANCELLED
        turn.session.add(meeting)
        turn.say("meetings.attendance.not_held_saved", title=meeting.title)
        return
    if turn.state.flow not in {None, FLOW}:
        turn.notice("meetings.attendance.busy")
        return
    invitees = _invitees(turn, meeting)
    answers = attendance_of(session=turn.session, meeting_id=meeting.id or 0)
    present = [p.id for p in invitees if p.id in answers and answers[p.id].rsvp == "hadir"]
    reset_state(turn.state)
    turn.state.flow, turn.state.step = FLOW, "who"
    turn.state.data = {
        "meeting_id": meeting.id,
        "invitees": [p.id for p in invitees],
        "present": present,
        "photos": 0,
    }
    _show_list(turn, invitees)


def handle(turn: Turn) -> None:
    """A message while attendance or minutes are being recorded."""
    meeting = turn.session.get(Meeting, int(turn.state.data.get("meeting_id", 0)))
    if meeting is None:
        reset_state(turn.state)
        turn.say("meetings.gone")
        return
    if turn.state.step == "who":
        _who(turn, meeting)
    else:
        _minutes(turn, meeting)


def _invitees(turn: Turn, meeting: Meeting) -> list[Person]:
    return invitees_of(
        session=turn.session, area_code=meeting.area_code, exclude_id=meeting.organiser_id
    )


def _people(turn: Turn) -> list[Person]:
    people = [turn.session.get(Person, pid) for pid in turn.state.data["invitees"]]
    return [p for p in people if p is not None]


def _show_list(turn: Turn, people: list[Person]) -> None:
    present = set(turn.state.data["present"])
    # Numbered, because the question invites typing the numbers ("1 3 4").
    options = [
        Option(f"att:p:{p.id}", f"{n}. {'✅' if p.id in present else '⬜'} {p.name}")
        for n, p in enumerate(people, start=1)
    ]
    options.append(Option("att:done", turn.text("meetings.attendance.done")))
    turn.say("meetings.attendance.list", present=len(present), total=len(people), options=options)


def _who(turn: Turn, meeting: Meeting) -> None:
    people = _people(turn)
    text = turn.inbound.text.strip()
    choice = turn.inbound.choice or match_option(text, turn.state.options)
    present = set(turn.state.data["present"])
    if choice == "att:done":
        invitee_ids = [p.id for p in people if p.id is not None]
        count = record_attendance(
            session=turn.session, meeting=meeting, invitee_ids=invitee_ids, attended_ids=present
        )
        turn.state.step = "minutes"
        turn.say(
            "meetings.attendance.ask_minutes",
            present=count,
            total=len(people),
            options=[Option("att:finish", turn.text("meetings.attendance.finish"))],
        )
        return
    if (picked := payloads.trailing_id(choice, "att:p:")) is not None:
        toggled = [picked]
    elif text and NUMBERS.match(text):
        numbers = [int(n) for n in re.findall(r"\d+", text)]
        toggled = [people[n - 1].id or 0 for n in numbers if 1 <= n <= len(people)]
    else:
        turn.notice("not_an_option")
        return
    for person_id in toggled:
        present ^= {person_id}
    turn.state.data["present"] = sorted(present)
    _show_list(turn, people)


def _minutes(turn: Turn, meeting: Meeting) -> None:
    assert turn.person is not None and turn.person.id is not None and meeting.id is not None
    inbound = turn.inbound
    choice = inbound.choice or match_option(inbound.text, turn.state.options)
    finish = [Option("att:finish", turn.text("meetings.attendance.finish"))]
    if choice == "att:finish":
        _finish(turn, meeting)
        return
    for media in inbound.media:
        add_meeting_photo(
            session=turn.session,
            meeting_id=meeting.id,
            uploaded_by=turn.person.id,
            path=media.path,
            content_type=media.content_type,
            sha256=media.sha256,
            size_bytes=media.size_bytes,
        )
    if inbound.text.strip():
        add_minutes(session=turn.session, meeting=meeting, text=inbound.text)
    if inbound.media:
        turn.state.data["photos"] = int(turn.state.data.get("photos", 0)) + len(inbound.media)
        turn.say("meetings.attendance.photo_noted", count=turn.state.data["photos"], options=finish)
    elif inbound.text.strip():
        turn.say("meetings.attendance.minutes_noted", options=finish)
    else:
        turn.notice("not_an_option")


def _finish(turn: Turn, meeting: Meeting) -> None:
    answers = attendance_of(session=turn.session, meeting_id=meeting.id or 0)
    photos = int(turn.state.data.get("photos", 0))
    reset_state(turn.state)
    turn.say(
        "meetings.attendance.saved",
        title=meeting.title,
        present=sum(1 for a in answers.values() if a.attended),
        minutes=turn.text(
            "meetings.attendance.minutes_yes"
            if meeting.minutes
            else "meetings.attendance.minutes_no"
        ),
        photos=photos,
    )
