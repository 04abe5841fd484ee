"""What the scheduler polls: due report subscriptions and meeting moments not handled yet."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func
from sqlalchemy.orm import InstrumentedAttribute
from sqlmodel import Session, col, or_, select

from storage.models.meetings import Meeting, MeetingStatus
from storage.models.regions import Region
from storage.models.schedules import ReportSubscription


def due_subscriptions(
    *, session: Session, now: datetime, default_zone: str, limit: int = 100
) -> list[tuple[ReportSubscription, str]]:
    """Active subscriptions whose next delivery moment has come (or is not known yet).

    Each comes with its area's zone. On PostgreSQL the rows are locked with SKIP LOCKED until
    the transaction ends, so a second scheduler pass never takes the same ones.
    """
    query = (
        select(ReportSubscription, func.coalesce(Region.timezone, default_zone))
        .join(Region, col(Region.code) == col(ReportSubscription.area_code), isouter=True)
        .where(
            col(ReportSubscription.active).is_(True),
            or_(
                col(ReportSubscription.next_fire_at).is_(None),
                col(ReportSubscription.next_fire_at) <= now,
            ),
        )
        .order_by(col(ReportSubscription.next_fire_at), col(ReportSubscription.id))
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=ReportSubscription)
    return [(subscription, str(zone)) for subscription, zone in session.exec(query).all()]


def due_meeting_moments(
    *,
    session: Session,
    handled: InstrumentedAttribute[datetime | None],
    offset: timedelta,
    now: datetime,
    started: bool,
    oldest: datetime,
    limit: int = 50,
) -> list[Meeting]:
    """Scheduled meetings whose moment `starts_at + offset` has come and is not handled yet.

    `handled` is the meeting's column marking the moment done. Reminders (`started` False) are
    for meetings still ahead; the after-meeting prompt (`started` True) for meetings begun.
    Meetings starting before `oldest` are past catching up and not looked at.
    """
    query = select(Meeting).where(
        Meeting.status == MeetingStatus.SCHEDULED,
        col(handled).is_(None),
        col(Meeting.starts_at) <= now - offset,
        col(Meeting.starts_at) >= oldest,
    )
    if not started:
        query = query.where(col(Meeting.starts_at) > now)
    query = query.order_by(col(Meeting.starts_at), col(Meeting.id)).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(session.exec(query).all())
