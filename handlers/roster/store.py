"""Storing checked roster rows: idempotent on the phone number, audited, in batches."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from handlers.roster.files import read_table
from handlers.roster.rows import EVERYWHERE, ImportScope, RosterRow, validate
from storage.audit import audit
from storage.db import transaction
from storage.people import upsert_person


@dataclass
class ImportReport:
    """What an import did, and the rows it could not take with the reason for each."""

    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        """Rows refused."""
        return len(self.errors)


def store_rows(*, session: Session, rows: Iterable[RosterRow], report: ImportReport) -> None:
    """Create or update the person of each row (found by phone)."""
    for row in rows:
        _, created = upsert_person(
            session=session, phone=row.phone, name=row.name, role=row.role, area_code=row.area_code
        )
        if created:
            report.created += 1
        else:
            report.updated += 1


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
    rows = read_table(path)
    report = ImportReport()
    good, report.errors = validate(session, rows, scope=scope, locale=locale)
    store_rows(session=session, rows=good, report=report)
    audit_import(session=session, report=report, actor_id=actor_id, via=via, file=path.name)
    return report


def import_file(
    engine: Engine,
    path: Path,
    *,
    progress: Callable[[Iterable[RosterRow]], Iterable[RosterRow]] = lambda rows: rows,
    batch_size: int = 200,
) -> ImportReport:
    """Import a roster file from the command line: good rows stored in batches, bad ones listed."""
    rows = read_table(path)
    report = ImportReport()
    with Session(engine) as session:
        good, report.errors = validate(session, rows, scope=EVERYWHERE)
    batch: list[RosterRow] = []
    for row in progress(good):
        batch.append(row)
        if len(batch) >= batch_size:
            with transaction(engine) as session:
                store_rows(session=session, rows=batch, report=report)
            batch = []
    with transaction(engine) as session:
        store_rows(session=session, rows=batch, report=report)
        audit_import(session=session, report=report, actor_id=None, via="cli", file=path.name)
    return report
