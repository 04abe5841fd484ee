"""The Starlette application: health, simulator, and (when configured) platform webhooks."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from bot.app import Services
from bot.web import simulator, telegram, whatsapp


async def healthz(request: Request) -> Response:
    """Liveness: the process answers and the database is reachable."""
    services: Services = request.app.state.services

    def ping() -> None:
        with services.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    await asyncio.to_thread(ping)
    return JSONResponse({"status": "ok"})


async def index(request: Request) -> Response:
    """The root sends people to the simulator when it is on."""
    services: Services = request.app.state.services
    if services.settings.simulator_enabled:
        return RedirectResponse("/simulator")
    return JSONResponse({"service": "psmbot"})


def create_web_app(services: Services, *, start_services: bool = True) -> Starlette:
    """Build the web app around assembled services (started with the app when asked)."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if start_services:
            async with services.running():
                yield
        else:
            yield

    routes = [Route("/", index), Route("/healthz", healthz)]
    if services.settings.simulator_enabled:
        routes += simulator.routes()
    if services.settings.whatsapp_enabled:
        routes += whatsapp.routes()
    if services.settings.telegram_enabled and services.settings.telegram_mode == "webhook":
        routes += telegram.routes()
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.services = services
    return app
