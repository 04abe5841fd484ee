"""The scheduler's entry point: ask for a coordinator's report, once per key.

Nothing is rendered here: the scheduler's unit of work only commits a render job, which a render
worker (`reports.delivery.render_worker`) makes and sends afterwards.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Literal

from sqlmodel import Session

from reports.building.build import COORDINATORS
from storage.addressing import latest_address
from storage.models.people import Person, PersonRole
from storage.regions import within
from storage.render_jobs import enqueue_render

log = logging.getLogger(__name__)


def queue_period_report(
    *,
    session: Session,
    person: Person,
    area_code: str,
    period: Literal["weekly", "monthly", "yearly"],
    start: date,
    now: datetime,
    idempotency_key: str,
    not_before: datetime | None = None,
) -> bool:
    """Ask for the report of the period containing `start` for `person`; True when asked now.

    False when a job with the key exists (a rerun, a second instance), and for a person who is
    not an active coordinator, whose scope does not cover the area, or who has no chat identity.
    The report goes to the person's most recently active chat, not before `not_before`.
    """
    assert person.id is not None
    if not (person.active and person.role in COORDINATORS):
        log.warning("report %s not sent: person %s is no active coordinator", period, person.id)
        return False
    if person.role != PersonRole.ADMIN and not within(area_code, person.area_code):
        log.warning(
            "report %s not sent: %s is outside person %s's area", period, area_code, person.id
        )
        return False
    if latest_address(session=session, person_id=person.id) is None:
        log.warning("report %s not sent: person %s has no chat identity", period, person.id)
        return False
    job = enqueue_render(
        session=session,
        idempotency_key=idempotency_key,
        person_id=person.id,
        area_code=area_code,
        period=period,
        period_start=start,
        now=now,
        origin="scheduler",
        deliver_not_before=not_before,
    )
    return job is not None
