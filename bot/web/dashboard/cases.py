"""Cases: a filtered, paged list and one case's timeline; every view is in the audit log.

Filters: `wilayah` (sub-area), `status`, `ppks` (1-26), `basi=1` (no news for 14+ days, the
overview's rule). NIKs are shown masked and never travel in a URL; clients' names only to the
roles `storage.people_management.may_see_client_names` allows.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.web.dashboard import query
from bot.web.dashboard.areas import PARAM, chosen_area
from bot.web.dashboard.rendering import render
from bot.web.dashboard.viewer import not_found, require_viewer, services_of
from reports.building.build import STALE_DAYS
from storage.area_scope import utc_bounds
from storage.audit import audit
from storage.case_search import CaseFilter, case_page, case_timeline
from storage.db import transaction
from storage.models.cases import Case
from storage.models.people import Person
from storage.models.regions import Region
from storage.people_management import may_see_client_names
from storage.personal_data import mask_nik, mask_personal_data
from storage.vocabulary import CASE_STATUSES, PPKS

FILTERS = ("status", "ppks", "basi")


def routes() -> list[BaseRoute]:
    """The case list and a case's page."""
    return [
        Route("/kasus", case_list),
        Route("/kasus/{case_id:int}", case_detail),
    ]


def _initials(name: str) -> str:
    """`Ibu S.` -> `I. S.`: what a viewer without the right to names sees."""
    return " ".join(f"{part[0]}." for part in name.split() if part[:1].isalpha()) or "—"


async def case_list(request: Request) -> Response:
    """The filtered list of the chosen area's cases (audited: it names clients)."""
    viewer = await require_viewer(request)
    services = services_of(request)
    values = request.query_params
    page = query.page(values)
    ppks = query.number(values, "ppks")

    def load() -> dict[str, Any]:
        with transaction(services.engine) as session:
            area = chosen_area(session=session, viewer=viewer, code=values.get(PARAM))
            zone = area.region.timezone
            tomorrow = datetime.now(UTC).astimezone(ZoneInfo(zone)).date() + timedelta(days=1)
            filters = CaseFilter(
                area_code=area.region.code,
                status=query.text(values, "status", dict(CASE_STATUSES)),
                ppks=ppks if ppks in PPKS else None,
                stale=values.get("basi") == "1",
                stale_as_of=tomorrow,
                stale_as_of_utc=utc_bounds(tomorrow, tomorrow, zone)[0],
                stale_days=STALE_DAYS,
            )
            items, total = case_page(
                session=session,
                filters=filters,
                limit=query.PAGE_SIZE,
                offset=(page - 1) * query.PAGE_SIZE,
            )
            audit(
                session=session,
                action="case.listed",
                actor_id=viewer.person_id,
                subject_type="area",
                subject_id=area.region.code,
                detail={"via": "dasbor", "cases": [i.case.id for i in items]},
            )
        names = may_see_client_names(viewer.role)
        return {
            "area": area,
            "items": [
                (item, item.case.client_name if names else _initials(item.case.client_name))
                for item in items
            ],
            "total": total,
        }

    data = await asyncio.to_thread(load)
    return render(
        request,
        "cases.html",
        {
            **data,
            "page": page,
            "pages": query.pages(data["total"]),
            "keep": {name: values.get(name) for name in FILTERS},
            "chosen": {name: values.get(name, "") for name in FILTERS},
            "statuses": list(CASE_STATUSES),
            "ppks_codes": [str(n) for n in PPKS],
            "stale_days": STALE_DAYS,
        },
    )


async def case_detail(request: Request) -> Response:
    """One case and its timeline, with photos (404 outside the viewer's area); audited."""
    viewer = await require_viewer(request)
    services = services_of(request)
    case_id = int(request.path_params["case_id"])

    def load() -> dict[str, Any]:
        with transaction(services.engine) as session:
            case = session.get(Case, case_id)
            if case is None or case.deleted_at is not None or not viewer.covers(case.area_code):
                raise not_found()
            entries, photos = case_timeline(session=session, case=case)
            reporter = session.get(Person, case.reporter_id)
            region = session.get(Region, case.area_code)
            codes = {
                str(e.event.data.get(key))
                for e in entries
                for key in ("from_area", "to_area")
                if e.event.data.get(key)
            }
            area_names = {code: r.name for code in codes if (r := session.get(Region, code))}
            audit(
                session=session,
                action="case.viewed",
                actor_id=viewer.person_id,
                subject_type="case",
                subject_id=case.id,
                detail={"via": "dasbor"},
            )
        names = may_see_client_names(viewer.role)
        return {
            "c": case,
            "client": case.client_name if names else _initials(case.client_name),
            "client_hidden": not names,
            "nik": mask_nik(case.nik),
            "problem": mask_personal_data(case.problem or "", keep_names=names),
            "reporter": reporter.name if reporter else "",
            "area_name": region.name if region else case.area_code,
            "entries": [
                (e, mask_personal_data(e.event.note or "", keep_names=names)) for e in entries
            ],
            "photos": photos,
            "area_names": area_names,
        }

    return render(request, "case.html", await asyncio.to_thread(load))
