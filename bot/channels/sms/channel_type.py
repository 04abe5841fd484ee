"""The SMS channel as the registry knows it.

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
    from bot.channels.sms.channel import SmsChannel

CODE = "sms"


def enabled(settings: Settings) -> bool:
    """Twilio credentials and an SMS sender (TWILIO_SMS_FROM) are configured."""
    return settings.sms_enabled


def build(settings: Settings, deps: ChannelDeps) -> SmsChannel:
    """The channel as the TWILIO_* settings describe it."""
    from bot.channels.sms.channel import SmsChannel

    return SmsChannel(settings, key=deps.key)


def routes(settings: Settings) -> Sequence[BaseRoute] | None:
    """Inbound messages and status callbacks."""
    from bot.channels.sms import web

    return web.routes()


SMS = ChannelType(
    code=CODE,
    name="SMS",
    phone_addresses=True,
    message_limit=MAX_BODY_CHARS,
    enabled=enabled,
    build=build,
    routes=routes,
    webhook_paths=(channel_path(CODE, None, "inbound"),),
    settings_fields=(*ACCOUNT_FIELDS, "twilio_sms_from"),
    own_fields=("twilio_sms_from",),
    rate_field="twilio_messages_per_second",
)
