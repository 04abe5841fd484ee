"""Telegram's sending limits, kept before each request rather than learned from 429 answers.

The limits (30 messages per second overall, one per second in a private chat, 20 per minute
in a group) are kept by the one `SendLimiter` of the process that holds the channel's sender
lease (`bot.sending`). PTB hands every API call to `PtbRateLimiter`, which takes a slot for the
calls that put a message into a chat. Each call says through `rate_limit_args` whether it is an
outbox send (held back when this process does not hold the lease) and whether it is urgent.

`ChatLocks` serialises the updates of one chat inside a process (an album's photos must join one
draft in order).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import httpx
from telegram.ext import BaseRateLimiter

from bot.sending.limiter import Rate, SendLimiter

# Methods that put a message into a chat; only these count against the limits.
SENDING_METHODS = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageReplyMarkup"}
)


@dataclass(frozen=True, slots=True)
class TelegramLimits:
    """How many sends are allowed per window: overall, per private chat, per group."""

    overall: int = 30
    overall_seconds: float = 1.0
    per_chat: int = 1
    per_chat_seconds: float = 1.0
    per_group: int = 20
    per_group_seconds: float = 60.0

    def limiter(self) -> SendLimiter:
        """A limiter keeping these windows."""
        private = Rate(self.per_chat, self.per_chat_seconds)
        group = Rate(self.per_group, self.per_group_seconds)
        return SendLimiter(
            Rate(self.overall, self.overall_seconds),
            lambda chat: group if is_group_chat_id(chat) else private,
        )


@dataclass(frozen=True, slots=True)
class SendKind:
    """What a call is, for the limiter: an outbox send or not, urgent or bulk."""

    outbox: bool = False
    urgent: bool = True


class PtbRateLimiter(BaseRateLimiter[SendKind]):
    """PTB's rate-limiter hook, backed by the channel's `SendLimiter`."""

    def __init__(self, limiter: SendLimiter) -> None:
        self.limiter = limiter

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: SendKind | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Wait for a slot when the request sends into a chat, then make it."""
        chat_id = data.get("chat_id")
        if endpoint not in SENDING_METHODS or chat_id is None:
            return await callback(*args, **kwargs)
        kind = rate_limit_args or SendKind()
        async with self.limiter.slot(str(chat_id), urgent=kind.urgent, gated=kind.outbox):
            return await callback(*args, **kwargs)


def answer_hook(limiter: SendLimiter) -> Callable[[httpx.Response], Awaitable[None]]:
    """An httpx response hook: an answer's status line is in, so Telegram has counted the send.

    httpx calls it before the body is read, in the task that made the request, so the limiter
    frees the send's places a full period after this moment rather than after the body.
    """

    async def answered(_response: httpx.Response) -> None:
        limiter.answered()

    return answered


def is_group_chat_id(chat_id: int | str) -> bool:
    """Groups, supergroups and channels have negative ids (or an @username)."""
    try:
        return int(chat_id) < 0
    except (TypeError, ValueError):
        return True


class ChatLocks:
    """One task at a time per chat, first come first served; idle chats' locks are dropped."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @contextlib.asynccontextmanager
    async def turn(self, chat: str) -> AsyncIterator[None]:
        """Wait for the chat's turn and hold it for the block."""
        lock, users = self._locks.get(chat, (asyncio.Lock(), 0))
        self._locks[chat] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[chat]
            if users <= 1:
                del self._locks[chat]
            else:
                self._locks[chat] = (lock, users - 1)
