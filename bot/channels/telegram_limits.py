"""Telegram's sending limits, kept before each request rather than learned from 429 answers.

PTB's `AIORateLimiter` keeps the overall and the per-group limit with leaky buckets, which let a
burst of 20 group messages be followed by a 21st three seconds later, and it has no limit per
private chat. This limiter keeps all three as strict sliding windows: never more than N sends
in any window of the period, whichever way Telegram counts.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram.ext import BaseRateLimiter

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
    # Added to every wait, so that a request that leaves a little late is still in its slot.
    margin_seconds: float = 0.02


class _Window:
    """Send times within one sliding window."""

    __slots__ = ("limit", "seconds", "times")

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit = limit
        self.seconds = seconds
        self.times: deque[float] = deque()

    def wait_needed(self, now: float, margin: float) -> float:
        """Seconds until one more send fits (0 when it fits now)."""
        while self.times and self.times[0] <= now - self.seconds:
            self.times.popleft()
        if len(self.times) < self.limit:
            return 0.0
        return self.times[0] + self.seconds - now + margin


class SlidingWindowRateLimiter(BaseRateLimiter[None]):
    """Holds each sending request until the overall and the chat's window both have room."""

    def __init__(self, limits: TelegramLimits | None = None) -> None:
        self.limits = limits or TelegramLimits()
        self._overall = _Window(self.limits.overall, self.limits.overall_seconds)
        self._chats: dict[int | str, _Window] = {}

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
        rate_limit_args: None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Wait for a slot when the request sends into a chat, then make it."""
        chat_id = data.get("chat_id")
        if endpoint in SENDING_METHODS and chat_id is not None:
            await self._take_slot(chat_id)
        return await callback(*args, **kwargs)

    async def _take_slot(self, chat_id: int | str) -> None:
        chat = self._chat_window(chat_id)
        while True:
            now = time.monotonic()
            wait = max(
                self._overall.wait_needed(now, self.limits.margin_seconds),
                chat.wait_needed(now, self.limits.margin_seconds),
            )
            if wait <= 0:
                # No await between the check and the booking: asyncio runs one task at a time.
                self._overall.times.append(now)
                chat.times.append(now)
                return
            await asyncio.sleep(wait)

    def _chat_window(self, chat_id: int | str) -> _Window:
        key = _chat_key(chat_id)
        window = self._chats.get(key)
        if window is None:
            if len(self._chats) > 4096:
                self._forget_idle_chats()
            if is_group_chat_id(key):
                window = _Window(self.limits.per_group, self.limits.per_group_seconds)
            else:
                window = _Window(self.limits.per_chat, self.limits.per_chat_seconds)
            self._chats[key] = window
        return window

    def _forget_idle_chats(self) -> None:
        now = time.monotonic()
        for key in [
            k for k, w in self._chats.items() if w.wait_needed(now, 0) == 0 and not w.times
        ]:
            del self._chats[key]


def _chat_key(chat_id: int | str) -> int | str:
    try:
        return int(chat_id)
    except (TypeError, ValueError):
        return str(chat_id)


def is_group_chat_id(chat_id: int | str) -> bool:
    """Groups, supergroups and channels have negative ids (or an @username)."""
    return isinstance(chat_id, str) or chat_id < 0


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
