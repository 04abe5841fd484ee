"""One report object from the storage aggregations; every renderer reads only this."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session

from reports.building.periods import Period
from reports.queries import activities, cases, media, meetings, people
from reports.queries.activities import CodeCount, TypeCount
from reports.queries.areas import SubAreaCount
from reports.queries.cases import StaleCase
from reports.queries.meetings import MeetingSummary
from reports.queries.people import RosterEntry
from reports.queries.records import RecordSource
from reports.queries.work import Work, work_by_person
from storage.area_scope import utc_bounds
from storage.calendar import Holiday, holidays_between
from storage.models.people import PersonRole
from storage.models.regions import Region, RegionLevel
from storage.regions import dotted, get_region

# Reports name PSM who did not report: they go to coordinators only.
COORDINATORS = (PersonRole.KETUA_PSM, PersonRole.TKSK, PersonRole.DINSOS, PersonRole.ADMIN)
STALE_DAYS = 14
# The stalest cases the report itself carries (the PDF lists them); the XLSX has them all.
STALE_SHOWN = 50
# Above a kab/kota the full lists outgrow a workbook (a province's year of activities is more
# rows than a sheet holds): a province's XLSX carries the stalest cases up to this many and no
# raw records; each kab/kota's own report has its full lists.
PROVINCE_LIST_ROWS = 5_000
# Upcoming meetings are those in this many days from the report's making.
UPCOMING_DAYS = 14


@dataclass(frozen=True, slots=True)
class Totals:
    """The headline numbers of one period, compared with the period before."""

    activities: int
    people_reached: int
    new_cases: int
    referrals: int
    photos: int
    psm_reporting: int
    meetings: int


@dataclass(frozen=True, slots=True, kw_only=True)
class PsmPerformance(Work):
    """One PSM's work in the period (monthly and yearly reports)."""

    name: str
    area_name: str


@dataclass(slots=True)
class PeriodReport:
    """Everything a coordinator's report shows, for one area and one period."""

    area_code: str
    area_name: str
    area_level: RegionLevel
    timezone: str
    period: Period
    generated_at: datetime
    by_type: list[TypeCount]
    by_role: list[CodeCount]
    new_cases: list[CodeCount]
    statuses: list[CodeCount]
    referrals: list[CodeCount]
    # How many cases are without news; the stalest of them come with `load_lists`.
    stale_total: int
    psm_total: int
    silent: list[RosterEntry]
    meetings: list[MeetingSummary]
    upcoming: list[MeetingSummary]
    photos: dict[str, int]
    totals: Totals
    previous: Totals
    previous_by_type: list[TypeCount]
    performance: list[PsmPerformance] = field(default_factory=list)
    # National holidays and cuti bersama in the period (fewer reports are expected then).
    holidays: list[Holiday] = field(default_factory=list)
    # Set when the PDF could not be made: the chat text then says so.
    pdf_missing: bool = False
    pdf_error: str | None = None  # why the PDF could not be made, for the admins
    # Where the PDF and the XLSX read their lists (records, stale cases, sub-areas), each in
    # a short read of its own: the chat text never needs them.
    records: RecordSource | None = None
    # Filled by `load_lists`: the stalest cases (at most STALE_SHOWN), and each kecamatan of a
    # kab/kota (each kelurahan of a kecamatan...) with its numbers.
    stale: list[StaleCase] = field(default_factory=list)
    sub_areas: list[SubAreaCount] = field(default_factory=list)
    lists_loaded: bool = False

    def load_lists(self) -> None:
        """Read the stalest cases and the sub-area numbers (once; the PDF and XLSX need them)."""
        if self.lists_loaded or self.records is None:
            return
        self.stale = self.records.stale(limit=STALE_SHOWN)
        self.sub_areas = self.records.sub_areas()
        self.lists_loaded = True

    @property
    def full_lists(self) -> bool:
        """Whether the XLSX carries every record and stale case (up to a kab/kota: yes)."""
        return self.area_level != RegionLevel.PROVINCE

    @property
    def invited(self) -> int:
        """Invitations to the period's meetings."""
        return sum(m.invited for m in self.meetings)

    @property
    def attended(self) -> int:
        """Invitees who came to the period's meetings."""
        return sum(m.attended for m in self.meetings)


class UnknownArea(LookupError):
    """No region has that code."""


def build_report(
    *, session: Session, area_code: str, period: Period, now: datetime
) -> PeriodReport:
    """Run every aggregation for the area and period (and the period before, for comparison)."""
    region = get_region(session=session, code=area_code)
    if region is None:
        raise UnknownArea(area_code)
    code, zone = region.code, region.timezone
    start, end = period.start, period.end
    start_utc, end_utc = utc_bounds(start, end, zone)
    by_type = activities.activities_by_type(session=session, area_code=code, start=start, end=end)
    new_cases = cases.new_cases_by_ppks(session=session, area_code=code, start=start, end=end)
    referrals = cases.referrals_by_destination(
        session=session, area_code=code, start=start, end=end
    )
    photos = media.photos_received(
        session=session, area_code=code, start_utc=start_utc, end_utc=end_utc
    )
    # Only PSM already on the roster when the period ended can have failed to report in it.
    psm_total = people.psm_count(session=session, area_code=code, joined_before=end_utc)
    silent = people.silent_psm(
        session=session, area_code=code, start=start, end=end, joined_before=end_utc
    )
    # Meetings still ahead (a report on the current week) are upcoming, not held.
    held = meetings.meetings_between(
        session=session, area_code=code, start_utc=start_utc, end_utc=min(end_utc, now)
    )
    # A period still under way is judged as of today: a case is not overdue before its time.
    tomorrow = now.astimezone(ZoneInfo(zone)).date() + timedelta(days=1)
    stale_end = min(end, tomorrow)
    stale_end_utc = utc_bounds(start, stale_end, zone)[1]
    previous, previous_by_type = _previous(session, code, zone, period.previous(), now)
    return PeriodReport(
        area_code=code,
        area_name=region.name,
        area_level=region.level,
        timezone=zone,
        period=period,
        generated_at=now,
        by_type=by_type,
        by_role=activities.activities_by_role(
            session=session, area_code=code, start=start, end=end
        ),
        new_cases=new_cases,
        statuses=cases.cases_by_status(session=session, area_code=code, end=end),
        referrals=referrals,
        stale_total=cases.stale_count(
            session=session, area_code=code, end=stale_end, end_utc=stale_end_utc, days=STALE_DAYS
        ),
        psm_total=psm_total,
        silent=silent,
        meetings=held,
        upcoming=meetings.meetings_between(
            session=session,
            area_code=code,
            start_utc=now,
            end_utc=now + timedelta(days=UPCOMING_DAYS),
            statuses=("scheduled",),
        ),
        photos=photos,
        totals=_headline(by_type, new_cases, referrals, photos, psm_total - len(silent), len(held)),
        previous=previous,
        previous_by_type=previous_by_type,
        performance=(
            []
            if period.kind == "weekly"
            else _performance(session, code, period, start_utc, end_utc)
        ),
        holidays=holidays_between(start, end),
        records=RecordSource(
            engine=_engine_of(session),
            area_code=code,
            start=start,
            end=end,
            stale_end=stale_end,
            stale_end_utc=stale_end_utc,
            stale_days=STALE_DAYS,
            roster_cutoff=end_utc,
        ),
    )


def _engine_of(session: Session) -> Engine:
    """The engine the session reads from (the XLSX opens short sessions of its own on it)."""
    bind = session.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine


def _headline(
    by_type: list[TypeCount],
    new_cases: list[CodeCount],
    referrals: list[CodeCount],
    photos: dict[str, int],
    psm_reporting: int,
    meetings_held: int,
) -> Totals:
    """The headline numbers, summed from the grouped rows."""
    return Totals(
        activities=sum(r.activities for r in by_type),
        people_reached=sum(r.people_reached for r in by_type),
        new_cases=sum(r.count for r in new_cases),
        referrals=sum(r.count for r in referrals),
        photos=sum(photos.values()),
        psm_reporting=psm_reporting,
        meetings=meetings_held,
    )


def _previous(
    session: Session, code: str, zone: str, period: Period, now: datetime
) -> tuple[Totals, list[TypeCount]]:
    """The headline numbers and activity types of the period before, for comparison."""
    return _totals(session, code, zone, period, now)


def totals_of(
    *, session: Session, area_code: str, timezone: str, period: Period, now: datetime
) -> Totals:
    """The headline numbers of one period (the dashboard's trend), as the report counts them."""
    return _totals(session, area_code, timezone, period, now)[0]


def _totals(
    session: Session, code: str, zone: str, period: Period, now: datetime
) -> tuple[Totals, list[TypeCount]]:
    start, end = period.start, period.end
    start_utc, end_utc = utc_bounds(start, end, zone)
    by_type = activities.activities_by_type(session=session, area_code=code, start=start, end=end)
    psm_total = people.psm_count(session=session, area_code=code, joined_before=end_utc)
    silent = people.silent_psm(
        session=session, area_code=code, start=start, end=end, joined_before=end_utc
    )
    held = meetings.meetings_between(
        session=session, area_code=code, start_utc=start_utc, end_utc=min(end_utc, now)
    )
    totals = _headline(
        by_type,
        cases.new_cases_by_ppks(session=session, area_code=code, start=start, end=end),
        cases.referrals_by_destination(session=session, area_code=code, start=start, end=end),
        media.photos_received(
            session=session, area_code=code, start_utc=start_utc, end_utc=end_utc
        ),
        psm_total - len(silent),
        len(held),
    )
    return totals, by_type


def _performance(
    session: Session, code: str, period: Period, start_utc: datetime, end_utc: datetime
) -> list[PsmPerformance]:
    """Per PSM of the area's roster, their work in the period."""
    work = work_by_person(
        session=session,
        area_code=code,
        start=period.start,
        end=period.end,
        start_utc=start_utc,
        end_utc=end_utc,
    )
    rows = []
    for entry in people.psm_roster(session=session, area_code=code):
        done = work.get(entry.person_id, Work())
        rows.append(
            PsmPerformance(
                name=entry.name,
                area_name=entry.area_name,
                activities_by_role=done.activities_by_role,
                cases_opened=done.cases_opened,
                cases_handled=done.cases_handled,
                meetings_attended=done.meetings_attended,
            )
        )
    return rows


def area_label(region: Region | PeriodReport) -> str:
    """`Kec. Sukajadi`, `Kel. Pasteur`, `Desa ...`, `Kota Bandung` as people write it."""
    if isinstance(region, PeriodReport):
        name, level, code = region.area_name, region.area_level, region.area_code
    else:
        name, level, code = region.name, region.level, region.code
    if level == RegionLevel.DISTRICT:
        return f"Kec. {name}"
    if level == RegionLevel.VILLAGE:
        # Kemendagri numbers kelurahan 1001-1999 and desa from 2001.
        return f"{'Kel.' if dotted(code).rsplit('.', 1)[-1].startswith('1') else 'Desa'} {name}"
    if level == RegionLevel.PROVINCE:
        return f"Prov. {name}"
    return name
