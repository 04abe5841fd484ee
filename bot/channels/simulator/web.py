"""The browser simulator: a chat page and the small JSON API behind it.

Only on when SIMULATOR_ENABLED (the default for local use without platform credentials): it
lists the roster and lets anyone write as any number. With SIMULATOR_TOKEN set (required outside
local use) every page and API call must carry it (`?token=` or `X-Simulator-Token`).
"""

from __future__ import annotations

import asyncio
import hmac
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from sqlmodel import Session, col, select
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from bot.channels.simulator.channel import CHANNEL
from bot.media import MediaRejected, store_media
from handlers.messages import Inbound, InboundMedia, Location
from storage.db import transaction
from storage.models.messaging import OutboxMessage
from storage.models.people import Person
from storage.outbox_views import messages_for
from storage.phones import InvalidPhone, normalise_phone
from storage.simulator import lines_of, record_line

if TYPE_CHECKING:
    from bot.app import Services

STATIC = Path(__file__).parent / "static"
LONG_POLL_SECONDS = 20.0


def routes() -> list[Route]:
    """The simulator's routes, each behind the token check."""
    return [
        Route("/simulator", _guarded(page)),
        Route("/simulator/api/people", _guarded(people)),
        Route("/simulator/api/send", _guarded(send), methods=["POST"]),
        Route("/simulator/api/messages", _guarded(messages)),
        Route("/simulator/api/history", _guarded(history)),
        Route("/simulator/api/file/{outbox_id:int}/{index:int}", _guarded(attachment_file)),
    ]


Endpoint = Callable[[Request], Awaitable[Response]]


def _guarded(endpoint: Endpoint) -> Endpoint:
    """Refuse a request without the simulator token, when one is configured."""

    async def guarded(request: Request) -> Response:
        services: Services = request.app.state.services
        token = services.settings.simulator_token
        if token is not None:
            given = request.headers.get("X-Simulator-Token") or request.query_params.get(
                "token", ""
            )
            if not hmac.compare_digest(given.encode(), token.get_secret_value().encode()):
                return JSONResponse({"error": "simulator token required"}, status_code=403)
        return await endpoint(request)

    guarded.__doc__ = endpoint.__doc__
    return guarded


async def page(request: Request) -> Response:
    """The chat page."""
    return FileResponse(STATIC / "simulator.html")


async def people(request: Request) -> Response:
    """Registered people to pick from (name, role, phone)."""
    services: Services = request.app.state.services

    def load() -> list[dict[str, str]]:
        with Session(services.engine) as session:
            rows = session.exec(
                select(Person)
                .where(col(Person.phone).is_not(None))
                .order_by(col(Person.name))
                .limit(200)
            ).all()
            return [{"name": p.name, "role": p.role, "phone": p.phone or ""} for p in rows]

    return JSONResponse(await asyncio.to_thread(load))


def _bad(message: str) -> Response:
    return JSONResponse({"error": message}, status_code=400)


async def send(request: Request) -> Response:
    """A message from the page: JSON {phone, text, choice, id} or a form with a photo."""
    services: Services = request.app.state.services
    now = datetime.now(UTC)
    media: tuple[InboundMedia, ...] = ()
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form()
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        upload = form.get("photo")
        if upload is not None and not isinstance(upload, str):
            data = await upload.read()
            try:
                media = (
                    store_media(
                        services.settings.media_dir, data, upload.content_type or "", now=now
                    ),
                )
            except MediaRejected as exc:
                fields["rejected"] = exc.reason
    else:
        try:
            body = await request.json()
        except ValueError:
            return _bad("invalid JSON")
        if not isinstance(body, dict):
            return _bad("invalid JSON")
        fields = {k: str(v) for k, v in body.items() if v is not None}
    try:
        phone = normalise_phone(fields.get("phone", ""))
    except InvalidPhone:
        return _bad("Nomor telepon tidak valid. Contoh: 081234567890")
    location = None
    if "latitude" in fields and "longitude" in fields:
        try:
            location = Location(float(fields["latitude"]), float(fields["longitude"]))
        except ValueError:
            return _bad("invalid location")
    inbound = Inbound(
        channel=CHANNEL,
        address=phone,
        urn=f"sim:{phone}",
        external_id=fields.get("id") or uuid.uuid4().hex,
        received_at=now,
        text=fields.get("text", ""),
        choice=fields.get("choice") or None,
        media=media,
        location=location,
        rejected=fields.get("rejected"),
    )
    result = await asyncio.to_thread(services.dispatcher.dispatch, inbound)
    if not result.duplicate:
        shown = inbound.text or ("📷" if media else "")
        if shown:
            await asyncio.to_thread(_remember, services, phone, shown, now)
    return JSONResponse({"phone": phone, "duplicate": result.duplicate})


def _remember(services: Services, phone: str, text: str, now: datetime) -> None:
    """Keep the person's side of the chat, so that a reconnect shows both sides."""
    with transaction(services.engine) as session:
        record_line(session=session, address=phone, text=text, now=now)


def _shown(row: OutboxMessage, phone: str) -> dict[str, object]:
    """A bot message as the page shows it, with links to open its attachments."""
    quoted = quote(phone)
    return {
        "id": row.id,
        "side": "in",
        "text": row.payload.get("text", ""),
        "options": row.payload.get("options", []),
        "attachments": [
            {
                "name": a[2],
                "type": a[1],
                "url": f"/simulator/api/file/{row.id}/{index}?phone={quoted}",
            }
            for index, a in enumerate(row.payload.get("attachments", []))
        ],
        "at": row.sent_at.isoformat() if row.sent_at else None,
    }


async def messages(request: Request) -> Response:
    """Messages sent to a phone after an id; waits up to 20 s for new ones (long poll)."""
    services: Services = request.app.state.services
    try:
        phone = normalise_phone(request.query_params.get("phone", ""))
        after = int(request.query_params.get("after", "0"))
        wait = min(float(request.query_params.get("wait", LONG_POLL_SECONDS)), LONG_POLL_SECONDS)
    except (InvalidPhone, ValueError):
        return _bad("invalid phone or cursor")

    def load() -> list[dict[str, object]]:
        with Session(services.engine) as session:
            rows = messages_for(session=session, channel=CHANNEL, address=phone, after_id=after)
            return [_shown(row, phone) for row in rows]

    found = await asyncio.to_thread(load)
    if not found and wait > 0:
        await services.simulator.wait_for_delivery(wait)
        found = await asyncio.to_thread(load)
    return JSONResponse({"messages": found})


async def history(request: Request) -> Response:
    """The whole conversation of a phone, both sides in time order (for a reconnect)."""
    services: Services = request.app.state.services
    try:
        phone = normalise_phone(request.query_params.get("phone", ""))
    except InvalidPhone:
        return _bad("invalid phone")

    def load() -> dict[str, object]:
        with Session(services.engine) as session:
            sent = messages_for(session=session, channel=CHANNEL, address=phone, limit=500)
            typed = lines_of(session=session, address=phone)
        items: list[tuple[datetime, int, dict[str, object]]] = []
        for row in sent:
            moment = row.created_at or row.sent_at or datetime.now(UTC)
            items.append((moment, 1, _shown(row, phone)))
        for line in typed:
            items.append((line.created_at, 0, {"side": "out", "text": line.text}))
        items.sort(key=lambda item: (item[0], item[1]))
        cursor = max((row.id or 0 for row in sent), default=0)
        return {"messages": [item for _, _, item in items], "cursor": cursor}

    return JSONResponse(await asyncio.to_thread(load))


async def attachment_file(request: Request) -> Response:
    """A report file (PNG, PDF, XLSX) sent to this phone, to open or download from the page."""
    services: Services = request.app.state.services
    try:
        phone = normalise_phone(request.query_params.get("phone", ""))
    except InvalidPhone:
        return _bad("invalid phone")
    outbox_id = int(request.path_params["outbox_id"])
    index = int(request.path_params["index"])

    def find() -> tuple[Path, str, str] | None:
        with Session(services.engine) as session:
            row = session.get(OutboxMessage, outbox_id)
        if row is None or row.channel != CHANNEL or row.address != phone:
            return None
        files = row.payload.get("attachments", [])
        if not 0 <= index < len(files):
            return None
        relative, content_type, filename = files[index]
        media_dir = Path(services.settings.media_dir).resolve()
        path = (media_dir / relative).resolve()
        if not path.is_relative_to(media_dir) or not path.is_file():
            return None
        return path, content_type, filename

    found = await asyncio.to_thread(find)
    if found is None:
        return JSONResponse({"error": "not found"}, status_code=404)
    path, content_type, filename = found
    # PNG and PDF open in the browser; the XLSX downloads.
    inline = content_type in ("image/png", "image/jpeg", "application/pdf")
    return FileResponse(
        path,
        media_type=content_type,
        filename=filename,
        content_disposition_type="inline" if inline else "attachment",
    )
