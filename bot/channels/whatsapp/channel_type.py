"""The WhatsApp channel as the registry knows it."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.routing import BaseRoute

from bot.channels.base import ChannelDeps, ChannelType
from bot.channels.twilio_messaging.rest import MAX_BODY_CHARS
from bot.channels.whatsapp import web
from bot.channels.whatsapp.channel import INBOUND_PATH, WhatsAppChannel
from bot.channels.whatsapp.inbound import CHANNEL
from bot.settings import Settings


def enabled(settings: Settings) -> bool:
    """Twilio credentials and a WhatsApp sender (TWILIO_WHATSAPP_FROM) are configured."""
    return settings.whatsapp_enabled


def build(settings: Settings, deps: ChannelDeps) -> WhatsAppChannel:
    """The channel as the TWILIO_* and WHATSAPP_* settings describe it."""
    return WhatsAppChannel(settings)


def routes(settings: Settings) -> Sequence[BaseRoute] | None:
    """Inbound messages, status callbacks and the media links Twilio fetches."""
    return web.routes()


WHATSAPP = ChannelType(
    code=CHANNEL,
    name="WhatsApp",
    phone_addresses=True,  # or a business-scoped user id, which is never read as a phone
    message_limit=MAX_BODY_CHARS,
    enabled=enabled,
    build=build,
    routes=routes,
    webhook_paths=(INBOUND_PATH,),
)
