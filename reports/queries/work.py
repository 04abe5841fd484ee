"""One person's work in a period: activities by role, cases opened and handled, meetings
attended.

The monthly and yearly reports show it for each PSM of the roster (`reports.building.build`),
the dashboard's PSM page for this month and this year (`storage.psm_performance`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session

from reports.queries import activities, cases, meetings


@dataclass(frozen=True, slots=True)
class Work:
    """One person's work in one period."""

    activities_by_role: dict[str | None, int] = field(default_factory=dict)
    cases_opened: int = 0
    cases_handled: int = 0
    meetings_attended: int = 0

    @property
    def activities(self) -> int:
        """Activities of every role."""
        return sum(self.activities_by_role.values())

    @property
    def reports(self) -> int:
        """Activities plus new cases reported (as in the monthly report)."""
        return self.activities + self.cases_opened


def work_by_person(
    *,
    session: Session,
    area_code: str,
    start: date,
    end: date,
    start_utc: datetime,
    end_utc: datetime,
) -> dict[int, Work]:
    """Per person who did any, their work in [start, end) (local dates of the area; meetings
    by their UTC start in [start_utc, end_utc))."""
    by_role = activities.reporters_of_activities(
        session=session, area_code=area_code, start=start, end=end
    )
    opened = cases.cases_opened_by(session=session, area_code=area_code, start=start, end=end)
    handled = cases.cases_handled_by(session=session, area_code=area_code, start=start, end=end)
    attended = meetings.meetings_attended_by(
        session=session, area_code=area_code, start_utc=start_utc, end_utc=end_utc
    )
    ids = by_role.keys() | opened.keys() | handled.keys() | attended.keys()
    return {
        pid: Work(
            activities_by_role=by_role.get(pid, {}),
            cases_opened=opened.get(pid, 0),
            cases_handled=handled.get(pid, 0),
            meetings_attended=attended.get(pid, 0),
        )
        for pid in ids
    }
