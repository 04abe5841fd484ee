"""Answers to a meeting reminder: hadir, tidak hadir, or izin with a reason."""

from __future__ import annotations

from handlers.flows import meeting_text
from handlers.i18n import t
from handlers.turn import Turn
from storage.conversations import reset_state
from storage.meeting_attendance import RSVP_ANSWERS, set_rsvp
from storage.meetings import invitees_of
from storage.models.meetings import Meeting, MeetingStatus
from storage.regions import timezone_of

PREFIX = "rsvp:"
REASON_FLOW = "meetings.rsvp_reason"


def options_for(meeting_id: int, locale: str) -> list[tuple[str, str]]:
    """The RSVP options of a reminder, as (key, label)."""
    return [(f"{PREFIX}{meeting_id}:{a}", t(locale, f"meetings.rsvp.{a}")) for a in RSVP_ANSWERS]


def answer(turn: Turn, choice: str) -> None:
    """`rsvp:{meeting}:{hadir|tidak|izin}` pressed or typed as its number."""
    assert turn.person is not None and turn.person.id is not None
    _, meeting_id, reply = choice.split(":", 2)
    if (
        turn.state.flow == REASON_FLOW
    ):  # a new answer replaces the izin still waiting for its reason
        reset_state(turn.state)
    meeting = turn.session.get(Meeting, int(meeting_id)) if meeting_id.isdigit() else None
    if (
        meeting is None
        or meeting.status != MeetingStatus.SCHEDULED
        or meeting.starts_at <= turn.now
        or reply not in RSVP_ANSWERS
    ):
        turn.answer_aside("meetings.rsvp.closed")
        return
    invited = {p.id for p in invitees_of(session=turn.session, area_code=meeting.area_code)}
    if turn.person.id not in invited:
        turn.answer_aside("meetings.rsvp.not_invited")
        return
    assert meeting.id is not None
    set_rsvp(session=turn.session, meeting_id=meeting.id, person_id=turn.person.id, answer=reply)
    values = _values(turn, meeting)
    if reply == "izin" and turn.state.flow is None:
        # Ask for the reason only when no draft is open; a draft must not be pushed aside.
        turn.state.flow, turn.state.step = REASON_FLOW, "reason"
        turn.state.data = {"meeting_id": meeting.id}
        turn.say("meetings.rsvp.ask_reason")
        return
    turn.answer_aside(f"meetings.rsvp.thanks_{reply}", **values)


def reason(turn: Turn) -> None:
    """The reason typed after choosing izin."""
    assert turn.person is not None and turn.person.id is not None
    text = turn.inbound.text.strip()
    if not text:
        turn.notice("meetings.rsvp.ask_reason")
        return
    meeting = turn.session.get(Meeting, int(turn.state.data.get("meeting_id", 0)))
    reset_state(turn.state)
    if meeting is None or meeting.id is None:
        turn.say("meetings.rsvp.closed")
        return
    set_rsvp(
        session=turn.session,
        meeting_id=meeting.id,
        person_id=turn.person.id,
        answer="izin",
        reason=text,
    )
    turn.say_text(turn.text("meetings.rsvp.thanks_izin", **_values(turn, meeting)))


def _values(turn: Turn, meeting: Meeting) -> dict[str, str]:
    zone = timezone_of(
        session=turn.session, code=meeting.area_code, default=turn.config.default_timezone
    )
    return meeting_text.meeting_values(meeting, zone, turn.locale)
