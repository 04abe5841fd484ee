"""Who is signed in: the session cookie read into a `Viewer`, and the area they may see."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime

from starlette.exceptions import HTTPException
from starlette.requests import Request

from bot.app import Services
from storage.dashboard_access import session_person
from storage.db import reading, transaction
from storage.models.people import PersonRole
from storage.regions import within

COOKIE = "psmbot_dasbor"
# The mount point of the dashboard; every dashboard path starts with it.
PREFIX = "/dasbor"


class SignInRequired(HTTPException):
    """No live session: the page asks to sign in again from the chat (401)."""

    def __init__(self) -> None:
        super().__init__(status_code=401)


@dataclass(frozen=True, slots=True)
class Viewer:
    """The signed-in coordinator and the area their pages cover."""

    person_id: int
    name: str
    role: PersonRole
    # The person's own area: where their pages start.
    home_area: str
    # What they may see: their own area and everything below it; None for an admin (all).
    area_code: str | None
    locale: str
    session_id: int
    # The raw cookie value: the CSRF tokens are derived from it.
    session_token: str

    def covers(self, code: str | None) -> bool:
        """Whether a record of region `code` lies in the viewer's area."""
        if code is None:
            return False
        return self.area_code is None or within(code, self.area_code)


def services_of(request: Request) -> Services:
    """The running service the dashboard belongs to."""
    services: Services = request.app.state.services
    return services


def _read(services: Services, token: str) -> Viewer | None:
    """Look the cookie up in a read-only session; write only when the session is touched or
    closed (at most once a minute per browser), so pages never queue on SQLite's write lock."""
    now = datetime.now(UTC)
    with reading(services.engine) as session:
        found = session_person(session=session, token=token, now=now)
        changed = bool(session.dirty)
    if changed:
        with transaction(services.engine) as session:
            session_person(session=session, token=token, now=now)
    if found is None:
        return None
    record, person = found
    role = PersonRole(person.role)
    return Viewer(
        person_id=person.id or 0,
        name=person.name,
        role=role,
        home_area=person.area_code,
        area_code=None if role == PersonRole.ADMIN else person.area_code,
        locale=person.locale if person.locale in ("id", "en") else "id",
        session_id=record.id or 0,
        session_token=token,
    )


async def current_viewer(request: Request) -> Viewer | None:
    """The signed-in viewer of this request, or None (cached on the request)."""
    if hasattr(request.state, "viewer"):
        cached: Viewer | None = request.state.viewer
        return cached
    token = request.cookies.get(COOKIE, "")
    viewer = await asyncio.to_thread(_read, services_of(request), token) if token else None
    request.state.viewer = viewer
    return viewer


async def require_viewer(request: Request) -> Viewer:
    """The signed-in viewer; raises `SignInRequired` (a 401 page) when there is none."""
    viewer = await current_viewer(request)
    if viewer is None:
        raise SignInRequired()
    return viewer


def not_found() -> HTTPException:
    """What a page answers for anything missing or outside the viewer's area (404)."""
    return HTTPException(status_code=404)
