"""Signing in with a one-time link from the chat, and signing out.

Opening the link shows a page with one button; only pressing it uses the link. Chat apps
fetch links to preview them, and a preview must not use up a link meant for a person.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from bot.web.dashboard.csrf import checked_form
from bot.web.dashboard.rendering import render
from bot.web.dashboard.viewer import COOKIE, PREFIX, services_of
from storage.audit import audit
from storage.dashboard_access import end_session, link_is_usable, redeem_link
from storage.db import reading, transaction


def routes() -> list[BaseRoute]:
    """Sign-in and sign-out."""
    return [
        Route("/masuk/{token}", confirm, methods=["GET"]),
        Route("/masuk/{token}", sign_in, methods=["POST"]),
        Route("/keluar", sign_out, methods=["POST"]),
    ]


async def confirm(request: Request) -> Response:
    """The page behind the link: a button to sign in, or why the link no longer works."""
    services = services_of(request)
    token = request.path_params["token"]

    def check() -> bool:
        with reading(services.engine) as session:
            return link_is_usable(session=session, token=token, now=datetime.now(UTC))

    if not await asyncio.to_thread(check):
        return render(request, "link_invalid.html", status=410)
    return render(request, "sign_in.html", {"action": f"{PREFIX}/masuk/{token}"})


async def sign_in(request: Request) -> Response:
    """Use the link once and open a session (cookie), then go to the overview."""
    services = services_of(request)
    token = request.path_params["token"]

    def redeem() -> str | None:
        now = datetime.now(UTC)
        with transaction(services.engine) as session:
            opened = redeem_link(session=session, token=token, now=now)
            if opened is None:
                return None
            raw, person = opened
            audit(
                session=session,
                action="dashboard.sign_in",
                actor_id=person.id,
                subject_type="person",
                subject_id=person.id,
            )
            return raw

    raw = await asyncio.to_thread(redeem)
    if raw is None:
        return render(request, "link_invalid.html", status=410)
    response = RedirectResponse(f"{PREFIX}/", status_code=303)
    response.set_cookie(
        COOKIE,
        raw,
        path=PREFIX,
        httponly=True,
        secure=services.settings.public_base_url.lower().startswith("https://"),
        samesite="lax",
    )
    return response


async def sign_out(request: Request) -> Response:
    """End this browser's session."""
    services = services_of(request)
    viewer, _ = await checked_form(request)

    def close() -> None:
        with transaction(services.engine) as session:
            end_session(session=session, token=viewer.session_token, now=datetime.now(UTC))
            audit(
                session=session,
                action="dashboard.sign_out",
                actor_id=viewer.person_id,
                subject_type="person",
                subject_id=viewer.person_id,
            )

    await asyncio.to_thread(close)
    request.state.viewer = None
    response = render(request, "signed_out.html")
    response.delete_cookie(COOKIE, path=PREFIX)
    return response
