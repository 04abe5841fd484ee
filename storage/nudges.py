"""PSM who have sent no report in a week, for the friendly weekly nudge."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from storage.meetings import INVITEE_ROLES
from storage.models.activities import Activity
from storage.models.cases import Case
from storage.models.people import Person, PersonStatus
from storage.models.regions import Region


def zones_in_use(*, session: Session) -> list[str]:
    """The time zones of the areas where active people work."""
    rows = session.exec(
        select(Region.timezone)
        .join(Person, col(Person.area_code) == col(Region.code))
        .where(col(Person.active).is_(True))
        .distinct()
    ).all()
    return sorted(set(rows))


def psm_without_report(
    *, session: Session, zone: str, since: datetime, until: datetime
) -> list[Person]:
    """Active PSM of areas in `zone` with no activity or case reported in [since, until)."""
    reported_activity = select(Activity.reporter_id).where(
        col(Activity.created_at) >= since,
        col(Activity.created_at) < until,
        col(Activity.deleted_at).is_(None),
    )
    reported_case = select(Case.reporter_id).where(
        col(Case.created_at) >= since,
        col(Case.created_at) < until,
        col(Case.deleted_at).is_(None),
    )
    query = (
        select(Person)
        .join(Region, col(Region.code) == col(Person.area_code))
        .where(
            Region.timezone == zone,
            col(Person.role).in_(INVITEE_ROLES),
            col(Person.active).is_(True),
            Person.status == PersonStatus.APPROVED,
            col(Person.id).not_in(reported_activity),
            col(Person.id).not_in(reported_case),
        )
        .order_by(col(Person.id))
    )
    return list(session.exec(query).all())
