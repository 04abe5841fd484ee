"""The interface every channel adapter implements."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar, Protocol

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


class ChannelAdapter(Protocol):
    """A chat platform: sends outbox messages, and knows how fast it may."""

    code: ClassVar[str]  # "telegram", "whatsapp", "sim"; also the URN scheme

    async def start(self) -> None:
        """Open connections (and start receiving, for polling channels)."""

    async def stop(self) -> None:
        """Close connections."""

    async def send(self, message: OutboundMessage) -> SendResult:
        """Deliver one message, respecting the platform's limits."""
        ...
