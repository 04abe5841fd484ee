"""The composition root: the one place where the service is assembled from its settings."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from datetime import timedelta

from sqlalchemy import Engine

from bot.channel_rows import plan_rows
from bot.channels.base import ChannelAdapter, ChannelDeps
from bot.channels.registry import CHANNEL_TYPES
from bot.channels.simulator.channel import SimulatorChannel
from bot.dispatcher import Dispatcher
from bot.metrics import Metrics, QueueCollector
from bot.scheduler import Scheduler, SchedulerConfig
from bot.security import configure_security
from bot.sending.config import SenderConfig
from bot.sending.sender import OutboxSender
from bot.settings import Settings
from handlers.turn import HandlerConfig
from handlers.wiring import conversation
from reports.delivery.render_worker import RenderWorker
from storage.db import make_engine
from storage.personal_data import load_detectors

log = logging.getLogger(__name__)


@dataclass
class Services:
    """Everything a running service holds; created once, handed to whoever needs it."""

    settings: Settings
    engine: Engine
    dispatcher: Dispatcher
    sender: OutboxSender
    renderer: RenderWorker
    simulator: SimulatorChannel
    # By outbox key: a kind's code for the environment's channel, a row's key for the others.
    adapters: dict[str, ChannelAdapter]
    metrics: Metrics
    # Reminders, nudges and report deliveries; None when turned off in the settings.
    scheduler: Scheduler | None = None
    # Channel rows not running, key -> kind: turned off (their webhooks answer 410 Gone), or on
    # but with their settings incomplete (503, until they are set and the service restarts).
    turned_off: dict[str, str] = field(default_factory=dict)
    unstarted: dict[str, str] = field(default_factory=dict)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def leases(self) -> dict[str, bool]:
        """The leases this process holds now (name -> held)."""
        held = self.sender.leases()
        if self.scheduler is not None:
            held[self.scheduler.lease.name] = self.scheduler.active
        return held

    def wake(self) -> None:
        """New work was committed: let the sender and the render worker look now."""
        self.sender.wake()
        self.renderer.wake()

    async def deliver(self) -> int:
        """Make due reports and send what is due, now (the terminal chat and tests)."""
        await self.renderer.drain()
        return await self.sender.drain()

    @contextlib.asynccontextmanager
    async def running(self, *, send_loop: bool = True) -> AsyncIterator[Services]:
        """Start the adapters, the sender, the render worker and the scheduler; stop them after.

        Without `send_loop` the caller sends by calling `deliver` itself (the terminal chat,
        which prints each reply right after the message that caused it).
        """
        for adapter in self.adapters.values():
            await adapter.start()
        if send_loop:
            self.tasks.append(asyncio.create_task(self.sender.run(), name="outbox-sender"))
            self.tasks.append(asyncio.create_task(self.renderer.run(), name="render-worker"))
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


def sender_config(settings: Settings) -> SenderConfig:
    """The sender's part of the settings."""
    return SenderConfig(
        max_attempts=settings.outbox_max_attempts,
        poll_seconds=settings.outbox_poll_seconds,
        claim_seconds=settings.outbox_claim_seconds,
        lease_seconds=settings.sender_lease_seconds,
        timezone=settings.default_timezone,
    )


def build_services(
    settings: Settings, *, engine: Engine | None = None, channel_rows: bool = True
) -> Services:
    """Assemble the service: engine, dispatcher, workers, and the channels the settings enable.

    With `channel_rows`, the enabled channel rows of the database run too (the database must
    be migrated first); the terminal chat runs without them.
    """
    configure_security(settings)
    load_detectors()  # the log filter's, before the event loop runs
    engine = engine or make_engine(settings.database_url)
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    metrics = Metrics()
    # Filled below, once the dispatcher exists; the sender shares this dict.
    adapters: dict[str, ChannelAdapter] = {}
    sender = OutboxSender(engine, adapters, config=sender_config(settings), metrics=metrics)
    renderer = RenderWorker(
        engine,
        media_dir=settings.media_dir,
        max_attempts=settings.render_max_attempts,
        metrics=metrics,
        on_enqueued=sender.wake,
    )

    def wake() -> None:
        sender.wake()
        renderer.wake()

    dispatcher = Dispatcher(
        engine,
        HandlerConfig(
            default_timezone=settings.default_timezone,
            max_message_chars=settings.max_message_chars,
            media_dir=str(settings.media_dir),
            public_base_url=settings.public_base_url,
        ),
        wiring=conversation(),
        draft_ttl=timedelta(hours=settings.draft_ttl_hours),
        on_enqueued=wake,
        metrics=metrics,
    )
    deps = ChannelDeps(engine=engine, dispatcher=dispatcher)
    for channel_type in CHANNEL_TYPES:  # in the registry's order: the simulator first
        if channel_type.enabled(settings):
            adapters[channel_type.code] = channel_type.build(settings, deps)
    turned_off: dict[str, str] = {}
    unstarted: dict[str, str] = {}
    for plan in plan_rows(engine, settings) if channel_rows else []:
        if plan.kind is None or plan.settings is None:
            if plan.row.enabled:
                unstarted[plan.row.key] = plan.row.type
                log.error("channel %s not started: %s", plan.row.key, plan.problem)
            else:
                turned_off[plan.row.key] = plan.row.type
            continue
        adapters[plan.row.key] = plan.kind.build(plan.settings, replace(deps, key=plan.row.key))
    simulator = adapters.get(SimulatorChannel.code)
    if not isinstance(simulator, SimulatorChannel):
        raise RuntimeError("the simulator channel is always registered and enabled")
    services = Services(
        settings=settings,
        engine=engine,
        dispatcher=dispatcher,
        sender=sender,
        renderer=renderer,
        simulator=simulator,
        adapters=adapters,
        metrics=metrics,
        turned_off=turned_off,
        unstarted=unstarted,
        scheduler=(
            Scheduler(engine, SchedulerConfig.from_settings(settings), on_enqueued=wake)
            if settings.scheduler_enabled
            else None
        ),
    )
    metrics.watch(QueueCollector(engine, leases=services.leases))
    return services
