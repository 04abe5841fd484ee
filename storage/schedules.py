"""The scheduler's lease, report subscriptions, and deferring a queued message."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models.messaging import OutboxMessage, OutboxStatus
from storage.models.schedules import ReportSubscription, SchedulerLease


def acquire_lease(
    *, session: Session, name: str, holder: str, now: datetime, ttl: timedelta
) -> bool:
    """Take or renew the lease `name` for `holder`; False while someone else holds it."""
    # One conditional UPDATE, so two instances racing for a lapsed lease cannot both win.
    result = session.execute(
        update(SchedulerLease)
        .where(
            col(SchedulerLease.name) == name,
            or_(col(SchedulerLease.holder) == holder, col(SchedulerLease.expires_at) <= now),
        )
        .values(holder=holder, expires_at=now + ttl)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 1:  # type: ignore[attr-defined]
        return True
    if session.get(SchedulerLease, name) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(SchedulerLease(name=name, holder=holder, expires_at=now + ttl))
    except IntegrityError:  # another instance created it first
        return False
    return True


def holds_lease(*, session: Session, name: str, holder: str, now: datetime) -> bool:
    """Whether `holder` holds the lease at `now` (the row is locked on PostgreSQL)."""
    query = select(SchedulerLease).where(SchedulerLease.name == name)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    lease = session.exec(query).first()
    return lease is not None and lease.holder == holder and lease.expires_at > now


def release_lease(*, session: Session, name: str, holder: str, now: datetime) -> None:
    """Give the lease up so another instance can take it at once."""
    session.execute(
        update(SchedulerLease)
        .where(col(SchedulerLease.name) == name, col(SchedulerLease.holder) == holder)
        .values(expires_at=now)
        .execution_options(synchronize_session=False)
    )


def active_subscriptions(*, session: Session) -> list[ReportSubscription]:
    """Every active report subscription."""
    return list(
        session.exec(
            select(ReportSubscription)
            .where(col(ReportSubscription.active).is_(True))
            .order_by(col(ReportSubscription.id))
        ).all()
    )


def defer_queued(*, session: Session, idempotency_key: str, not_before: datetime) -> bool:
    """Hold a pending message with this key until `not_before`; False when there is none."""
    row = session.exec(
        select(OutboxMessage).where(
            OutboxMessage.idempotency_key == idempotency_key,
            OutboxMessage.status == OutboxStatus.PENDING,
        )
    ).first()
    if row is None:
        return False
    row.next_attempt_at = max(row.next_attempt_at, not_before)
    session.add(row)
    return True
