"""Twilio's SMS webhooks: inbound messages and delivery status callbacks, both signed."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot.channels.base import served_adapter
from bot.channels.sms.channel import INBOUND_PATH, STATUS_PATH, SmsChannel
from bot.channels.sms.inbound import shape_problem
from bot.channels.twilio_messaging.webhooks import (
    empty_twiml,
    forbidden,
    signed_form,
    status_callback,
)

if TYPE_CHECKING:
    from bot.app import Services

log = logging.getLogger(__name__)


def routes() -> list[Route]:
    """The SMS channel's routes."""
    return [
        Route(INBOUND_PATH, inbound, methods=["POST"]),
        Route(STATUS_PATH, status, methods=["POST"]),
        # The same for each channel row, by its key.
        Route("/sms/{key}/inbound", inbound, methods=["POST"]),
        Route("/sms/{key}/status", status, methods=["POST"]),
    ]


def _channel(request: Request) -> SmsChannel:
    return served_adapter(request, SmsChannel)


async def inbound(request: Request) -> Response:
    """An SMS: check the signature, normalise, dispatch, answer empty TwiML."""
    channel = _channel(request)
    fields = await signed_form(request, channel.signature)
    if fields is None:
        return forbidden()
    problem = shape_problem(fields)
    if problem is not None:
        # 400, not 500: Twilio stops retrying, and nothing was changed.
        log.warning("SMS inbound refused: %s", problem)
        return PlainTextResponse(problem, status_code=400)
    services: Services = request.app.state.services
    # A repeated delivery is recorded once: the dispatcher drops the repeat.
    result = await asyncio.to_thread(services.dispatcher.dispatch, channel.receive(fields))
    if result.replies:
        services.wake()
    return empty_twiml()


async def status(request: Request) -> Response:
    """A delivery status: queued, sent, delivered, failed or undelivered."""
    services: Services = request.app.state.services
    return await status_callback(request, _channel(request).signature, services.engine)
