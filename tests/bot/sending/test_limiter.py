"""The limiter holds sends to their windows, counted strictly, and lets replies go first."""

from __future__ import annotations

import asyncio
import itertools
import time

import pytest

from bot.channels.telegram.limits import TelegramLimits
from bot.sending.limiter import Rate, SendingPaused, SendLimiter


async def send_all(
    limiter: SendLimiter, chats: list[str], *, answer_after: float = 0.0, urgent: bool = False
) -> list[tuple[str, float, float]]:
    """Send one message to each chat in the list, all at once; (chat, left, answered) of each."""
    sent: list[tuple[str, float, float]] = []

    async def one(chat: str) -> None:
        async with limiter.slot(chat, urgent=urgent):
            left = time.monotonic()
            await asyncio.sleep(answer_after)
            sent.append((chat, left, time.monotonic()))

    await asyncio.gather(*(one(chat) for chat in chats))
    return sorted(sent, key=lambda s: s[1])


def most_in_any_window(times: list[float], seconds: float) -> int:
    return max(sum(1 for u in times if t <= u < t + seconds) for t in times)


async def test_a_private_chat_gets_one_message_per_period() -> None:
    limiter = TelegramLimits(per_chat=1, per_chat_seconds=0.2).limiter()

    sent = await send_all(limiter, ["1", "1", "1", "2"])

    ones = [left for chat, left, _ in sent if chat == "1"]
    assert min(b - a for a, b in itertools.pairwise(ones)) >= 0.2
    assert next(left for chat, left, _ in sent if chat == "2") - sent[0][1] < 0.1


async def test_a_group_burst_never_exceeds_its_window_even_after_the_first_burst() -> None:
    # A leaky bucket lets a 21st message go 3 s after a burst of 20; a sliding window does not.
    limiter = TelegramLimits(per_group=4, per_group_seconds=0.4).limiter()

    sent = await send_all(limiter, ["-100"] * 10)

    times = [left for _chat, left, _ in sent]
    assert most_in_any_window(times, 0.4) <= 4
    assert times[-1] - times[0] >= 0.8  # ten sends, four per window: three windows


async def test_the_overall_limit_spans_all_chats() -> None:
    limiter = TelegramLimits(overall=5, overall_seconds=0.3).limiter()

    sent = await send_all(limiter, [str(n) for n in range(1, 13)])

    assert most_in_any_window([left for _chat, left, _ in sent], 0.3) <= 5


async def test_a_send_counts_from_its_answer_so_slow_answers_cannot_squeeze_the_window() -> None:
    # The platform counts a request somewhere between leaving and answering; dating each send by
    # its answer keeps a full period between any two sends it could count in one window.
    limiter = SendLimiter(Rate(2, 0.2))

    sent = await send_all(limiter, [str(n) for n in range(6)], answer_after=0.05)

    for (_c, _l, answered), (_c2, left, _a) in zip(sent, sent[2:], strict=False):
        assert left - answered >= 0.2 - 0.005


async def test_a_reply_goes_before_bulk_messages_waiting_for_the_same_window() -> None:
    # A window of a second: far longer than a loaded machine's pause between two steps.
    limiter = SendLimiter(Rate(1, 1.0))
    order: list[str] = []

    async def one(name: str, urgent: bool) -> None:
        async with limiter.slot(name, urgent=urgent):
            order.append(name)

    bulk = [asyncio.create_task(one(f"bulk-{n}", False)) for n in range(3)]
    while not order:  # the first bulk send went; the others wait for the window
        await asyncio.sleep(0)
    reply = asyncio.create_task(one("reply", True))
    await asyncio.gather(reply, *bulk)

    assert order.index("reply") == 1, order


async def test_a_closed_gate_stops_outbox_sends_but_not_other_calls() -> None:
    limiter = SendLimiter(Rate(10, 1.0))
    limiter.gate = lambda: False

    with pytest.raises(SendingPaused):
        async with limiter.slot("1"):
            pass
    async with limiter.slot("1", gated=False):
        pass  # e.g. marking a pressed button: counted, never held back


async def test_a_blocked_chat_waits_and_others_do_not() -> None:
    limiter = SendLimiter(Rate(100, 1.0))
    limiter.block("7", 0.3)
    started = time.monotonic()

    async def timed(chat: str) -> float:
        async with limiter.slot(chat):
            return time.monotonic() - started

    blocked, other = await asyncio.gather(timed("7"), timed("8"))

    assert blocked >= 0.3 and other < 0.1


async def test_sends_before_a_takeover_are_counted() -> None:
    limiter = TelegramLimits(per_chat=1, per_chat_seconds=0.3).limiter()
    limiter.seed("5", seconds_ago=0.0)
    started = time.monotonic()

    async with limiter.slot("5"):
        waited = time.monotonic() - started

    assert waited >= 0.25


async def test_a_send_counts_from_the_first_bytes_of_its_answer_not_from_reading_it_all() -> None:
    # The platform counted the request before it began to answer: once the answer's status line
    # is in (the HTTP client calls `answered()`), a slow body no longer holds the place.
    limiter = SendLimiter(Rate(1, 0.2))
    marks: dict[str, float] = {}

    async def first() -> None:
        async with limiter.slot("1"):
            await asyncio.sleep(0.05)
            limiter.answered()
            marks["answered"] = time.monotonic()
            await asyncio.sleep(1.5)  # the body, still coming in
            marks["read"] = time.monotonic()

    async def second() -> None:
        await asyncio.sleep(0.01)
        async with limiter.slot("2"):
            marks["second"] = time.monotonic()

    await asyncio.gather(first(), second())

    assert marks["second"] - marks["answered"] >= 0.2 - 0.005  # a full period after the answer
    assert marks["second"] < marks["read"]  # and not held until the body was read


async def test_answered_outside_a_slot_or_for_another_limiter_dates_nothing() -> None:
    limiter, other = SendLimiter(Rate(1, 0.2)), SendLimiter(Rate(1, 0.2))
    limiter.answered()  # no request out: nothing happens
    left: list[float] = []

    async def one(answer: bool) -> None:
        async with limiter.slot("1"):
            left.append(time.monotonic())
            if answer:
                other.answered()  # another channel's client: not this limiter's place
            await asyncio.sleep(0.3)
            left.append(time.monotonic())

    await asyncio.gather(one(True), one(False))

    first_ended, second_left = left[1], left[2]
    assert second_left - first_ended >= 0.2 - 0.005
