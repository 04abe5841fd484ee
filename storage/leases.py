"""Leases: one holder at a time per name, in the database's clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.clock import database_now
from storage.models.leases import Lease


def _locked(session: Session, name: str) -> tuple[Lease | None, datetime]:
    """The lease's row, locked, and the time read once the lock is held.

    A renewal that waited for the lock (behind a unit of work renewing the same lease, or
    behind SQLite's write lock) reads the clock after the wait, not before it.
    """
    current = session.exec(select(Lease).where(col(Lease.name) == name).with_for_update()).first()
    return current, database_now(session=session)


def _later_of(expires: datetime) -> Any:
    """The new expiry, unless the row already holds a later one: a lease never shortens."""
    return case((col(Lease.expires_at) > expires, col(Lease.expires_at)), else_=expires)


def acquire_lease(*, session: Session, name: str, holder: str, ttl: timedelta) -> datetime | None:
    """Take or renew the lease `name` for `holder`; its expiry, or None while another holds it."""
    taken = take_lease(session=session, name=name, holder=holder, ttl=ttl)
    return None if taken is None else taken[0]


def take_lease(
    *, session: Session, name: str, holder: str, ttl: timedelta
) -> tuple[datetime, str | None] | None:
    """Take or renew the lease; (expiry, the lapsed holder it was taken from), or None.

    The previous holder is named only when the lease passed from another holder whose lease
    had lapsed (a process presumed dead); on a renewal or a first take it is None.
    """
    current, now = _locked(session, name)
    expires = now + ttl
    previous = current.holder if current is not None and current.holder != holder else None
    # One conditional UPDATE, so two processes racing for a lapsed lease cannot both win.
    result = session.execute(
        update(Lease)
        .where(
            col(Lease.name) == name,
            or_(col(Lease.holder) == holder, col(Lease.expires_at) <= now),
        )
        .values(holder=holder, expires_at=_later_of(expires))
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 1:  # type: ignore[attr-defined]
        return expires, previous
    if current is not None:
        return None
    try:
        with session.begin_nested():
            session.add(Lease(name=name, holder=holder, expires_at=expires))
    except IntegrityError:  # another process created it first
        return None
    return expires, None


def renew_held_lease(
    *, session: Session, name: str, holder: str, ttl: timedelta
) -> datetime | None:
    """Extend the lease if `holder` still holds it (fencing a unit of work); its new expiry.

    None when the lease lapsed or went to someone else: the unit must not run.
    """
    _, now = _locked(session, name)
    result = session.execute(
        update(Lease)
        .where(col(Lease.name) == name, col(Lease.holder) == holder, col(Lease.expires_at) > now)
        .values(expires_at=_later_of(now + ttl))
        .execution_options(synchronize_session=False)
    )
    return now + ttl if result.rowcount == 1 else None  # type: ignore[attr-defined]


def lease_holder(*, session: Session, name: str) -> str | None:
    """Who holds the lease now, if anyone."""
    lease = session.get(Lease, name)
    if lease is None or lease.expires_at <= database_now(session=session):
        return None
    return lease.holder


def release_lease(*, session: Session, name: str, holder: str) -> None:
    """Give the lease up so another process can take it at once."""
    session.execute(
        update(Lease)
        .where(col(Lease.name) == name, col(Lease.holder) == holder)
        .values(expires_at=database_now(session=session))
        .execution_options(synchronize_session=False)
    )
