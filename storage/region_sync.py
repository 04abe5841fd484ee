"""Loading the official region list in bulk, keeping it in step with a new list, and local fixes.

The region table is written with SQLAlchemy core `executemany` in chunks (about 92,000 rows in a
few seconds on SQLite and PostgreSQL) rather than one ORM object per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlmodel import Session, SQLModel

from storage.models.regions import Region, RegionSource
from storage.region_list import RegionRecord, official_regions

CHUNK = 5000
Progress = Callable[[int, int], None]


def _no_progress(done: int, total: int) -> None:
    """Progress is not shown."""


@dataclass
class SyncReport:
    """What a sync changed, and the obsolete regions kept because something points to them."""

    added: int = 0
    renamed: int = 0
    removed: int = 0
    kept: list[str] = field(default_factory=list)
    local_differs: int = 0


def official_count(*, session: Session) -> int:
    """How many regions of the official list the table holds."""
    table = Region.__table__  # type: ignore[attr-defined]
    query = select(func.count()).select_from(table).where(table.c.source == RegionSource.OFFICIAL)
    return int(session.execute(query).scalar_one())


def count_by_level(*, session: Session) -> dict[str, int]:
    """Regions per level (`province`, `regency`, `district`, `village`)."""
    level = Region.__table__.c.level  # type: ignore[attr-defined]
    rows = session.execute(select(level, func.count()).group_by(level)).all()
    return {str(getattr(lv, "value", lv)): int(n) for lv, n in rows}


def insert_regions(
    *,
    session: Session,
    records: Sequence[RegionRecord],
    source: str = RegionSource.OFFICIAL,
    progress: Progress = _no_progress,
) -> int:
    """Insert records (parents first) whose codes the table does not hold yet; returns how many."""
    existing = set(session.execute(select(Region.code)).scalars())  # type: ignore[call-overload]
    fresh = [r for r in records if r.code not in existing]
    table = Region.__table__  # type: ignore[attr-defined]
    for start in range(0, len(fresh), CHUNK):
        chunk = fresh[start : start + CHUNK]
        session.execute(insert(table), [r.row(source) for r in chunk])
        progress(start + len(chunk), len(fresh))
    return len(fresh)


def ensure_official_regions(*, session: Session, progress: Progress = _no_progress) -> int:
    """Load the official list when the table holds none of it yet; returns regions added."""
    if official_count(session=session) > 0:
        return 0
    return insert_regions(session=session, records=official_regions(), progress=progress)


def sync_regions(
    *,
    session: Session,
    records: Sequence[RegionRecord] | None = None,
    overwrite_local: bool = False,
    progress: Progress = _no_progress,
) -> SyncReport:
    """Bring the table in line with the list: new codes added, names updated, old ones removed.

    Local corrections (`regions import`) keep their names unless `overwrite_local`. An obsolete
    region is removed only when no person, record or other region points to it.
    """
    records = official_regions() if records is None else records
    report = SyncReport()
    table = Region.__table__  # type: ignore[attr-defined]
    current = {
        row.code: row
        for row in session.execute(
            select(table.c.code, table.c.name, table.c.kind, table.c.postal_code, table.c.source)
        )
    }
    report.added = insert_regions(session=session, records=records, progress=progress)
    changes = []
    for record in records:
        row = current.get(record.code)
        if row is None:
            continue
        differs = (row.name, row.kind, row.postal_code) != (
            record.name,
            record.kind,
            record.postal_code,
        )
        if not differs:
            continue
        if row.source == RegionSource.LOCAL and not overwrite_local:
            report.local_differs += 1
            continue
        changes.append(
            {
                "b_code": record.code,
                "name": record.name,
                "kind": record.kind,
                "postal": record.postal_code,
            }
        )
    if changes:
        statement = (
            update(table)
            .where(table.c.code == bindparam("b_code"))
            .values(
                name=bindparam("name"),
                kind=bindparam("kind"),
                postal_code=bindparam("postal"),
                source=RegionSource.OFFICIAL,
            )
        )
        for start in range(0, len(changes), CHUNK):
            session.execute(statement, changes[start : start + CHUNK])
        report.renamed = len(changes)
    listed = {r.code for r in records}
    obsolete = [
        code
        for code, row in current.items()
        if row.source == RegionSource.OFFICIAL and code not in listed
    ]
    report.removed, report.kept = _remove_unreferenced(session, obsolete)
    return report


def _remove_unreferenced(session: Session, codes: Iterable[str]) -> tuple[int, list[str]]:
    """Delete the given regions that nothing points to, deepest first; returns (removed, kept)."""
    doomed = sorted(codes, key=lambda c: (-c.count("."), c))
    if not doomed:
        return 0, []
    referenced = referenced_codes(session=session, among=set(doomed))
    table = Region.__table__  # type: ignore[attr-defined]
    kept: list[str] = []
    removed = 0
    for code in doomed:
        if code in referenced:
            kept.append(code)
            # A kept region keeps its parent too.
            if "." in code:
                referenced.add(code.rsplit(".", 1)[0])
            continue
        session.execute(delete(table).where(table.c.code == code))
        removed += 1
    return removed, sorted(kept)


def referenced_codes(*, session: Session, among: set[str]) -> set[str]:
    """Which of these region codes a row of any table (people, records, regions) points to."""
    found: set[str] = set()
    region_table = Region.__table__  # type: ignore[attr-defined]
    for table in SQLModel.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table is not region_table:
                continue
            column = key.parent
            query = select(column).where(column.in_(sorted(among))).distinct()
            if table is region_table:
                # A child that is itself going away does not keep its parent.
                query = query.where(table.c.code.not_in(sorted(among)))
            found.update(session.execute(query).scalars())
    return found
