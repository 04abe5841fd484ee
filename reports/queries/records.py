"""The full lists behind a report, read in bounded pieces for the XLSX while it is written.

A report's text, chart and PDF show aggregates and the top of each list; the XLSX has every
record. `RecordSource` reads those records a few days of the period at a time, each piece in
its own short read-only session, so the workbook is written row by row without the whole
period in memory and without a transaction held open while it is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, select
from sqlmodel import Session, col

from reports.queries.activities import in_period
from reports.queries.areas import SubAreaCount, sub_area_counts
from reports.queries.cases import StaleCase, opened_in, stale_cases
from storage.area_scope import run
from storage.db import reading
from storage.listings import activity_listing, activity_record, case_listing, case_record
from storage.models.activities import Activity
from storage.models.cases import Case, CaseEvent
from storage.models.media import Media

# Days of the period read at once: a week is one piece, a year 53.
PIECE_DAYS = 7


@dataclass(frozen=True, slots=True)
class RecordSource:
    """Where the XLSX finds the records of one report: an area, a period, the stale cut."""

    engine: Engine
    area_code: str
    start: date
    end: date
    stale_end: date
    stale_end_utc: datetime
    stale_days: int
    roster_cutoff: datetime  # PSM approved after this were not yet PSM of the period

    def _pieces(self) -> Iterator[tuple[date, date]]:
        day = self.start
        while day < self.end:
            following = min(day + timedelta(days=PIECE_DAYS), self.end)
            yield day, following
            day = following

    def activities(self) -> Iterator[dict[str, Any]]:
        """Activities (not deleted) of the area and period, oldest first, as export rows."""
        return self._read_ahead(_activity_piece)

    def cases(self) -> Iterator[dict[str, Any]]:
        """Cases (not deleted) opened in the area and period, oldest first; NIK masked."""
        return self._read_ahead(_case_piece)

    def _read_ahead(self, read: Callable[..., list[dict[str, Any]]]) -> Iterator[dict[str, Any]]:
        """The pieces in order, the next one read in a thread while this one is written: the
        database works while the workbook is written, and at most two pieces are in memory."""

        def piece(start: date, end: date) -> list[dict[str, Any]]:
            with reading(self.engine) as session:
                return read(session, self.area_code, start, end)

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-rows") as reader:
            pending = None
            for start, end in self._pieces():
                following = reader.submit(piece, start, end)
                if pending is not None:
                    yield from pending.result()
                pending = following
            if pending is not None:
                yield from pending.result()

    def stale(self, limit: int | None = None) -> list[StaleCase]:
        """The report's stale cases, stalest first (all of them, or the first `limit`)."""
        with reading(self.engine) as session:
            return stale_cases(
                session=session,
                area_code=self.area_code,
                end=self.stale_end,
                end_utc=self.stale_end_utc,
                days=self.stale_days,
                limit=limit,
            )

    def sub_areas(self) -> list[SubAreaCount]:
        """The period's numbers per sub-area."""
        with reading(self.engine) as session:
            return sub_area_counts(
                session=session,
                area_code=self.area_code,
                start=self.start,
                end=self.end,
                stale_end=self.stale_end,
                stale_end_utc=self.stale_end_utc,
                stale_days=self.stale_days,
                joined_before=self.roster_cutoff,
            )


def _activity_piece(
    session: Session, area_code: str, start: date, end: date
) -> list[dict[str, Any]]:
    where = in_period(area_code, start, end)
    # The piece's files are counted for the piece's activities only, not for the whole table.
    counted = run(
        session,
        select(col(Media.activity_id), func.count(col(Media.id)))
        .join(Activity, col(Activity.id) == col(Media.activity_id))
        .where(*where)
        .group_by(col(Media.activity_id)),
    ).all()
    media = {int(aid): int(n) for aid, n in counted}
    listing = activity_listing(area_code=area_code, start=start, end=end, media=False)
    return [
        activity_record(row) | {"media_count": media.get(int(row[0]), 0)}
        for row in run(session, listing).all()
    ]


def _case_piece(session: Session, area_code: str, start: date, end: date) -> list[dict[str, Any]]:
    where = opened_in(area_code, start, end)
    # A file belongs to a case directly, or through one of its events (then it names no case).
    direct = run(
        session,
        select(col(Media.case_id), func.count(col(Media.id)))
        .join(Case, col(Case.id) == col(Media.case_id))
        .where(*where)
        .group_by(col(Media.case_id)),
    ).all()
    through = run(
        session,
        select(col(CaseEvent.case_id), func.count(col(Media.id)))
        .join(CaseEvent, col(CaseEvent.id) == col(Media.case_event_id))
        .join(Case, col(Case.id) == col(CaseEvent.case_id))
        .where(*where, col(Media.case_id).is_(None))
        .group_by(col(CaseEvent.case_id)),
    ).all()
    media: dict[int, int] = {}
    for case_id, n in [*direct, *through]:
        media[int(case_id)] = media.get(int(case_id), 0) + int(n)
    listing = case_listing(area_code=area_code, start=start, end=end, media=False)
    return [
        case_record(row) | {"media_count": media.get(int(row[0]), 0)}
        for row in run(session, listing).all()
    ]
