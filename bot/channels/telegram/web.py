"""The Telegram webhook: Telegram posts each update here with our secret in a header."""

from __future__ import annotations

import json
import logging

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.channels.base import served_adapter
from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.checks import UnreadableUpdate
from bot.channels.telegram.options import SECRET_HEADER, WEBHOOK_PATH

log = logging.getLogger(__name__)


def routes() -> list[Route]:
    """The webhook routes (only mounted in webhook mode): the environment's bot, and each row's."""
    return [
        Route(WEBHOOK_PATH, webhook, methods=["POST"]),
        Route("/telegram/{key}/webhook", webhook, methods=["POST"]),
    ]


async def webhook(request: Request) -> Response:
    """Check the secret, then handle the update before answering 200."""
    # An error answer makes Telegram deliver the update again; the inbound log makes the
    # repeat harmless.
    channel = served_adapter(request, TelegramChannel)
    if not channel.secret_matches(request.headers.get(SECRET_HEADER)):
        log.warning("Telegram webhook call without the right secret from %s", request.client)
        return Response(status_code=403)
    # A body that is no update is answered 200 all the same: any error makes Telegram deliver
    # the same poison again and again, and the sender is Telegram itself (the secret matched).
    try:
        data = json.loads(await request.body())
    except (ValueError, RecursionError):
        log.warning("Telegram webhook body is not JSON; dropped")
        return Response(status_code=200)
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
        log.warning("Telegram webhook body is not an update; dropped")
        return Response(status_code=200)
    try:
        await channel.process_json(data)
    except UnreadableUpdate as exc:
        log.warning("Telegram update %s dropped: %s", data.get("update_id"), exc)
    return Response(status_code=200)
