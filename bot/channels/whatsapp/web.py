"""Twilio's webhooks (inbound messages, status callbacks) and the media links Twilio fetches."""

from __future__ import annotations

import asyncio
import logging
import mimetypes
import re
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.channels.base import served_adapter
from bot.channels.twilio_messaging.webhooks import (
    empty_twiml,
    forbidden,
    signed_form,
    status_callback,
)
from bot.channels.whatsapp.channel import INBOUND_PATH, STATUS_PATH, WhatsAppChannel
from bot.channels.whatsapp.inbound import address_of
from bot.channels.whatsapp.media_links import InvalidLink
from handlers.messages import Inbound
from storage.db import reading, transaction
from storage.inbound import already_received
from storage.outbox_waiting import release_waiting
from storage.people import is_approved_sender
from storage.phones import is_business_scoped_id

if TYPE_CHECKING:
    from bot.app import Services

log = logging.getLogger(__name__)

SID = re.compile(r"[A-Za-z0-9]{1,64}")
SENDER = re.compile(r"whatsapp:\+?[0-9]{6,15}")
# WhatsApp caps a message at 4,096 characters; anything far longer is not from Twilio.
MAX_BODY_CHARS = 65_536


def routes() -> list[Route]:
    """The WhatsApp channel's routes."""
    return [
        Route(INBOUND_PATH, inbound, methods=["POST"]),
        Route(STATUS_PATH, status, methods=["POST"]),
        Route("/media/{token}/{filename}", media, methods=["GET", "HEAD"]),
        # The same for each channel row (one number per province, say), by its key.
        Route("/whatsapp/{key}/inbound", inbound, methods=["POST"]),
        Route("/whatsapp/{key}/status", status, methods=["POST"]),
        Route("/whatsapp/{key}/media/{token}/{filename}", media, methods=["GET", "HEAD"]),
    ]


def _channel(request: Request) -> WhatsAppChannel:
    return served_adapter(request, WhatsAppChannel)


def inbound_shape_problem(fields: dict[str, str]) -> str | None:
    """What is wrong with an inbound webhook's fields, or None when it has Twilio's shape."""
    if not SID.fullmatch(fields.get("MessageSid", "")):
        return "MessageSid is required (letters and digits)"
    sender = fields.get("From", "")
    if not (
        SENDER.fullmatch(sender)
        or (sender.startswith("whatsapp:") and is_business_scoped_id(sender))
    ):
        return "From must be whatsapp:+<number> or a WhatsApp user id"
    if len(fields.get("Body", "")) > MAX_BODY_CHARS:
        return "Body is too long"
    return None


async def inbound(request: Request) -> Response:
    """A WhatsApp message: check the signature, normalise, dispatch, answer empty TwiML."""
    channel = _channel(request)
    fields = await signed_form(request, channel.signature)
    if fields is None:
        return forbidden()
    problem = inbound_shape_problem(fields)
    if problem is not None:
        # 400, not 500: Twilio stops retrying, and nothing was changed.
        log.warning("WhatsApp inbound refused: %s", problem)
        return PlainTextResponse(problem, status_code=400)
    services: Services = request.app.state.services
    engine = services.engine
    # A repeat delivery answers at once, without downloading its media again.
    received_by = channel.key or channel.code  # message ids are per number
    if await asyncio.to_thread(_already_received, engine, received_by, fields["MessageSid"]):
        return empty_twiml()
    # Media of unregistered numbers is not downloaded.
    registered = await asyncio.to_thread(_registered, engine, address_of(fields.get("From", "")))
    message = await channel.receive(fields, registered=registered)
    result = await asyncio.to_thread(services.dispatcher.dispatch, message)
    released = await asyncio.to_thread(_release_waiting, engine, message)
    if released or result.replies:
        services.wake()
    return empty_twiml()


def _already_received(engine: Engine, channel: str, message_sid: str) -> bool:
    with reading(engine) as session:
        return already_received(session=session, channel=channel, external_id=message_sid)


def _registered(engine: Engine, address: str) -> bool:
    with reading(engine) as session:
        return is_approved_sender(session=session, channel=WhatsAppChannel.code, address=address)


def _release_waiting(engine: Engine, message: Inbound) -> int:
    """After a message from the contact: what waited for their window may go now."""
    with transaction(engine) as session:
        return release_waiting(
            session=session,
            channel=message.reply_channel,  # the number they wrote to
            address=message.address,
            now=message.received_at,
        )


async def status(request: Request) -> Response:
    """A delivery status: queued, sent, delivered, read, failed or undelivered."""
    services: Services = request.app.state.services
    return await status_callback(request, _channel(request).signature, services.engine)


async def media(request: Request) -> Response:
    """A file behind a signed, expiring link (reports and charts sent as WhatsApp media)."""
    channel = _channel(request)
    try:
        path = channel.media_file(request.path_params["token"])
    except InvalidLink as exc:
        log.info("media link refused: %s", exc)
        return PlainTextResponse("not found", status_code=404)
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileResponse(path, media_type=content_type, filename=request.path_params["filename"])
