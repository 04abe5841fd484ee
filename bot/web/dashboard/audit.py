"""The audit log for Dinas Sosial and admins: who viewed, exported, approved or changed what.

Dinas Sosial reads the entries of their area; an admin reads every entry, the system's own
(command line, scheduler) included. Anyone else is answered as if the page did not exist.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.web.dashboard.rendering import render
from bot.web.dashboard.viewer import Viewer, not_found, require_viewer, services_of
from storage.audit import audit
from storage.audit_views import AuditFilter, AuditPage, actions_seen, actors_seen, audit_page
from storage.db import transaction
from storage.models.people import PersonRole
from storage.regions import timezone_of

READERS = (PersonRole.DINSOS, PersonRole.ADMIN)


def routes() -> list[BaseRoute]:
    """The audit log page."""
    return [Route("/audit", audit_log, methods=["GET"])]


def _day(request: Request, name: str) -> date | None:
    raw = request.query_params.get(name, "")
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise not_found() from None


def _filter(request: Request, zone: str) -> AuditFilter:
    """The filter from `?orang=ID&aksi=person&dari=2026-11-01&sampai=2026-11-30` (local days)."""
    person = request.query_params.get("orang", "")
    if person and not person.isdigit():
        raise not_found()
    action = request.query_params.get("aksi", "")[:40] or None
    local = ZoneInfo(zone)
    start, end = _day(request, "dari"), _day(request, "sampai")
    return AuditFilter(
        actor_id=int(person) if person else None,
        action=action,
        start_utc=datetime.combine(start, time(0), local).astimezone(UTC) if start else None,
        end_utc=(
            datetime.combine(date.fromordinal(end.toordinal() + 1), time(0), local).astimezone(UTC)
            if end
            else None
        ),
    )


FILTERS = ("orang", "aksi", "dari", "sampai")


def _asked(request: Request) -> dict[str, str]:
    """The filter values given, as typed (short), for the page and its audit entry."""
    return {name: request.query_params.get(name, "")[:40] for name in FILTERS}


def _page(request: Request) -> int:
    raw = request.query_params.get("halaman", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 100_000:
        raise not_found()
    return int(raw)


async def audit_log(request: Request) -> Response:
    """Entries of the viewer's area, newest first, filtered and paged."""
    viewer = await require_viewer(request)
    if viewer.role not in READERS:
        raise not_found()
    services = services_of(request)
    page = _page(request)

    def load(viewer: Viewer) -> tuple[AuditPage, list[str], list[tuple[int, str]], str]:
        with transaction(services.engine) as session:
            zone = timezone_of(session=session, code=viewer.home_area)
            chosen = _filter(request, zone)
            found = audit_page(
                session=session, area_code=viewer.area_code, chosen=chosen, page=page
            )
            actions = actions_seen(session=session, area_code=viewer.area_code)
            actors = actors_seen(session=session, area_code=viewer.area_code)
            audit(
                session=session,
                action="audit.viewed",
                actor_id=viewer.person_id,
                subject_type="area",
                subject_id=viewer.area_code or "all",
                detail={"via": "dasbor", "page": page, **_asked(request)},
            )
            return found, actions, actors, zone

    found, actions, actors, zone = await asyncio.to_thread(load, viewer)
    return render(
        request,
        "audit.html",
        {
            "found": found,
            "actions": actions,
            "groups": sorted({action.split(".", 1)[0] for action in actions if "." in action}),
            "actors": actors,
            "zone": zone,
            "chosen": _asked(request),
            "local": lambda moment: moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H.%M"),
        },
    )
