"""/rapat: create a meeting or series by chat, list the coming ones, cancel or move one."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from handlers import payloads
from handlers.flows import meeting_holidays, meeting_text
from handlers.flows.meeting_setup import (
    Plan,
    Refusal,
    area_name,
    can_change,
    cancel_and_notify,
    may_organise,
    move_and_notify,
    plan_meeting,
    save_plan,
    schedule_text,
    unreachable_names,
)
from handlers.messages import Option
from handlers.options import match_option
from handlers.parsing.schedules import parse_schedule
from handlers.turn import Turn
from storage.calendar import holidays_on
from storage.conversations import reset_state
from storage.meetings import invitees_of, upcoming_meetings
from storage.models.meetings import Meeting, MeetingStatus
from storage.regions import timezone_of

FLOW = "meetings"
MENU_KEYS = ("create", "list", "cancel", "move")


def start(turn: Turn) -> None:
    """/rapat: the meetings menu for organisers, the list of coming meetings for a PSM."""
    assert turn.person is not None
    reset_state(turn.state)
    if not may_organise(turn.person):
        _list(turn)
        return
    turn.state.flow, turn.state.step = FLOW, "menu"
    options = [Option(f"mtg:{key}", turn.text(f"meetings.menu.{key}")) for key in MENU_KEYS]
    turn.say("meetings.menu.title", options=options)


def handle(turn: Turn) -> None:
    """A message while the meetings flow is open."""
    choice = turn.inbound.choice or _matched(turn)
    step = turn.state.step
    if choice == "mtg:create":
        _ask_rule(turn)
    elif choice == "mtg:list":
        reset_state(turn.state)
        _list(turn)
    elif choice in {"mtg:cancel", "mtg:move"}:
        _pick(turn, choice.removeprefix("mtg:"))
    elif choice == "mtg:save" and step == "preview":
        _save(turn)
    elif choice == "mtg:save_skip" and step == "preview":
        _save(turn, skip_holidays=True)
    elif choice == "mtg:rename" and step == "preview":
        turn.state.step = "title"
        turn.say("meetings.ask_title")
    elif choice == "mtg:discard":
        reset_state(turn.state)
        turn.say("meetings.discarded")
    elif (picked := payloads.trailing_id(choice, "mtg:pick:")) is not None:
        _picked(turn, picked)
    elif choice in {"mtg:one", "mtg:series"} and step == "cancel_which":
        _cancel(turn, int(turn.state.data["meeting_id"]), whole_series=choice == "mtg:series")
    elif step == "rule" and turn.inbound.text.strip():
        _read_rule(turn)
    elif step == "title" and turn.inbound.text.strip():
        plan = Plan.from_data(turn.state.data["plan"])
        plan.title = turn.inbound.text.strip()[:120]
        _preview(turn, plan)
    elif step == "move_when" and turn.inbound.text.strip():
        _move(turn)
    else:
        turn.notice("not_an_option")


def _matched(turn: Turn) -> str | None:
    return match_option(turn.inbound.text, turn.state.options)


def _ask_rule(turn: Turn) -> None:
    assert turn.person is not None
    if not may_organise(turn.person):
        reset_state(turn.state)
        turn.say("meetings.not_allowed")
        return
    turn.state.flow, turn.state.step, turn.state.data = FLOW, "rule", {}
    turn.say("meetings.ask_rule")


def _read_rule(turn: Turn) -> None:
    assert turn.person is not None
    result = plan_meeting(
        session=turn.session,
        organiser=turn.person,
        text=turn.inbound.text,
        now=turn.now,
        default_zone=turn.config.default_timezone,
    )
    if isinstance(result, Refusal):
        # The question still stands: the next message is read as a schedule again.
        turn.say_text(turn.text(result.key, **result.values))
        return
    _preview(turn, result)


def _preview(turn: Turn, plan: Plan) -> None:
    assert turn.person is not None
    count = len(
        invitees_of(session=turn.session, area_code=plan.area_code, exclude_id=turn.person.id)
    )
    text = turn.text(
        "meetings.preview",
        title=plan.title,
        schedule=schedule_text(plan, turn.locale),
        place=plan.place or turn.text("meetings.no_place"),
        count=count,
        area=area_name(turn.session, plan.area_code),
    )
    if plan.rule is not None:
        first = meeting_text.when(plan.first_at, plan.zone, turn.locale)
        text += "\n" + turn.text("meetings.preview.first", when=first)
    turn.state.step, turn.state.data = "preview", {"plan": plan.to_data()}
    options = [
        Option("mtg:save", turn.text("meetings.save")),
        Option("mtg:rename", turn.text("meetings.rename")),
        Option("mtg:discard", turn.text("meetings.discard")),
    ]
    on_holidays = meeting_holidays.clashes(plan, turn.now)
    if on_holidays:
        text += "\n\n" + meeting_holidays.warning(plan, on_holidays, turn.locale)
        options = meeting_holidays.options(plan, turn.locale)
    turn.say_text(text, options=options)


def _save(turn: Turn, *, skip_holidays: bool = False) -> None:
    assert turn.person is not None
    plan = Plan.from_data(turn.state.data["plan"])
    plan.skip_holidays = skip_holidays and plan.rule is not None
    if plan.first_at <= turn.now:  # the draft waited until its time had passed
        turn.state.step = "rule"
        turn.say("meetings.in_past", when=meeting_text.when(plan.first_at, plan.zone, turn.locale))
        return
    saved = save_plan(session=turn.session, organiser=turn.person, plan=plan, now=turn.now)
    reset_state(turn.state)
    reachable = len(saved.invitees) - len(saved.unreachable)
    text = turn.text("meetings.saved", reachable=reachable, count=len(saved.invitees))
    if saved.unreachable:
        names = unreachable_names(saved.unreachable)
        text += "\n" + turn.text("meetings.unreachable", names=names)
    turn.say_text(text)


def _visible(turn: Turn, limit: int = 10) -> list[Meeting]:
    assert turn.person is not None
    return upcoming_meetings(
        session=turn.session,
        now=turn.now,
        area_code=turn.person.area_code,
        include_above=True,
        limit=limit,
    )


def _zone(turn: Turn, meeting: Meeting) -> str:
    return timezone_of(
        session=turn.session, code=meeting.area_code, default=turn.config.default_timezone
    )


def _list(turn: Turn) -> None:
    meetings = _visible(turn)
    if not meetings:
        turn.say("meetings.none_upcoming")
        return
    lines = [
        turn.text(
            "meetings.list_line", **meeting_text.meeting_values(m, _zone(turn, m), turn.locale)
        )
        for m in meetings
    ]
    turn.say("meetings.list", lines="\n".join(lines))


def _pick(turn: Turn, action: str) -> None:
    assert turn.person is not None
    person = turn.person
    meetings = [m for m in _visible(turn, limit=30) if can_change(person, m)][:10]
    if not meetings:
        reset_state(turn.state)
        turn.say("meetings.nothing_to_change")
        return
    turn.state.flow, turn.state.step, turn.state.data = FLOW, f"pick_{action}", {}
    options = [
        Option(
            f"mtg:pick:{m.id}",
            f"{meeting_text.short_when(m.starts_at, _zone(turn, m), turn.locale)} · {m.title}",
        )
        for m in meetings
    ]
    turn.say(f"meetings.pick_{action}", options=options)


def _picked(turn: Turn, meeting_id: int) -> None:
    assert turn.person is not None
    meeting = turn.session.get(Meeting, meeting_id)
    step = turn.state.step
    if (
        meeting is None
        or meeting.status != MeetingStatus.SCHEDULED
        or meeting.starts_at <= turn.now
        or not can_change(turn.person, meeting)
        or step not in {"pick_cancel", "pick_move"}
    ):
        reset_state(turn.state)
        turn.say("meetings.gone")
        return
    turn.state.data = {"meeting_id": meeting_id}
    if step == "pick_move":
        turn.state.step = "move_when"
        turn.say("meetings.ask_new_time")
        return
    if meeting.series_id is None:
        _cancel(turn, meeting_id, whole_series=False)
        return
    turn.state.step = "cancel_which"
    when = meeting_text.when(meeting.starts_at, _zone(turn, meeting), turn.locale)
    turn.say(
        "meetings.cancel_which",
        when=when,
        title=meeting.title,
        options=[
            Option("mtg:one", turn.text("meetings.cancel_one")),
            Option("mtg:series", turn.text("meetings.cancel_series")),
        ],
    )


def _cancel(turn: Turn, meeting_id: int, *, whole_series: bool) -> None:
    meeting = turn.session.get(Meeting, meeting_id)
    reset_state(turn.state)
    if meeting is None or meeting.status != MeetingStatus.SCHEDULED:
        turn.say("meetings.gone")
        return
    when = meeting_text.when(meeting.starts_at, _zone(turn, meeting), turn.locale)
    told = cancel_and_notify(
        session=turn.session, meeting=meeting, whole_series=whole_series, now=turn.now
    )
    if whole_series and meeting.series_id is not None:
        turn.say("meetings.cancelled_series", title=meeting.title, count=told)
    else:
        turn.say("meetings.cancelled_one", when=when, count=told)


def _move(turn: Turn) -> None:
    meeting = turn.session.get(Meeting, int(turn.state.data["meeting_id"]))
    if meeting is None or meeting.status != MeetingStatus.SCHEDULED:
        reset_state(turn.state)
        turn.say("meetings.gone")
        return
    zone = _zone(turn, meeting)
    schedule = parse_schedule(turn.inbound.text, turn.now.astimezone(ZoneInfo(zone)).date())
    if schedule is None or schedule.on is None:
        turn.say("meetings.move_unclear")
        return
    starts_at = datetime.combine(schedule.on, schedule.at, tzinfo=ZoneInfo(zone)).astimezone(UTC)
    if starts_at <= turn.now:
        turn.say("meetings.in_past", when=meeting_text.when(starts_at, zone, turn.locale))
        return
    moved, told = move_and_notify(
        session=turn.session,
        meeting=meeting,
        starts_at=starts_at,
        place=schedule.place,
        now=turn.now,
    )
    reset_state(turn.state)
    text = turn.text(
        "meetings.moved", when=meeting_text.when(moved.starts_at, zone, turn.locale), count=told
    )
    holidays = holidays_on(moved.starts_at.astimezone(ZoneInfo(zone)).date())
    if holidays:
        text += "\n" + turn.text("meetings.holiday.moved_onto", name=holidays[0].name)
    turn.say_text(text)
