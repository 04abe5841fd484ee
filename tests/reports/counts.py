"""The numbers a report should show, counted row by row in plain Python (no GROUP BY)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session, select

from storage.models.activities import Activity
from storage.models.cases import Case, CaseEvent, CaseEventKind, CaseStatus
from storage.models.media import Media
from storage.models.meetings import Meeting, MeetingAttendance
from storage.models.people import Person, PersonRole
from storage.models.regions import Region


@dataclass
class Counts:
    """A week's numbers counted record by record in Python, to check the SQL against."""

    by_type: dict[str, tuple[int, int]]
    by_role: dict[str | None, int]
    new_cases: dict[int | None, int]
    statuses: dict[str, int]
    referrals: dict[str, int]
    stale: dict[int, int]
    silent: list[str]
    photos: int
    meetings: list[tuple[str, int, int]]
    upcoming: list[str]

    @property
    def activities(self) -> int:
        """All activities."""
        return sum(n for n, _ in self.by_type.values())

    @property
    def people_reached(self) -> int:
        """People reached by all activities."""
        return sum(p for _, p in self.by_type.values())


def count_by_hand(engine: Engine, area: str, start: date, end: date, now: datetime) -> Counts:
    """Read every row and count what the report should show, without any GROUP BY."""

    def inside(code: str) -> bool:
        return code == area or code.startswith(area + ".")

    def zone_of(code: str) -> ZoneInfo:
        return ZoneInfo(session.get(Region, code).timezone)  # type: ignore[union-attr]

    with Session(engine) as session:
        zone = zone_of(area)
        activities = [
            a
            for a in session.exec(select(Activity)).all()
            if inside(a.area_code) and a.deleted_at is None and start <= a.occurred_on < end
        ]
        all_cases = {c.id: c for c in session.exec(select(Case)).all()}
        live = {i: c for i, c in all_cases.items() if inside(c.area_code) and not c.deleted_at}
        events = [e for e in session.exec(select(CaseEvent)).all() if e.case_id in live]
        people = session.exec(select(Person)).all()
        media = session.exec(select(Media)).all()
        meetings = session.exec(select(Meeting)).all()
        attendance = session.exec(select(MeetingAttendance)).all()

        by_type: dict[str, tuple[int, int]] = {}
        by_role: dict[str | None, int] = {}
        for a in activities:
            n, reached = by_type.get(a.activity_type, (0, 0))
            by_type[a.activity_type] = (n + 1, reached + (a.people_reached or 0))
            by_role[a.psm_role] = by_role.get(a.psm_role, 0) + 1

        new_cases: dict[int | None, int] = {}
        statuses: dict[str, int] = {}
        for c in live.values():
            if start <= c.opened_on < end:
                new_cases[c.ppks] = new_cases.get(c.ppks, 0) + 1
            if c.opened_on < end:
                statuses[str(c.status)] = statuses.get(str(c.status), 0) + 1
        referrals: dict[str, int] = {}
        for e in events:
            if e.kind == CaseEventKind.REFERRAL and start <= e.occurred_on < end:
                where = e.data.get("destination") or live[e.case_id].referral
                referrals[where] = referrals.get(where, 0) + 1

        last_day = date.fromordinal(end.toordinal() - 1)
        stale: dict[int, int] = {}
        for case_id, c in live.items():
            if c.opened_on >= end or c.status in (CaseStatus.CLOSED, CaseStatus.MOVED):
                continue
            # The newest event before the end; a case without one: the day it was opened.
            news = max(
                (e.occurred_on for e in events if e.case_id == case_id and e.occurred_on < end),
                default=c.opened_on,
            )
            if (last_day - news).days >= 14:
                stale[case_id] = (last_day - news).days

        reported = {a.reporter_id for a in activities}
        reported |= {c.reporter_id for c in live.values() if start <= c.opened_on < end}
        reported |= {e.actor_id for e in events if start <= e.occurred_on < end}
        silent = sorted(
            p.name
            for p in people
            if inside(p.area_code)
            and p.role in (PersonRole.PSM, PersonRole.KETUA_PSM)
            and p.active
            and p.id not in reported
        )

        begin = datetime.combine(start, time(0), zone)
        finish = datetime.combine(end, time(0), zone)
        activity_area = {
            a.id: a for a in session.exec(select(Activity)).all() if a.deleted_at is None
        }
        meeting_area = {m.id: m.area_code for m in meetings}
        photos = 0
        for m in media:
            if not begin <= m.created_at < finish:
                continue
            if m.activity_id is not None:
                owner = activity_area.get(m.activity_id)
                photos += owner is not None and inside(owner.area_code)
            elif m.case_id is not None:
                photos += m.case_id in live
            elif m.meeting_id is not None:
                photos += inside(meeting_area[m.meeting_id])

        held = []
        for m in sorted(meetings, key=lambda m: m.starts_at):
            if inside(m.area_code) and m.status != "cancelled" and begin <= m.starts_at < finish:
                answers = [a for a in attendance if a.meeting_id == m.id]
                held.append((m.title, len(answers), sum(1 for a in answers if a.attended)))
        upcoming = [
            m.title
            for m in sorted(meetings, key=lambda m: m.starts_at)
            if inside(m.area_code) and m.status == "scheduled" and m.starts_at >= max(finish, now)
        ]
    return Counts(
        by_type, by_role, new_cases, statuses, referrals, stale, silent, photos, held, upcoming
    )
