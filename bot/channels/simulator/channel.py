"""The simulator channel: the browser page and the terminal chat.

Its "platform" is the outbox itself: a sent row is what the page or terminal shows, so the
simulator goes through the same dispatcher, outbox and sender as Telegram and WhatsApp.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import ClassVar

from bot.channels.base import RecordPart, SendResult, SendStatus
from bot.sending.limiter import SendLimiter
from handlers.messages import OutboundMessage

CHANNEL = "sim"


class SimulatorChannel:
    """Marks messages sent and wakes whoever is waiting for them."""

    code: ClassVar[str] = CHANNEL
    # No platform, no limits: every process may send simulator messages.
    exclusive: ClassVar[bool] = False
    max_in_flight = 16
    limiter: SendLimiter | None = None

    def __init__(self) -> None:
        # Each stored delivery sets the current event and starts a new one, waking every waiter.
        self._delivered = asyncio.Event()

    async def start(self) -> None:
        """Nothing to open."""

    async def stop(self) -> None:
        """Nothing to close."""

    async def send(self, message: OutboundMessage, record_part: RecordPart) -> SendResult:
        """Accept the message; readers pick it up from the outbox once it is marked sent."""
        return SendResult(SendStatus.SENT, external_id=f"sim-{message.outbox_id}")

    def recorded(self, message: OutboundMessage, result: SendResult) -> None:
        """The row is marked sent now: wake the pages waiting for it."""
        delivered, self._delivered = self._delivered, asyncio.Event()
        delivered.set()

    async def wait_for_delivery(self, timeout: float) -> None:
        """Wait until something is delivered, or `timeout` seconds."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                await self._delivered.wait()
