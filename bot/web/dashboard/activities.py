"""Activities: a filtered, paged list with thumbnails, one activity's page, and the download.

Filters (query values): `wilayah` (sub-area), `dari`/`sampai` (dates, inclusive), `jenis`
(activity type), `peran` (PSM role), `psm` (reporter). The download is a POST (it is audited)
with the same filters, written like `psmbot export activities` (same columns and rules).
"""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from starlette.background import BackgroundTask
from starlette.datastructures import ImmutableMultiDict
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Route

from bot.exports import write_records
from bot.web.dashboard import query
from bot.web.dashboard.areas import PARAM, chosen_area
from bot.web.dashboard.csrf import checked_form
from bot.web.dashboard.rendering import render
from bot.web.dashboard.viewer import not_found, require_viewer, services_of
from reports.queries.rows import activity_rows
from storage.activity_search import (
    ActivityFilter,
    activity_page,
    media_of_activity,
    reporters_in_area,
)
from storage.audit import audit
from storage.db import reading, transaction
from storage.listings import ACTIVITY_COLUMNS
from storage.models.activities import Activity
from storage.models.people import Person
from storage.models.regions import Region
from storage.personal_data import mask_personal_data
from storage.vocabulary import ACTIVITY_TYPES, PSM_ROLES

FILTERS = ("dari", "sampai", "jenis", "peran", "psm")
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def routes() -> list[BaseRoute]:
    """The list, the download and one activity's page."""
    return [
        Route("/kegiatan", activity_list),
        Route("/kegiatan/unduh", download, methods=["POST"]),
        Route("/kegiatan/{activity_id:int}", activity_detail),
    ]


def _filters(values: query.Values, area_code: str) -> ActivityFilter:
    end = query.day(values, "sampai")
    return ActivityFilter(
        area_code=area_code,
        start=query.day(values, "dari"),
        end=end + timedelta(days=1) if end else None,
        activity_type=query.text(values, "jenis", dict(ACTIVITY_TYPES)),
        psm_role=query.text(values, "peran", dict(PSM_ROLES)),
        reporter_id=query.number(values, "psm"),
    )


async def activity_list(request: Request) -> Response:
    """The filtered list of the chosen area's activities."""
    viewer = await require_viewer(request)
    services = services_of(request)
    values = request.query_params
    page = query.page(values)

    def load() -> dict[str, object]:
        with reading(services.engine) as session:
            area = chosen_area(session=session, viewer=viewer, code=values.get(PARAM))
            filters = _filters(values, area.region.code)
            items, total = activity_page(
                session=session,
                filters=filters,
                limit=query.PAGE_SIZE,
                offset=(page - 1) * query.PAGE_SIZE,
            )
            reporters = reporters_in_area(session=session, area_code=area.region.code)
        return {"area": area, "items": items, "total": total, "reporters": reporters}

    data = await asyncio.to_thread(load)
    return render(
        request,
        "activities.html",
        {
            **data,
            "page": page,
            "pages": query.pages(int(str(data["total"]))),
            "keep": {name: values.get(name) for name in FILTERS},
            "chosen": {name: values.get(name, "") for name in FILTERS},
            "types": list(ACTIVITY_TYPES),
            "roles": list(PSM_ROLES),
        },
    )


async def activity_detail(request: Request) -> Response:
    """One activity with its photos full size (404 outside the viewer's area)."""
    viewer = await require_viewer(request)
    services = services_of(request)
    activity_id = int(request.path_params["activity_id"])

    def load() -> dict[str, object]:
        with reading(services.engine) as session:
            activity = session.get(Activity, activity_id)
            if activity is None or activity.deleted_at is not None:
                raise not_found()
            if not viewer.covers(activity.area_code):
                raise not_found()
            reporter = session.get(Person, activity.reporter_id)
            region = session.get(Region, activity.area_code)
            photos = [m.id for m in media_of_activity(session=session, activity_id=activity_id)]
        return {
            "a": activity,
            "reporter": reporter.name if reporter else "",
            "area_name": region.name if region else activity.area_code,
            "photos": photos,
            # The PSM's own words, with identifiers and names masked as in the exports' texts.
            "source_text": mask_personal_data(activity.source_text or ""),
        }

    return render(request, "activity.html", await asyncio.to_thread(load))


async def download(request: Request) -> Response:
    """The filtered list as CSV or XLSX (NIK-free columns of the CLI export), audited."""
    viewer, form = await checked_form(request)
    services = services_of(request)
    values: query.Values = ImmutableMultiDict(
        [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
    )
    fmt = query.text(values, "format", dict.fromkeys(FORMATS)) or "csv"
    folder = Path(tempfile.mkdtemp(prefix="psmbot-dasbor-"))
    out = folder / f"kegiatan-{datetime.now(UTC).date().isoformat()}.{fmt}"

    def export() -> None:
        with reading(services.engine) as session:
            area = chosen_area(session=session, viewer=viewer, code=values.get(PARAM))
            filters = _filters(values, area.region.code)
            rows = activity_rows(
                session=session,
                area_code=area.region.code,
                conditions=filters.conditions(),
            )
        write_records(out, "activities", "csv" if fmt == "csv" else "xlsx", ACTIVITY_COLUMNS, rows)
        with transaction(services.engine) as session:
            audit(
                session=session,
                action="export.activities",
                actor_id=viewer.person_id,
                subject_type="area",
                subject_id=area.region.code,
                detail={
                    "format": fmt,
                    "rows": len(rows),
                    "file": out.name,
                    "via": "dasbor",
                    "filters": _described(replace(filters, area_code=area.region.code)),
                },
            )

    try:
        await asyncio.to_thread(export)
    except Exception:
        _remove(folder)
        raise
    return FileResponse(
        out,
        media_type=FORMATS[fmt],
        filename=out.name,
        background=BackgroundTask(_remove, folder),
    )


def _described(filters: ActivityFilter) -> dict[str, str | int | None]:
    """The filters of a download as the audit log keeps them."""
    return {
        "start": filters.start.isoformat() if filters.start else None,
        "end": filters.end.isoformat() if filters.end else None,
        "activity_type": filters.activity_type,
        "psm_role": filters.psm_role,
        "reporter_id": filters.reporter_id,
    }


def _remove(folder: Path) -> None:
    for path in folder.iterdir():
        path.unlink(missing_ok=True)
    folder.rmdir()
