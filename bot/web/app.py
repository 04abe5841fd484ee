"""The Starlette application: health, metrics, the dashboard, and each channel's endpoints."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.app import Services
from bot.channels.registry import CHANNEL_TYPES
from bot.metrics import Metrics
from bot.web.dashboard.app import dashboard_mount
from storage import outbox_views

log = logging.getLogger(__name__)

# Webhook paths, timed for the latency histogram by channel.
WEBHOOKS = {path: kind.code for kind in CHANNEL_TYPES for path in kind.webhook_paths}


def webhook_channel(path: str) -> str | None:
    """The kind whose webhook `path` is (`/whatsapp/inbound`, a row's `/whatsapp/<key>/inbound`)."""
    found = WEBHOOKS.get(path)
    if found is None:
        parts = path.split("/")
        if len(parts) == 4 and not parts[0]:
            found = WEBHOOKS.get(f"/{parts[1]}/{parts[3]}")
    return found


async def healthz(request: Request) -> Response:
    """The database, the outbox's oldest due row, and the leases this process holds.

    503 when the database does not answer or a due row of a channel this process serves has
    waited longer than OUTBOX_STALL_SECONDS (nothing is sending it).
    """
    services: Services = request.app.state.services
    now = datetime.now(UTC)

    def look() -> list[outbox_views.LaneDepth]:
        with Session(services.engine) as session:
            return outbox_views.lane_depths(session=session, now=now)

    body: dict[str, Any] = {"status": "ok", "leases": services.leases()}
    if services.scheduler is not None:
        body["scheduler_lease"] = services.scheduler.active
    try:
        lanes = await asyncio.to_thread(look)
    except Exception as exc:
        log.warning("healthz: database unreachable: %s", exc)
        body.update(status="unavailable", database="unreachable")
        return JSONResponse(body, status_code=503)
    body["database"] = "ok"
    served = [lane for lane in lanes if lane.channel in services.adapters]
    oldest = min((lane.oldest_due_at for lane in served if lane.oldest_due_at), default=None)
    waited = max(0.0, (now - oldest).total_seconds()) if oldest else 0.0
    body["outbox"] = {
        "due": sum(lane.due for lane in served),
        "oldest_due_seconds": round(waited, 1),
    }
    if waited > services.settings.outbox_stall_seconds:
        body["status"] = "stalled"
        return JSONResponse(body, status_code=503)
    return JSONResponse(body)


async def metrics(request: Request) -> Response:
    """Prometheus' text format."""
    services: Services = request.app.state.services
    data = await asyncio.to_thread(generate_latest, services.metrics.registry)
    return Response(data, media_type=CONTENT_TYPE_LATEST)


async def index(request: Request) -> Response:
    """The root sends people to the simulator when it is on."""
    services: Services = request.app.state.services
    if services.settings.simulator_enabled:
        return RedirectResponse("/simulator")
    return JSONResponse({"service": "psmbot"})


class WebhookTiming:
    """Times each webhook request from arrival to the end of its answer."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self._app = app
        self._metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        channel = webhook_channel(scope.get("path", "")) if scope["type"] == "http" else None
        if channel is None:
            await self._app(scope, receive, send)
            return
        started = time.perf_counter()

        async def timed_send(message: Message) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                self._metrics.webhook_seconds.labels(channel).observe(time.perf_counter() - started)

        await self._app(scope, receive, timed_send)


def create_web_app(services: Services, *, start_services: bool = True) -> Starlette:
    """Build the web app around assembled services (started with the app when asked)."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if start_services:
            async with services.running():
                yield
        else:
            yield

    routes: list[BaseRoute] = [
        Route("/", index),
        Route("/healthz", healthz),
        Route("/metrics", metrics),
        dashboard_mount(services),
    ]
    # The kinds running (by the settings or a row), and those of rows turned off (their 410).
    kinds = {adapter.code for adapter in services.adapters.values()}
    kinds.update(services.turned_off.values(), services.unstarted.values())
    for channel_type in CHANNEL_TYPES:
        if channel_type.code in kinds:
            routes += channel_type.routes(services.settings) or ()
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.services = services
    app.add_middleware(WebhookTiming, metrics=services.metrics)
    return app
