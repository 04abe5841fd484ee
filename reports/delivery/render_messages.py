"""What a render job sends: its messages to the recipient, and the admins' alert."""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime

from sqlmodel import Session, col, select

from handlers.i18n import t
from handlers.messages import Reply
from reports.building.build import PeriodReport, area_label
from reports.building.formatting import period_label
from reports.building.periods import PeriodKind, period_containing
from storage import outbox
from storage.addressing import latest_address, latest_addresses
from storage.models.people import Person, PersonRole
from storage.models.render_jobs import RenderJob
from storage.notifications import notify_person

log = logging.getLogger(__name__)


def send_job_message(
    session: Session,
    job: RenderJob,
    person: Person,
    reply: Reply,
    now: datetime,
    *,
    suffix: str,
    report: PeriodReport | None = None,
) -> None:
    """Queue one message of the job to its chat (the asking chat, or the latest one)."""
    if job.channel and job.address:
        channel, address = job.channel, job.address
    else:
        assert person.id is not None
        reached = latest_address(session=session, person_id=person.id)
        if reached is None:
            log.warning("report for person %s not sent: no chat identity", person.id)
            return
        channel, address = reached.channel, reached.address
    payload = reply.to_payload()
    if report is not None:
        payload["template_variables"] = {
            "1": person.name,
            "2": area_label(report),
            "3": period_label(report.period, person.locale),
        }
    key = job.idempotency_key if not suffix else f"{job.idempotency_key}:{suffix}"
    # A report asked for in chat answers the person; a scheduled one is bulk.
    kind = "reply" if job.origin == "chat" else f"{job.period}_report"
    outbox.enqueue(
        session=session,
        channel=channel,
        address=address,
        payload=payload,
        now=now,
        kind=kind,
        person_id=person.id,
        idempotency_key=key[:160],
        not_before=job.deliver_not_before,
    )


def tell_admins(
    session: Session, job: RenderJob, person: Person, error: str, now: datetime
) -> None:
    """Every active admin hears that a job failed for good (once per job)."""
    admins = session.exec(
        select(Person).where(Person.role == PersonRole.ADMIN, col(Person.active).is_(True))
    ).all()
    addresses = latest_addresses(session=session, person_ids=[a.id for a in admins if a.id])
    for admin in admins:
        assert admin.id is not None
        notify_person(
            session=session,
            person_id=admin.id,
            kind="notice",
            text=t(
                admin.locale,
                "deliveries.admin.render_failed",
                period=period_key(job),
                area=job.area_code,
                name=person.name,
                attempts=str(job.attempts),
                error=error[:200],
            ),
            now=now,
            idempotency_key=f"render-failed:{job.id}:{admin.id}",
            template_variables={},
            addresses=addresses,
        )


def report_kind(period: str) -> PeriodKind:
    """The job's period as a report kind."""
    if period not in ("weekly", "monthly", "yearly"):
        raise ValueError(f"unknown report period {period!r}")
    return period  # type: ignore[return-value]


def period_key(job: RenderJob) -> str:
    """`2026-W46`: the period the job covers."""
    return period_containing(report_kind(job.period), job.period_start).key


def job_folder(job: RenderJob) -> str:
    """One folder per job: a retry or a second worker writes the same files, never others'."""
    return f"reports/{hashlib.sha256(job.idempotency_key.encode()).hexdigest()[:20]}"


def file_names(locale: str, formats: list[str]) -> str:
    """`PDF, File XLSX`: files named for the reader."""
    return ", ".join(t(locale, f"deliveries.file.{fmt}") for fmt in formats)
