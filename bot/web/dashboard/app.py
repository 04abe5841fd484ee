"""The dashboard as a Starlette app of its own, mounted at `/dasbor` by `bot/web/app.py`."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from bot.app import Services
from bot.web.dashboard.headers import SecurityHeaders
from bot.web.dashboard.rendering import STATIC, render
from bot.web.dashboard.routes import page_routes
from bot.web.dashboard.viewer import PREFIX

# Status -> the page that explains it.
ERROR_PAGES = {401: "signed_out.html", 403: "forbidden.html", 404: "not_found.html"}


async def _error(request: Request, exc: Exception) -> Response:
    """A dashboard page for 401, 403 and 404; other statuses plainly."""
    assert isinstance(exc, HTTPException)
    template = ERROR_PAGES.get(exc.status_code)
    if template is None:
        return Response(status_code=exc.status_code)
    if exc.status_code == 401:
        request.state.viewer = None
    return render(request, template, status=exc.status_code)


def dashboard_mount(services: Services) -> Mount:
    """The dashboard's pages and static files at `/dasbor`."""
    routes = [*page_routes(), Mount("/static", app=StaticFiles(directory=STATIC), name="static")]
    app = Starlette(routes=routes, exception_handlers={HTTPException: _error})
    app.state.services = services
    app.add_middleware(SecurityHeaders)
    return Mount(PREFIX, app=app)
