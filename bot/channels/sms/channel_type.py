"""The SMS channel as the registry knows it."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.routing import BaseRoute

from bot.channels.base import ChannelDeps, ChannelType
from bot.channels.sms import web
from bot.channels.sms.channel import INBOUND_PATH, SmsChannel, enabled
from bot.channels.sms.inbound import CHANNEL
from bot.channels.twilio_messaging.rest import MAX_BODY_CHARS
from bot.settings import Settings


def build(settings: Settings, deps: ChannelDeps) -> SmsChannel:
    """The channel as the TWILIO_* settings describe it."""
    return SmsChannel(settings)


def routes(settings: Settings) -> Sequence[BaseRoute] | None:
    """Inbound messages and status callbacks."""
    return web.routes()


SMS = ChannelType(
    code=CHANNEL,
    name="SMS",
    phone_addresses=True,
    message_limit=MAX_BODY_CHARS,
    enabled=enabled,
    build=build,
    routes=routes,
    webhook_paths=(INBOUND_PATH,),
)
