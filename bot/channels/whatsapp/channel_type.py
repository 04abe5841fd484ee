"""The WhatsApp channel as the registry knows it.

Light to import (the registry is read by `doctor` and `channels list`): the adapter, its routes
and Twilio's client load only when the channel is built or its routes mounted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from starlette.routing import BaseRoute

from bot.channels.base import ChannelDeps, ChannelType, channel_path
from bot.channels.twilio_messaging import ACCOUNT_FIELDS, MAX_BODY_CHARS
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.channels.whatsapp.channel import WhatsAppChannel

CODE = "whatsapp"


def enabled(settings: Settings) -> bool:
    """Twilio credentials and a WhatsApp sender (TWILIO_WHATSAPP_FROM) are configured."""
    return settings.whatsapp_enabled


def build(settings: Settings, deps: ChannelDeps) -> WhatsAppChannel:
    """The channel as the TWILIO_* and WHATSAPP_* settings describe it."""
    from bot.channels.whatsapp.channel import WhatsAppChannel

    return WhatsAppChannel(settings, key=deps.key)


def routes(settings: Settings) -> Sequence[BaseRoute] | None:
    """Inbound messages, status callbacks and the media links Twilio fetches."""
    from bot.channels.whatsapp import web

    return web.routes()


WHATSAPP = ChannelType(
    code=CODE,
    name="WhatsApp",
    phone_addresses=True,  # or a business-scoped user id, which is never read as a phone
    message_limit=MAX_BODY_CHARS,
    enabled=enabled,
    build=build,
    routes=routes,
    webhook_paths=(channel_path(CODE, None, "inbound"),),
    settings_fields=(*ACCOUNT_FIELDS, "twilio_whatsapp_from"),
    own_fields=("twilio_whatsapp_from",),
    rate_field="twilio_messages_per_second",
)
