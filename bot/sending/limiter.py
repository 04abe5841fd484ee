"""Sending limits kept before each request: an overall rate and a rate per chat, with priority.

One `SendLimiter` serves a channel in the process that holds the channel's sender lease, so
its limits hold for the whole deployment (see `bot.sending`). It keeps strict sliding windows:
never more than N sends in any window of the period, whichever way the platform counts.

A platform counts a request when it arrives, somewhere between the moment it left and the
moment its answer came back. So a send keeps its place in the windows from when it leaves
until its answer is in, and then counts as having happened at the answer: the next send that
needs its place waits for a full period after that. Request jitter can then never make two
sends look closer together than the limit allows, at the cost of one round trip per window.
That round trip is the whole price of the guarantee, so it is kept as short as the facts
allow: the answer is dated when its first bytes (the status line) arrive, which the HTTP
client reports through `answered()`, not once its body is read and parsed; the platform had
counted the request before it began to answer.

Urgent sends (replies to a person) go before bulk ones (reminders, reports) whenever both
wait for the same overall window.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import math
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rate:
    """At most `count` sends in any `seconds`."""

    count: int
    seconds: float

    @classmethod
    def per_second(cls, messages_per_second: float) -> Rate:
        """A steady rate as a window: 1.5/s becomes 2 sends in any 1.33 s."""
        count = max(1, round(messages_per_second))
        return cls(count, count / messages_per_second)


# The limiter and places of the current task's request while it is out (`SendLimiter.answered`).
_holding: contextvars.ContextVar[tuple[SendLimiter, list[_Send]] | None] = contextvars.ContextVar(
    "limiter_holding", default=None
)


class SendingPaused(Exception):
    """This process may not send now (it lost the channel's sender lease)."""


class _Send:
    """One send's place in a window: taken when it leaves, dated by its answer."""

    __slots__ = ("ended",)

    def __init__(self, ended: float | None = None) -> None:
        self.ended = ended  # None while the request is out


class _Window:
    __slots__ = ("rate", "sends")

    def __init__(self, rate: Rate) -> None:
        self.rate = rate
        self.sends: list[_Send] = []

    def wait_needed(self, now: float) -> float:
        """Seconds until one more send fits: 0 now, inf while only an answer can free a place."""
        horizon = now - self.rate.seconds
        self.sends = [s for s in self.sends if s.ended is None or s.ended > horizon]
        if len(self.sends) < self.rate.count:
            return 0.0
        ended = [s.ended for s in self.sends if s.ended is not None]
        if len(self.sends) - len(ended) >= self.rate.count or not ended:
            return math.inf
        # The oldest answers free their places one by one.
        ended.sort()
        needed = len(self.sends) - self.rate.count
        return ended[needed] + self.rate.seconds - now

    @property
    def idle(self) -> bool:
        return not self.sends


class SendLimiter:
    """Holds each send until the overall window and its chat's window both have room."""

    def __init__(
        self,
        overall: Rate,
        per_chat: Callable[[str], Rate | None] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.overall = overall
        self._per_chat = per_chat or (lambda _chat: None)
        self._clock = clock
        self._window = _Window(overall)
        self._chats: dict[str, _Window] = {}
        self._blocked: dict[str, float] = {}  # chat -> no send before (after a 429)
        self._urgent_waiting: dict[str, int] = {}
        # Set when a place may have freed, then replaced: every waiter looks again, with no
        # lock to take in turn (the loop runs one of them at a time anyway).
        self._changed = asyncio.Event()
        # Whether this process may send at all; the channel's sender sets it to its lease.
        self.gate: Callable[[], bool] = lambda: True

    @contextlib.asynccontextmanager
    async def slot(
        self, chat: str | None, *, urgent: bool = False, gated: bool = True
    ) -> AsyncIterator[None]:
        """Wait for room, hold it while the request is out, date it when the answer is in.

        A `gated` send (an outbox message) raises `SendingPaused` when the gate is closed; other
        calls (editing a pressed button's message) are counted but never held back by it.
        """
        sends = await self._take(chat, urgent, gated)
        token = _holding.set((self, sends))
        try:
            yield
        finally:
            _holding.reset(token)
            ended = self._clock()
            unanswered = [send for send in sends if send.ended is None]
            for send in unanswered:  # no answer came (an error), or no hook told of it
                send.ended = ended
            if unanswered:  # an answer told of has woken the waiters already
                self._notify()

    def answered(self) -> None:
        """The answer to this task's request has begun to arrive: date its places now.

        Called by the HTTP client as soon as an answer's status line is in, from inside the
        `slot` block; outside one (a call the limits do not count), it does nothing. The rest
        of the answer (its body, its parsing) then no longer delays the sends waiting for
        these places.
        """
        holding = _holding.get()
        if holding is None or holding[0] is not self:
            return
        now = self._clock()
        for send in holding[1]:
            if send.ended is None:
                send.ended = now
        # Waiters for these places learn when they free; the block's own end may come later.
        self._notify()

    def block(self, chat: str, seconds: float) -> None:
        """Send nothing to `chat` for `seconds` (the platform asked us to wait)."""
        self._blocked[chat] = max(self._blocked.get(chat, 0.0), self._clock() + seconds)

    def seed(self, chat: str | None, seconds_ago: float, count: int = 1) -> None:
        """Count sends made before this process took over (so a takeover cannot burst)."""
        ended = self._clock() - max(0.0, seconds_ago)
        windows = [self._window]
        if chat is not None and (window := self._chat_window(chat)) is not None:
            windows.append(window)
        for window in windows:
            window.sends.extend(_Send(ended) for _ in range(count))

    async def _take(self, chat: str | None, urgent: bool, gated: bool) -> list[_Send]:
        key = chat or ""
        if urgent:
            self._urgent_waiting[key] = self._urgent_waiting.get(key, 0) + 1
        try:
            while True:
                if gated and not self.gate():
                    raise SendingPaused("this process does not hold the sender lease")
                now = self._clock()
                wait = self._wait_needed(chat, now)
                if wait <= 0 and (urgent or not self._urgent_can_go(now)):
                    return self._book(chat)
                # Woken by any answer; looked at again after the wait needed (a second at
                # most, while only answers can free a place).
                timeout = 1.0 if math.isinf(wait) or wait <= 0 else min(wait, 1.0)
                changed = self._changed
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(timeout):
                        await changed.wait()
        finally:
            if urgent:
                left = self._urgent_waiting[key] - 1
                if left:
                    self._urgent_waiting[key] = left
                else:
                    del self._urgent_waiting[key]

    def _wait_needed(self, chat: str | None, now: float) -> float:
        wait = self._window.wait_needed(now)
        if chat is not None:
            window = self._chat_window(chat)
            if window is not None:
                wait = max(wait, window.wait_needed(now))
            blocked = self._blocked.get(chat)
            if blocked is not None:
                if blocked <= now:
                    del self._blocked[chat]
                else:
                    wait = max(wait, blocked - now)
        return wait

    def _urgent_can_go(self, now: float) -> bool:
        """Some urgent send waits only for the overall window: bulk lets it go first."""
        for key in self._urgent_waiting:
            chat = key or None
            window = self._chat_window(chat) if chat is not None else None
            own = window.wait_needed(now) if window is not None else 0.0
            blocked = self._blocked.get(key, 0.0) - now if chat is not None else 0.0
            if own <= 0 and blocked <= 0:
                return True
        return False

    def _book(self, chat: str | None) -> list[_Send]:
        sends = [_Send()]
        self._window.sends.append(sends[0])
        if chat is not None and (window := self._chat_window(chat)) is not None:
            send = _Send()
            window.sends.append(send)
            sends.append(send)
        return sends

    def _chat_window(self, chat: str) -> _Window | None:
        window = self._chats.get(chat)
        if window is None:
            rate = self._per_chat(chat)
            if rate is None:
                return None
            if len(self._chats) > 4096:
                self._forget_idle_chats()
            window = self._chats[chat] = _Window(rate)
        return window

    def _forget_idle_chats(self) -> None:
        now = self._clock()
        for chat in [c for c, w in self._chats.items() if w.wait_needed(now) == 0 and w.idle]:
            del self._chats[chat]

    def _notify(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()
