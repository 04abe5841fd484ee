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
from bot.channels.telegram import telegram_channel
from bot.channels.whatsapp import WhatsAppChannel
from bot.dispatcher import Dispatcher
from bot.outbox_sender import OutboxSender
from bot.scheduler import Scheduler, SchedulerConfig
from bot.security import configure_security
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
    # Reminders, nudges and report deliveries; None when turned off in the settings.
    scheduler: Scheduler | None = None
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    @contextlib.asynccontextmanager
    async def running(self, *, send_loop: bool = True) -> AsyncIterator[Services]:
        """Start the adapters, the sender loop and the scheduler; stop them on the way out.

        Without `send_loop` the caller sends by draining the outbox itself (the terminal chat,
        which prints each reply right after the message that caused it).
        """
        for adapter in self.adapters.values():
            await adapter.start()
        if send_loop:
            self.tasks.append(asyncio.create_task(self.sender.run(), name="outbox-sender"))
            if self.scheduler is not None:
                self.tasks.append(asyncio.create_task(self.scheduler.run(), name="scheduler"))
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
    configure_security(settings)
    engine = engine or make_engine(settings.database_url)
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    simulator = SimulatorChannel()
    adapters: dict[str, ChannelAdapter] = {simulator.code: simulator}
    if settings.whatsapp_enabled:
        whatsapp = WhatsAppChannel(settings, engine)
        adapters[whatsapp.code] = whatsapp
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
    if settings.telegram_enabled:
        # Made after the dispatcher, which it hands each update; the sender shares `adapters`.
        telegram = telegram_channel(settings, engine=engine, dispatcher=dispatcher)
        adapters[telegram.code] = telegram
    return Services(
        settings=settings,
        engine=engine,
        dispatcher=dispatcher,
        sender=sender,
        simulator=simulator,
        adapters=adapters,
        scheduler=(
            Scheduler(engine, SchedulerConfig.from_settings(settings), on_enqueued=sender.wake)
            if settings.scheduler_enabled
            else None
        ),
    )
