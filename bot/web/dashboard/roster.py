"""Roster and approvals: pending registrations, (de)activation, roster upload and download.

Every change goes through the functions the chat uses (storage.people_changes for decisions
and activation, handlers.roster for imports), so the rank rules and the audit entries are the
same; deactivating someone also signs them out of the dashboard everywhere.
"""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from bot.exports import write_records
from bot.web.dashboard import query
from bot.web.dashboard.areas import PARAM, AreaChoice, chosen_area
from bot.web.dashboard.csrf import checked_form
from bot.web.dashboard.rendering import render
from bot.web.dashboard.viewer import PREFIX, Viewer, not_found, require_viewer, services_of
from handlers.flows.meeting_text import template_variables
from handlers.flows.roster_upload import IMPORTERS, named_by_content
from handlers.i18n import t
from handlers.roster import ImportReport, ImportScope, RosterFileError, import_in_session
from reports.rendering.files import XLSX
from storage.audit import audit
from storage.db import transaction
from storage.models.people import Person, PersonRole, PersonStatus
from storage.notifications import notify_person
from storage.people_changes import Decision, decide_registration, set_active
from storage.people_management import management_refusal
from storage.region_lookup import AreaFinder
from storage.roster_views import (
    ROSTER_COLUMNS,
    RosterPerson,
    area_people,
    count_people,
    pending_registrations,
    person_in_area,
    roster_rows,
)

CSV = "text/csv; charset=utf-8"
# A roster of a whole kab/kota fits well within this.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# People listed per page of the roster.
PEOPLE_PAGE = 100
# Outcomes a redirect names in `?pesan=` (never a name or a number of a person).
MESSAGES = (
    "approved",
    "rejected",
    "already_decided",
    "not_allowed",
    "activated",
    "deactivated",
    "not_higher_rank",
    "self",
    "last_approver",
    "out_of_area",
    "not_coordinator",
)


def routes() -> list[BaseRoute]:
    """The roster page, its forms and its download."""
    return [
        Route("/roster", roster_page, methods=["GET"]),
        Route("/roster/pendaftaran/{person_id:int}", decide, methods=["POST"]),
        Route("/roster/orang/{person_id:int}/status", change_active, methods=["POST"]),
        Route("/roster/impor", upload, methods=["POST"]),
        Route("/roster/unduh", download, methods=["POST"]),
    ]


@dataclass(frozen=True, slots=True)
class Listed:
    """A person on the page and whether the viewer may act on them."""

    entry: RosterPerson
    manageable: bool


def _manager(session: Session, viewer: Viewer) -> Person:
    manager = session.get(Person, viewer.person_id)
    if manager is None:
        raise not_found()
    return manager


async def roster_page(request: Request) -> Response:
    """Pending registrations, the area's people, the upload and download forms."""
    viewer = await require_viewer(request)
    services = services_of(request)
    code = request.query_params.get(PARAM)

    page = query.page(request.query_params)

    def load() -> tuple[AreaChoice, list[Listed], list[Listed], int]:
        with transaction(services.engine) as session:
            area = chosen_area(session=session, viewer=viewer, code=code)
            manager = _manager(session, viewer)

            def listed(entries: list[RosterPerson]) -> list[Listed]:
                return [Listed(e, management_refusal(manager, e.person) is None) for e in entries]

            pending = pending_registrations(session=session, area_code=area.region.code)
            total = count_people(session=session, area_code=area.region.code)
            people = area_people(
                session=session,
                area_code=area.region.code,
                limit=PEOPLE_PAGE,
                offset=(page - 1) * PEOPLE_PAGE,
            )
            audit(
                session=session,
                action="roster.viewed",
                actor_id=viewer.person_id,
                subject_type="area",
                subject_id=area.region.code,
                detail={"via": "dasbor", "people": len(people), "pending": len(pending)},
            )
            return area, listed(pending), listed(people), total

    area, pending, people, total = await asyncio.to_thread(load)
    message = request.query_params.get("pesan")
    return render(
        request,
        "roster.html",
        {
            "area": area,
            "pending": pending,
            "people": people,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PEOPLE_PAGE)),
            "message": message if message in MESSAGES else None,
            "may_import": viewer.role in IMPORTERS,
        },
    )


def _back(request: Request, message: str) -> RedirectResponse:
    """To the roster page (same area) with the outcome named."""
    area = request.query_params.get(PARAM)
    where = f"&{PARAM}={area}" if area and area.replace(".", "").isdigit() else ""
    return RedirectResponse(f"{PREFIX}/roster?pesan={message}{where}", status_code=303)


async def decide(request: Request) -> Response:
    """Approve or reject one pending registration (the chat buttons' rules), then tell them."""
    viewer, form = await checked_form(request)
    services = services_of(request)
    verdict = form.get("keputusan")
    if verdict not in ("setuju", "tolak"):
        raise not_found()
    person_id = int(request.path_params["person_id"])

    def apply() -> str:
        now = datetime.now(UTC)
        with transaction(services.engine) as session:
            applicant = person_in_area(
                session=session, person_id=person_id, area_code=viewer.area_code
            )
            if applicant is None:
                raise not_found()
            approve = verdict == "setuju"
            decision = decide_registration(
                session=session,
                manager=_manager(session, viewer),
                applicant=applicant,
                approve=approve,
                now=now,
            )
            if decision is not Decision.DECIDED:
                return decision.value
            assert applicant.id is not None
            key = "register.approved" if approve else "register.rejected"
            notify_person(
                session=session,
                person_id=applicant.id,
                kind="notice",
                text=t(applicant.locale, key, name=applicant.name),
                now=now,
                idempotency_key=f"registration:{applicant.id}:{applicant.status}",
                template_variables=template_variables({"name": applicant.name}, ("name",)),
            )
            return "approved" if approve else "rejected"

    return _back(request, await asyncio.to_thread(apply))


async def change_active(request: Request) -> Response:
    """Deactivate (and sign out) or reactivate one person, by the rank rules."""
    viewer, form = await checked_form(request)
    services = services_of(request)
    wanted = form.get("aktif")
    if wanted not in ("0", "1"):
        raise not_found()
    person_id = int(request.path_params["person_id"])

    def apply() -> str:
        now = datetime.now(UTC)
        with transaction(services.engine) as session:
            person = person_in_area(
                session=session, person_id=person_id, area_code=viewer.area_code
            )
            if person is None or person.status != PersonStatus.APPROVED:
                raise not_found()
            active = wanted == "1"
            refusal = set_active(
                session=session,
                manager=_manager(session, viewer),
                person=person,
                active=active,
                now=now,
            )
            if refusal is not None:
                return refusal.value
            return "activated" if active else "deactivated"

    return _back(request, await asyncio.to_thread(apply))


async def upload(request: Request) -> Response:
    """Import an uploaded roster within the viewer's area; the page lists every refused row."""
    viewer, form = await checked_form(request)
    services = services_of(request)
    if viewer.role not in IMPORTERS:
        raise not_found()
    file = form.get("berkas")
    if not isinstance(file, UploadFile) or not file.filename:
        return render(request, "roster_import.html", {"problem": "no_file", "report": None})
    data = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        return render(request, "roster_import.html", {"problem": "too_big", "report": None})

    def apply() -> tuple[ImportReport | None, str | None, str]:
        with tempfile.TemporaryDirectory() as scratch:
            stored = Path(scratch) / "upload"
            stored.write_bytes(data)
            path = named_by_content(stored, Path(scratch))
            with transaction(services.engine) as session:
                scope = _import_scope(session, viewer)
                try:
                    report = import_in_session(
                        session=session,
                        path=path,
                        scope=scope,
                        actor_id=viewer.person_id,
                        locale=viewer.locale,
                        via="dasbor",
                    )
                except RosterFileError as exc:
                    return None, exc.message(viewer.locale), scope.area_label
                return report, None, scope.area_label

    report, unreadable, where = await asyncio.to_thread(apply)
    return render(
        request,
        "roster_import.html",
        {"problem": None, "report": report, "unreadable": unreadable, "where": where},
    )


def _import_scope(session: Session, viewer: Viewer) -> ImportScope:
    """The chat's import scope: an admin anywhere, others within their own area and rank."""
    if viewer.role is PersonRole.ADMIN:
        return ImportScope(None, PersonRole.ADMIN, t(viewer.locale, "roster.chat.everywhere"))
    return ImportScope(viewer.home_area, viewer.role, AreaFinder(session).path(viewer.home_area))


async def download(request: Request) -> Response:
    """The area's roster as XLSX or CSV, phone numbers masked (audited)."""
    viewer, form = await checked_form(request)
    services = services_of(request)
    fmt = form.get("format")
    if fmt not in ("xlsx", "csv"):
        raise not_found()
    chosen = form.get(PARAM)
    code = chosen if isinstance(chosen, str) and chosen else None

    def make() -> tuple[bytes, str]:
        with transaction(services.engine) as session:
            area = chosen_area(session=session, viewer=viewer, code=code)
            rows = roster_rows(session=session, area_code=area.region.code)
            audit(
                session=session,
                action="export.roster",
                actor_id=viewer.person_id,
                subject_type="area",
                subject_id=area.region.code,
                detail={"via": "dasbor", "format": fmt, "rows": len(rows)},
            )
            name = f"roster-{area.region.code.replace('.', '')}.{fmt}"
        with tempfile.TemporaryDirectory() as scratch:
            out = Path(scratch) / name
            write_records(out, "roster", "csv" if fmt == "csv" else "xlsx", ROSTER_COLUMNS, rows)
            return out.read_bytes(), name

    data, name = await asyncio.to_thread(make)
    return Response(
        data,
        media_type=CSV if fmt == "csv" else XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
