"""The simulator channel as the registry knows it."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.routing import BaseRoute

from bot.channels.base import ChannelDeps, ChannelType
from bot.channels.simulator import web
from bot.channels.simulator.channel import CHANNEL, SimulatorChannel
from bot.settings import Settings


def enabled(settings: Settings) -> bool:
    """Always built: the terminal chat sends through it even when the page is off."""
    return True


def build(settings: Settings, deps: ChannelDeps) -> SimulatorChannel:
    """The channel; it needs nothing from the settings."""
    return SimulatorChannel()


def routes(settings: Settings) -> Sequence[BaseRoute] | None:
    """The browser page and its API, when SIMULATOR_ENABLED."""
    return web.routes() if settings.simulator_enabled else None


SIMULATOR = ChannelType(
    code=CHANNEL,
    name="Simulator",
    phone_addresses=True,
    message_limit=None,
    enabled=enabled,
    build=build,
    routes=routes,
)
