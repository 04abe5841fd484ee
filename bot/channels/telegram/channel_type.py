"""The Telegram channel as the registry knows it.

Light to import (the registry is read by `doctor` and `channels list`): the adapter, its
webhook and python-telegram-bot load only when the channel is built or its routes mounted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from starlette.routing import BaseRoute

from bot.channels.base import ChannelDeps, ChannelType, channel_path
from bot.channels.telegram.text import MESSAGE_LIMIT
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.channels.telegram.channel import TelegramChannel

CODE = "telegram"


def enabled(settings: Settings) -> bool:
    """A Telegram token is configured."""
    return settings.telegram_enabled


def build(settings: Settings, deps: ChannelDeps) -> TelegramChannel:
    """The channel as the TELEGRAM_* settings describe it."""
    from bot.channels.telegram.channel import TelegramChannel
    from bot.channels.telegram.options import options_from

    assert settings.telegram_bot_token is not None
    return TelegramChannel(
        token=settings.telegram_bot_token.get_secret_value(),
        api_base_url=settings.telegram_api_base_url,
        engine=deps.engine,
        dispatcher=deps.dispatcher,
        media_dir=settings.media_dir,
        options=options_from(settings, deps.key),
        key=deps.key,
    )


def routes(settings: Settings) -> Sequence[BaseRoute] | None:
    """The webhook, in webhook mode only (polling needs no endpoint)."""
    if settings.telegram_mode != "webhook":
        return None
    from bot.channels.telegram import web

    return web.routes()


TELEGRAM = ChannelType(
    code=CODE,
    name="Telegram",
    phone_addresses=False,  # a chat id; the phone comes from a shared contact
    message_limit=MESSAGE_LIMIT,
    enabled=enabled,
    build=build,
    routes=routes,
    webhook_paths=(channel_path(CODE, None, "webhook"),),
    settings_fields=(
        "telegram_bot_token",
        "telegram_api_base_url",
        "telegram_mode",
        "telegram_webhook_secret",
    ),
    own_fields=("telegram_bot_token",),
)
