"""The composition root: the one place where the service is assembled from its settings."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Engine

from bot.channels.base import ChannelAdapter
from bot.channels.simulator import SimulatorChannel
from bot.dispatcher import Dispatcher
from bot.outbox_sender import OutboxSender
from bot.settings import Settings
from handlers.turn import HandlerConfig
from storage.db import make_engine

log = logging.getLogger(__name__)


@dataclass
class Services:
    """Everything a running service holds; created once, handed to whoever needs it."""

    settings: Settings
    engine: Engine
    dispatcher: Dispatcher
    sender: OutboxSender
    simulator: SimulatorChannel
    adapters: dict[str, ChannelAdapter]
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[Services]:
        """Start the adapters and the sender loop; stop them on the way out."""
        for adapter in self.adapters.values():
            await adapter.start()
        self.tasks.append(asyncio.create_task(self.sender.run(), name="outbox-sender"))
        try:
            yield self
        finally:
            for task in self.tasks:
                task.cancel()
            for task in self.tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            self.tasks.clear()
            for adapter in self.adapters.values():
                await adapter.stop()


def build_services(settings: Settings, *, engine: Engine | None = None) -> Services:
    """Assemble the service: engine, channels (order: simulator first), dispatcher, sender."""
    engine = engine or make_engine(settings.database_url)
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    simulator = SimulatorChannel()
    adapters: dict[str, ChannelAdapter] = {simulator.code: simulator}
    sender = OutboxSender(
        engine,
        adapters,
        max_attempts=settings.outbox_max_attempts,
        poll_seconds=settings.outbox_poll_seconds,
    )
    dispatcher = Dispatcher(
        engine,
        HandlerConfig(
            default_timezone=settings.default_timezone,
            max_message_chars=settings.max_message_chars,
            media_dir=str(settings.media_dir),
        ),
        draft_ttl=timedelta(hours=settings.draft_ttl_hours),
        on_enqueued=sender.wake,
    )
    return Services(
        settings=settings,
        engine=engine,
        dispatcher=dispatcher,
        sender=sender,
        simulator=simulator,
        adapters=adapters,
    )
