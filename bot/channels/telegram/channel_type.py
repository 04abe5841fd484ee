"""The Telegram channel as the registry knows it."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.routing import BaseRoute

from bot.channels.base import ChannelDeps, ChannelType
from bot.channels.telegram import web
from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.inbound import CHANNEL
from bot.channels.telegram.options import WEBHOOK_PATH, enabled, options_from
from bot.channels.telegram.text import MESSAGE_LIMIT
from bot.settings import Settings


def build(settings: Settings, deps: ChannelDeps) -> TelegramChannel:
    """The channel as the TELEGRAM_* settings describe it."""
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
    return web.routes() if settings.telegram_mode == "webhook" else None


TELEGRAM = ChannelType(
    code=CHANNEL,
    name="Telegram",
    phone_addresses=False,  # a chat id; the phone comes from a shared contact
    message_limit=MESSAGE_LIMIT,
    enabled=enabled,
    build=build,
    routes=routes,
    webhook_paths=(WEBHOOK_PATH,),
    settings_fields=(
        "telegram_bot_token",
        "telegram_api_base_url",
        "telegram_mode",
        "telegram_webhook_secret",
    ),
    own_fields=("telegram_bot_token",),
)
