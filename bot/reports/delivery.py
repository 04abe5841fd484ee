"""The scheduler's entry point: render a coordinator's report once and queue it in the outbox."""

from __future__ import annotations

import hashlib
import logging
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from sqlmodel import Session, col, select

from handlers.messages import Reply
from handlers.reports.build import COORDINATORS, area_label, build_report
from handlers.reports.files import render_files
from handlers.reports.formatting import period_label
from handlers.reports.periods import period_containing
from handlers.reports.text import summary_text
from storage import outbox
from storage.audit import audit
from storage.models.messaging import OutboxMessage
from storage.models.people import Person, PersonRole
from storage.people import identities_of
from storage.regions import within

log = logging.getLogger(__name__)


def queue_period_report(
    *,
    session: Session,
    person: Person,
    area_code: str,
    period: Literal["weekly", "monthly", "yearly"],
    start: date,
    now: datetime,
    media_dir: Path,
    idempotency_key: str,
) -> bool:
    """Queue the report of the period containing `start` for `person`; True when queued.

    The report is rendered at most once per key: when an outbox row with the key exists, nothing
    happens. The files go under `media_dir`; ONE outbox row (kind `weekly_report`,
    `monthly_report` or `yearly_report`) carries the short text, the chart PNG, the PDF and the
    XLSX to the person's most recently active chat, with `template_variables` for WhatsApp
    templates. Nothing is queued (False) for a person who is not an active coordinator, whose
    scope does not cover the area, or who has no chat identity.
    """
    if _already_queued(session, idempotency_key):
        return False
    assert person.id is not None
    if not (person.active and person.role in COORDINATORS):
        log.warning("report %s not sent: person %s is no active coordinator", period, person.id)
        return False
    if person.role != PersonRole.ADMIN and not within(area_code, person.area_code):
        log.warning(
            "report %s not sent: %s is outside person %s's area", period, area_code, person.id
        )
        return False
    targets = identities_of(session=session, person_id=person.id)
    if not targets:
        log.warning("report %s not sent: person %s has no chat identity", period, person.id)
        return False
    report = build_report(
        session=session, area_code=area_code, period=period_containing(period, start), now=now
    )
    locale = person.locale
    # A folder named by the key: a second instance racing on the same key writes the same files.
    folder = f"reports/{hashlib.sha256(idempotency_key.encode()).hexdigest()[:20]}"
    attachments = render_files(report, media_dir=media_dir, folder=folder, locale=locale)
    payload = Reply(text=summary_text(report, locale), attachments=attachments).to_payload()
    payload["template_variables"] = {
        "1": person.name,
        "2": area_label(report),
        "3": period_label(report.period, locale),
    }
    row = outbox.enqueue(
        session=session,
        channel=targets[0].channel,
        address=targets[0].address,
        payload=payload,
        now=now,
        kind=f"{period}_report",
        person_id=person.id,
        idempotency_key=idempotency_key,
    )
    if row is None:
        return False
    audit(
        session=session,
        action="report.queued",
        actor_label="scheduler",
        subject_type="area",
        subject_id=report.area_code,
        detail={"period": report.period.key, "recipient": person.id, "outbox": row.id},
    )
    return True


def _already_queued(session: Session, key: str) -> bool:
    """An outbox row with this key exists."""
    return (
        session.exec(
            select(col(OutboxMessage.id)).where(OutboxMessage.idempotency_key == key)
        ).first()
        is not None
    )
