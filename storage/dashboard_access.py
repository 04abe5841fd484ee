"""Sign-in to the dashboard: one-time links, sessions with an idle expiry, revocation.

A link works once and for `LINK_MINUTES`; it opens a session that lapses after `IDLE_HOURS`
without use. Tokens are random (`secrets`), only their SHA-256 is stored, so every process
sharing the database can check them and a database copy opens nothing. Only coordinators
(ketua PSM and above) may sign in; a person deactivated or no longer approved is signed out.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select

from storage.models.dashboard import DashboardLink, DashboardSession
from storage.models.people import Person, PersonRole, PersonStatus

LINK_MINUTES = 10
IDLE_HOURS = 12
# last_seen_at is written at most this often, not on every page.
TOUCH_SECONDS = 60
DASHBOARD_ROLES = (PersonRole.KETUA_PSM, PersonRole.TKSK, PersonRole.DINSOS, PersonRole.ADMIN)


def token_hash(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def may_use_dashboard(person: Person) -> bool:
    """Coordinators who are approved and active."""
    return (
        person.role in DASHBOARD_ROLES and person.active and person.status == PersonStatus.APPROVED
    )


def create_link(*, session: Session, person: Person, now: datetime) -> str:
    """A new one-time sign-in token for the person (the caller checked `may_use_dashboard`)."""
    assert person.id is not None
    token = secrets.token_urlsafe(32)
    session.add(
        DashboardLink(
            token_hash=token_hash(token),
            person_id=person.id,
            created_at=now,
            expires_at=now + timedelta(minutes=LINK_MINUTES),
        )
    )
    session.flush()
    return token


def link_is_usable(*, session: Session, token: str, now: datetime) -> bool:
    """The link exists, is unused and has not expired (nothing is changed)."""
    link = session.exec(
        select(DashboardLink).where(DashboardLink.token_hash == token_hash(token))
    ).first()
    return link is not None and link.used_at is None and link.expires_at > now


def redeem_link(*, session: Session, token: str, now: datetime) -> tuple[str, Person] | None:
    """Use the link once: a new session token and its person, or None when it is no good.

    The link is marked used by a conditional UPDATE, so two processes redeeming the same link
    at once cannot both succeed.
    """
    used = OrmSession.execute(
        session,
        update(DashboardLink)
        .where(
            col(DashboardLink.token_hash) == token_hash(token),
            col(DashboardLink.used_at).is_(None),
            col(DashboardLink.expires_at) > now,
        )
        .values(used_at=now)
        .returning(col(DashboardLink.person_id)),
    ).first()
    if used is None:
        return None
    person = session.get(Person, used[0])
    if person is None or not may_use_dashboard(person):
        return None
    raw = secrets.token_urlsafe(32)
    session.add(
        DashboardSession(
            token_hash=token_hash(raw), person_id=used[0], created_at=now, last_seen_at=now
        )
    )
    session.flush()
    return raw, person


def session_person(
    *, session: Session, token: str, now: datetime
) -> tuple[DashboardSession, Person] | None:
    """The live session of a cookie and its person; touches it. None when signed out.

    A session idle for `IDLE_HOURS`, revoked, or whose person may no longer use the dashboard
    answers None (and is revoked, so it stays closed).
    """
    found = session.exec(
        select(DashboardSession).where(DashboardSession.token_hash == token_hash(token))
    ).first()
    if found is None or found.revoked_at is not None:
        return None
    person = session.get(Person, found.person_id)
    if found.last_seen_at <= now - timedelta(hours=IDLE_HOURS) or (
        person is None or not may_use_dashboard(person)
    ):
        found.revoked_at = now
        session.add(found)
        return None
    if (now - found.last_seen_at).total_seconds() >= TOUCH_SECONDS:
        found.last_seen_at = now
        session.add(found)
    return found, person


def end_session(*, session: Session, token: str, now: datetime) -> None:
    """Sign out one browser."""
    OrmSession.execute(
        session,
        update(DashboardSession)
        .where(
            col(DashboardSession.token_hash) == token_hash(token),
            col(DashboardSession.revoked_at).is_(None),
        )
        .values(revoked_at=now),
    )


def revoke_sessions_of(*, session: Session, person_id: int, now: datetime) -> int:
    """Sign a person out everywhere (deactivation); unused links stop working too."""
    result: Any = OrmSession.execute(
        session,
        update(DashboardSession)
        .where(
            col(DashboardSession.person_id) == person_id,
            col(DashboardSession.revoked_at).is_(None),
        )
        .values(revoked_at=now),
    )
    OrmSession.execute(
        session,
        update(DashboardLink)
        .where(col(DashboardLink.person_id) == person_id, col(DashboardLink.used_at).is_(None))
        .values(used_at=now),
    )
    return int(result.rowcount or 0)


# Where a sign-in link points, below the service's public base URL.
SIGN_IN_PATH = "/dasbor/masuk/"


def sign_in_url(base_url: str, token: str) -> str:
    """The link a person opens to sign in: `https://host/dasbor/masuk/<token>`."""
    return f"{base_url.rstrip('/')}{SIGN_IN_PATH}{token}"
