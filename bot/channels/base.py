"""The interface every channel adapter implements."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar, Protocol

from bot.sending.limiter import SendLimiter
from handlers.messages import OutboundMessage


class SendStatus(StrEnum):
    """How one send attempt ended."""

    SENT = "sent"
    RETRY = "retry"  # transient: rate limit, timeout, server error
    UNDELIVERABLE = "undeliverable"  # the user blocked the bot, the address is invalid
    FAILED = "failed"  # permanent for this message
    HELD = "held"  # not sendable as it is (e.g. WhatsApp window closed, no template)


@dataclass(frozen=True, slots=True)
class SendResult:
    """The outcome of one send attempt."""

    status: SendStatus
    external_id: str | None = None
    retry_after: float | None = None
    error: str | None = None
    # The answer never came (a read timeout): the platform may have delivered the message, so
    # it is not sent again at once.
    ambiguous: bool = False
    # The platform refused for going too fast (429): counted apart in the metrics.
    rate_limited: bool = False


# Saves the platform id of one delivered part of a multi-part message (awaited before the next
# part goes), so that a retry in any process sends only the parts not delivered yet.
RecordPart = Callable[[str], Awaitable[None]]


class ChannelAdapter(Protocol):
    """A chat platform: sends outbox messages, and knows how fast it may."""

    code: ClassVar[str]  # "telegram", "whatsapp", "sim"; also the URN scheme
    # One sender per deployment (it holds the channel's lease), so the platform's limits,
    # kept in its `limiter`, hold for all processes together. False for a channel without
    # limits (the simulator), which every process may send on.
    exclusive: ClassVar[bool]
    # Sends in flight at once, at most; the sender claims new rows as sends finish.
    max_in_flight: int

    @property
    def limiter(self) -> SendLimiter | None:
        """The channel's limits (None for a channel without any)."""

    async def start(self) -> None:
        """Open connections (and start receiving, for polling channels)."""

    async def stop(self) -> None:
        """Close connections."""

    async def send(self, message: OutboundMessage, record_part: RecordPart) -> SendResult:
        """Deliver the parts of one message not delivered yet, within the platform's limits."""
        ...

    def recorded(self, message: OutboundMessage, result: SendResult) -> None:
        """The outcome of a send is stored (the simulator wakes its readers here)."""
