"""Storing checked roster rows: idempotent on the phone number, in bulk, audited.

The command line, a roster sent by chat (and any other way a file arrives) go through
`import_rows`: the same checks, the same report, the same audit entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from handlers.roster.files import read_table
from handlers.roster.rows import EVERYWHERE, ImportScope, RosterRow, validate
from storage.audit import audit
from storage.db import transaction
from storage.people_bulk import CHUNK, PersonRecord, upsert_people
from storage.types import utcnow

Progress = Callable[[Iterable[Sequence[RosterRow]]], Iterable[Sequence[RosterRow]]]


@dataclass
class ImportReport:
    """What an import did, and the rows it could not take with the reason for each."""

    created: int = 0
    updated: int = 0
    # Rows that say what is stored already: nothing written for them.
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        """Rows refused."""
        return len(self.errors)


def store_rows(
    *,
    session: Session,
    rows: Iterable[RosterRow],
    report: ImportReport,
    progress: Progress = lambda batches: batches,
) -> None:
    """Create or update the person of each row (found by phone), many rows per statement;
    rows that change nothing are not written."""
    changed: list[RosterRow] = []
    for row in rows:
        if row.unchanged:
            report.unchanged += 1
            continue
        changed.append(row)
        if row.before is None:
            report.created += 1
        else:
            report.updated += 1
    now = utcnow()
    batches = [changed[n : n + CHUNK] for n in range(0, len(changed), CHUNK)]
    for batch in progress(batches):
        records = [PersonRecord(r.phone, r.name, r.role, r.area_code) for r in batch]
        upsert_people(session, records, now)


def audit_import(
    *, session: Session, report: ImportReport, actor_id: int | None, via: str, file: str
) -> None:
    """One audit entry per import: who, how, and the counts (never the people's data)."""
    audit(
        session=session,
        action="roster.import",
        actor_id=actor_id,
        actor_label=None if actor_id is not None else via,
        subject_type="roster",
        subject_id=file[:60],
        detail={
            "via": via,
            "created": report.created,
            "updated": report.updated,
            "rejected": report.rejected,
        },
    )


def import_rows(
    *,
    session: Session,
    rows: list[dict[str, str]],
    scope: ImportScope,
    actor_id: int | None,
    via: str,
    file: str,
    locale: str = "id",
    progress: Progress = lambda batches: batches,
) -> ImportReport:
    """Check, store and audit the rows of one roster file inside the caller's transaction."""
    report = ImportReport()
    good, report.errors = validate(session, rows, scope=scope, locale=locale)
    store_rows(session=session, rows=good, report=report, progress=progress)
    audit_import(session=session, report=report, actor_id=actor_id, via=via, file=file)
    return report


def import_in_session(
    *,
    session: Session,
    path: Path,
    scope: ImportScope,
    actor_id: int | None,
    locale: str = "id",
    via: str = "chat",
) -> ImportReport:
    """Import a roster inside the caller's transaction (a file sent by chat or uploaded)."""
    return import_rows(
        session=session,
        rows=read_table(path),
        scope=scope,
        actor_id=actor_id,
        via=via,
        file=path.name,
        locale=locale,
    )


def import_file(engine: Engine, path: Path, *, progress: Progress | None = None) -> ImportReport:
    """Import a roster file from the command line: good rows stored, bad ones listed."""
    rows = read_table(path)
    with transaction(engine) as session:
        return import_rows(
            session=session,
            rows=rows,
            scope=EVERYWHERE,
            actor_id=None,
            via="cli",
            file=path.name,
            progress=progress or (lambda batches: batches),
        )
