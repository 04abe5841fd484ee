"""Meetings: the area's upcoming and past meetings with RSVP counts, attendance and minutes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.web.dashboard.areas import PARAM, AreaChoice, chosen_area
from bot.web.dashboard.rendering import render
from bot.web.dashboard.viewer import Viewer, not_found, require_viewer, services_of
from reports.building.formatting import moment
from storage.audit import audit
from storage.db import reading, transaction
from storage.meeting_views import MeetingDetail, MeetingRow, meeting_detail, past, upcoming


def routes() -> list[BaseRoute]:
    """The meeting list and one meeting."""
    return [
        Route("/pertemuan", meetings_page, methods=["GET"]),
        Route("/pertemuan/{meeting_id:int}", meeting_page, methods=["GET"]),
    ]


def _when(viewer: Viewer) -> Callable[[MeetingRow], str]:
    """A meeting's start in its area's zone, as the viewer reads it."""
    return lambda row: moment(row.starts_at, row.timezone, viewer.locale)


def _page_number(request: Request) -> int:
    raw = request.query_params.get("halaman", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 10_000:
        raise not_found()
    return int(raw)


async def meetings_page(request: Request) -> Response:
    """Upcoming meetings, then past ones a page at a time."""
    viewer = await require_viewer(request)
    services = services_of(request)
    code = request.query_params.get(PARAM)
    page = _page_number(request)

    def load() -> tuple[AreaChoice, list[MeetingRow], list[MeetingRow], bool]:
        now = datetime.now(UTC)
        with reading(services.engine) as session:
            area = chosen_area(session=session, viewer=viewer, code=code)
            ahead = upcoming(session=session, area_code=area.region.code, now=now)
            before, more = past(session=session, area_code=area.region.code, now=now, page=page)
            return area, ahead, before, more

    area, ahead, before, more = await asyncio.to_thread(load)
    return render(
        request,
        "meetings.html",
        {
            "area": area,
            "upcoming": ahead,
            "past": before,
            "page": page,
            "more": more,
            "when": _when(viewer),
        },
    )


async def meeting_page(request: Request) -> Response:
    """One meeting of the viewer's area: who answered what, who came, the minutes."""
    viewer = await require_viewer(request)
    services = services_of(request)
    meeting_id = int(request.path_params["meeting_id"])

    def load() -> MeetingDetail | None:
        with transaction(services.engine) as session:
            found = meeting_detail(
                session=session, area_code=viewer.area_code, meeting_id=meeting_id
            )
            if found is not None:
                audit(
                    session=session,
                    action="meeting.viewed",
                    actor_id=viewer.person_id,
                    subject_type="meeting",
                    subject_id=meeting_id,
                    detail={"via": "dasbor"},
                )
            return found

    detail = await asyncio.to_thread(load)
    if detail is None:
        raise not_found()
    return render(request, "meeting.html", {"detail": detail, "when": _when(viewer)})
