"""The process's sender: a channel sender per adapter, and the rescue of lapsed claims."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import Engine

from bot.channels.base import ChannelAdapter
from bot.leases import process_holder
from bot.metrics import Metrics
from bot.sending.channel_sender import ChannelSender
from bot.sending.config import SenderConfig
from storage import outbox_rescue
from storage.db import transaction

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class OutboxSender:
    """Delivers the outbox of every channel this process has; several processes may run one."""

    def __init__(
        self,
        engine: Engine,
        adapters: Mapping[str, ChannelAdapter],
        *,
        config: SenderConfig | None = None,
        clock: Clock = _utcnow,
        holder: str | None = None,
        metrics: Metrics | None = None,
        max_attempts: int | None = None,
        poll_seconds: float | None = None,
    ) -> None:
        config = config or SenderConfig()
        if max_attempts is not None:
            config = replace(config, max_attempts=max_attempts)
        if poll_seconds is not None:
            config = replace(config, poll_seconds=poll_seconds)
        self.config = config
        self._engine = engine
        # Shared with the composition root, which may add a channel after this is made.
        self._adapters = adapters
        self._clock = clock
        self.holder = holder or process_holder("sender")
        self._metrics = metrics
        self._senders: dict[str, ChannelSender] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    def channel_sender(self, code: str) -> ChannelSender:
        """The sender of one channel, by its outbox key (made on first use)."""
        sender = self._senders.get(code)
        adapter = self._adapters[code]
        if sender is None or sender.adapter is not adapter:
            sender = ChannelSender(
                self._engine,
                adapter,
                holder=self.holder,
                config=self.config,
                clock=self._clock,
                metrics=self._metrics,
                channel=code,
            )
            self._senders[code] = sender
        return sender

    def leases(self) -> dict[str, bool]:
        """The sender leases of this process: name -> held now."""
        return {
            sender.lease.name: sender.lease.valid()
            for sender in self._senders.values()
            if sender.lease is not None
        }

    def wake(self) -> None:
        """Look at the outbox now (safe to call from any thread)."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        for sender in list(self._senders.values()):
            loop.call_soon_threadsafe(sender.wake)

    async def run(self) -> None:
        """Send forever; cancel the task to stop (claims in flight are finished or given back)."""
        self._loop = asyncio.get_running_loop()
        tasks = [
            asyncio.create_task(self.channel_sender(code).run(), name=f"sender:{code}")
            for code in list(self._adapters)
        ]
        tasks.append(asyncio.create_task(self._rescue_forever(), name="outbox-rescue"))
        try:
            # Not gather: cancelling this must reach each sender once, so it can stop cleanly.
            await asyncio.wait(tasks)
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def drain(self, max_passes: int = 50) -> int:
        """Send until nothing is due (the terminal chat and tests); returns rows handled."""
        self._loop = asyncio.get_running_loop()
        total = 0
        for _ in range(max_passes):
            handled = 0
            for code in list(self._adapters):
                handled += await self.channel_sender(code).drain_once()
            total += handled
            if handled == 0:
                break
        return total

    def rescue(self) -> int:
        """Give lapsed claims back to the queue now (blocking); returns how many."""
        with transaction(self._engine) as session:
            count = outbox_rescue.rescue_expired(session=session)
        if count:
            log.warning("%d outbox rows of a stopped sender given back to the queue", count)
            if self._metrics is not None:
                self._metrics.rescued.inc(count)
        return count

    async def _rescue_forever(self) -> None:
        while True:
            try:
                if await asyncio.to_thread(self.rescue):
                    self.wake()
            except Exception as exc:
                log.warning("rescue of lapsed claims failed this time: %s", exc)
            await asyncio.sleep(self.config.rescue_seconds)
