"""The sender loop: outbox rows go out through their channel adapters, outcomes are recorded."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from bot.channels.base import ChannelAdapter, SendResult, SendStatus
from handlers.messages import OutboundMessage
from storage import outbox
from storage.db import transaction
from storage.models.messaging import OutboxStatus

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class OutboxSender:
    """Sends due outbox rows; one instance per process, safe to run in several processes."""

    def __init__(
        self,
        engine: Engine,
        adapters: Mapping[str, ChannelAdapter],
        *,
        max_attempts: int = 8,
        poll_seconds: float = 1.0,
        batch_size: int = 50,
        clock: Clock = _utcnow,
    ) -> None:
        self._engine = engine
        self._adapters = adapters
        self._max_attempts = max_attempts
        self._poll_seconds = poll_seconds
        self._batch_size = batch_size
        self._clock = clock
        self._wake = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None

    def wake(self) -> None:
        """Ask the loop to look at the outbox now (safe to call from any thread)."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._wake.set)

    async def run(self) -> None:
        """Send forever; cancel the task to stop."""
        self._loop = asyncio.get_running_loop()
        await asyncio.to_thread(self._requeue_stale)
        while True:
            try:
                sent = await self.send_due()
            except Exception:  # the loop must outlive a bad row or a database hiccup
                log.exception("outbox pass failed")
                sent = 0
            if sent == 0:
                self._wake.clear()
                # asyncio.timeout, not wait_for: on Python 3.11 a wait_for that times out just as
                # the task is cancelled can swallow the cancellation and keep shutdown waiting.
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self._poll_seconds):
                        await self._wake.wait()

    async def drain(self, max_passes: int = 20) -> int:
        """Send until nothing is due (for the terminal chat and tests); returns rows handled."""
        total = 0
        for _ in range(max_passes):
            handled = await self.send_due()
            total += handled
            if handled == 0:
                break
        return total

    async def send_due(self) -> int:
        """One pass: claim due rows, send them, record outcomes; returns rows handled."""
        rows = await asyncio.to_thread(self._claim)
        if not rows:
            return 0
        # One chat's messages go in order; different chats go side by side.
        by_chat: dict[tuple[str, str], list[OutboundMessage]] = defaultdict(list)
        for message in rows:
            by_chat[(message.channel, message.address)].append(message)
        await asyncio.gather(*(self._send_in_order(msgs) for msgs in by_chat.values()))
        return len(rows)

    async def _send_in_order(self, messages: list[OutboundMessage]) -> None:
        for position, message in enumerate(messages):
            adapter = self._adapters.get(message.channel)
            if adapter is None:
                result = SendResult(SendStatus.HELD, error=f"channel {message.channel} is off")
            else:
                try:
                    result = await adapter.send(message)
                except Exception as exc:  # an adapter bug must not lose the message
                    log.exception(
                        "adapter %s raised on outbox %s", message.channel, message.outbox_id
                    )
                    result = SendResult(SendStatus.RETRY, error=repr(exc))
            await asyncio.to_thread(self._record, message.outbox_id, result)
            if result.status is SendStatus.RETRY:
                # The chat's later messages wait for this one, so they never overtake it.
                later = [m.outbox_id for m in messages[position + 1 :]]
                if later:
                    await asyncio.to_thread(self._release, later)
                return

    def _claim(self) -> list[OutboundMessage]:
        with transaction(self._engine) as session:
            rows = outbox.claim_due(
                session=session,
                now=self._clock(),
                channels=list(self._adapters),
                limit=self._batch_size,
            )
            return [
                OutboundMessage.from_payload(
                    row.id or 0, row.channel, row.address, row.kind, row.payload
                )
                for row in rows
            ]

    def _record(self, outbox_id: int, result: SendResult) -> None:
        now = self._clock()
        with transaction(self._engine) as session:
            if result.status is SendStatus.SENT:
                outbox.mark_sent(
                    session=session, outbox_id=outbox_id, now=now, external_id=result.external_id
                )
            elif result.status is SendStatus.RETRY:
                outbox.mark_retry(
                    session=session,
                    outbox_id=outbox_id,
                    now=now,
                    error=result.error or "retry",
                    max_attempts=self._max_attempts,
                    retry_after=result.retry_after,
                )
            else:
                outbox.mark_final(
                    session=session,
                    outbox_id=outbox_id,
                    status=OutboxStatus(result.status.value),
                    error=result.error,
                )
        if result.status is not SendStatus.SENT:
            log.warning("outbox %s: %s (%s)", outbox_id, result.status, result.error)

    def _release(self, outbox_ids: list[int]) -> None:
        with transaction(self._engine) as session:
            outbox.release(session=session, outbox_ids=outbox_ids)

    def _requeue_stale(self) -> None:
        with transaction(self._engine) as session:
            count = outbox.requeue_stale(
                session=session, now=self._clock(), older_than=timedelta(minutes=5)
            )
        if count:
            log.info("requeued %d outbox rows left sending by a stopped process", count)
