"""The limiter holds sends to Telegram's windows, counted strictly (any window of the period)."""

from __future__ import annotations

import asyncio
import itertools
import time
from typing import Any

from bot.channels.telegram_limits import SlidingWindowRateLimiter, TelegramLimits


async def send_all(limiter: SlidingWindowRateLimiter, chats: list[int]) -> list[tuple[int, float]]:
    """Send one message to each chat in the list, all at once; returns (chat, time) of each."""
    sent: list[tuple[int, float]] = []

    async def request(chat: int) -> bool:
        sent.append((chat, time.monotonic()))
        return True

    async def one(chat: int) -> Any:
        return await limiter.process_request(
            request, (chat,), {}, "sendMessage", {"chat_id": chat}, None
        )

    await asyncio.gather(*(one(chat) for chat in chats))
    return sent


def most_in_any_window(times: list[float], seconds: float) -> int:
    return max(sum(1 for u in times if t <= u < t + seconds) for t in times)


async def test_a_private_chat_gets_one_message_per_period() -> None:
    limiter = SlidingWindowRateLimiter(TelegramLimits(per_chat=1, per_chat_seconds=0.2))

    sent = await send_all(limiter, [1, 1, 1, 2])

    ones = [t for chat, t in sent if chat == 1]
    assert min(b - a for a, b in itertools.pairwise(ones)) >= 0.2
    assert next(t for chat, t in sent if chat == 2) - sent[0][1] < 0.1  # chat 2 did not wait


async def test_a_group_burst_never_exceeds_its_window_even_after_the_first_burst() -> None:
    # A leaky bucket lets a 21st message go 3 s after a burst of 20; a sliding window does not.
    limits = TelegramLimits(per_group=4, per_group_seconds=0.4)
    limiter = SlidingWindowRateLimiter(limits)

    sent = await send_all(limiter, [-100] * 10)

    times = [t for _chat, t in sent]
    assert most_in_any_window(times, 0.4) <= 4
    assert times[-1] - times[0] >= 0.8  # ten sends, four per window: three windows


async def test_the_overall_limit_spans_all_chats() -> None:
    limiter = SlidingWindowRateLimiter(TelegramLimits(overall=5, overall_seconds=0.3))

    sent = await send_all(limiter, list(range(1, 13)))

    assert most_in_any_window([t for _chat, t in sent], 0.3) <= 5


async def test_calls_that_send_nothing_are_not_held() -> None:
    limiter = SlidingWindowRateLimiter(TelegramLimits(overall=1, overall_seconds=10))
    calls = 0

    async def request() -> bool:
        nonlocal calls
        calls += 1
        return True

    started = time.monotonic()
    for _ in range(5):
        await limiter.process_request(request, (), {}, "getFile", {"file_id": "x"}, None)

    assert calls == 5 and time.monotonic() - started < 0.1
