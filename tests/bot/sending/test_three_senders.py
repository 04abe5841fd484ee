"""Three senders on one PostgreSQL drain a backlog of bulk while replies keep coming.

Each sender has its own engine, Telegram client and limiter, as three processes would; the
fake Telegram refuses (429) any send beyond its limits. Outcomes: nothing lost, nothing twice,
every chat in order, no refusal provoked, and replies overtaking the bulk.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import itertools
import random
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert

from bot.app import Services
from bot.channels.telegram.limits import TelegramLimits
from storage import outbox
from storage.db import make_engine, transaction
from storage.models.messaging import Lane, OutboxMessage, OutboxStatus
from tests.bot.sending.processes import rows, settled
from tests.conftest import truncate
from tests.fakes.telegram_api import FakeLimits, FakeTelegram
from tests.fakes.telegram_service import FAST_SENDER, scaled, telegram_services

# Telegram's limits, scaled so the test takes a minute: 100 per second overall, one per 0.1 s in
# a private chat. The fake enforces exactly these.
LIMITS = TelegramLimits(overall=100, overall_seconds=1.0, per_chat=1, per_chat_seconds=0.1)
FAKE_LIMITS = FakeLimits(per_chat_seconds=0.1, overall=100, overall_seconds=1.0)
ORDERED_CHATS = [10_000 + n for n in range(100)]  # ten messages each, in order
# One reminder each: with the ordered chats a backlog of 2,000, far more than the sends in
# flight, which is what replies must overtake. A province's wave (`--bulk 5000`), at the
# real limits and with a sender killed midway, is `python -m bench.delivery`.
BULK_CHATS = [20_000 + n for n in range(1_000)]
LIVE_CHATS = [30_000 + n for n in range(50)]
PER_ORDERED_CHAT = 10


@pytest.fixture
def engines(postgres_schema_url: str) -> Iterator[list[Engine]]:
    """Three engines on one database, as three processes have."""
    made = [make_engine(postgres_schema_url) for _ in range(3)]
    truncate(made[0])
    yield made
    for engine in made:
        engine.dispose()


def bulk_rows() -> list[dict[str, object]]:
    now = datetime.now(UTC)
    ordered = [(chat, f"{chat}:{n}") for n in range(PER_ORDERED_CHAT) for chat in ORDERED_CHATS]
    single = [(chat, f"{chat}:0") for chat in BULK_CHATS]
    return [
        {
            "channel": "telegram",
            "address": str(chat),
            "kind": "nudge",
            "lane": int(Lane.BULK),
            "payload": {"text": text},
            "status": OutboxStatus.PENDING,
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
            "part_ids": [],
        }
        for chat, text in ordered + single
    ]


@contextlib.asynccontextmanager
async def running(services: list[Services]) -> AsyncIterator[None]:
    async with contextlib.AsyncExitStack() as stack:
        for one in services:
            await stack.enter_async_context(one.running())
        yield


async def test_three_senders_drain_2000_bulk_messages_in_order_once_and_replies_overtake(
    engines: list[Engine], fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    fake_telegram.reset(FAKE_LIMITS)
    services = [
        telegram_services(engine, tmp_path / str(n), fake_telegram, options=scaled(LIMITS))
        for n, engine in enumerate(engines)
    ]
    for one in services:
        # Production's lease and claims: shortened ones lapse on a loaded machine while their
        # holder still sends, and the taker-over then rightly sends those messages again.
        one.sender.config = replace(FAST_SENDER, lease_seconds=15.0, claim_seconds=45.0)
    with transaction(engines[0]) as session:
        session.execute(insert(OutboxMessage), bulk_rows())
    enqueued_at: dict[str, float] = {}

    async def live_replies() -> None:
        for n in itertools.count():
            chat = LIVE_CHATS[n % len(LIVE_CHATS)]
            text = f"{chat}:reply:{n}"
            with transaction(random.choice(engines)) as session:
                outbox.enqueue(
                    session=session,
                    channel="telegram",
                    address=str(chat),
                    payload={"text": text},
                    now=datetime.now(UTC),
                )
            enqueued_at[text] = time.monotonic()
            await asyncio.sleep(0.1)

    async with running(services):
        replies = asyncio.create_task(live_replies())
        deadline = time.monotonic() + 600  # a hang guard only
        while len(fake_telegram.sent) < len(ORDERED_CHATS) * PER_ORDERED_CHAT + len(BULK_CHATS):
            assert time.monotonic() < deadline, "the bulk did not drain in ten minutes"
            await asyncio.sleep(0.2)
        replies.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await replies
        while not settled(engines[0]):
            assert time.monotonic() < deadline, "the last replies did not go"
            await asyncio.sleep(0.2)

    sent = list(fake_telegram.sent)
    texts = [s.text or "" for s in sent]
    assert len(texts) == len(set(texts)), "a message went twice"
    expected = {f"{chat}:{n}" for chat in ORDERED_CHATS for n in range(PER_ORDERED_CHAT)}
    expected |= {f"{chat}:0" for chat in BULK_CHATS} | set(enqueued_at)
    assert set(texts) == expected, "a message was lost"
    for chat in ORDERED_CHATS:
        assert fake_telegram.texts_to(chat) == [f"{chat}:{n}" for n in range(PER_ORDERED_CHAT)]
    assert fake_telegram.flood_refusals == 0
    assert {r.status for r in rows(engines[0])} == {OutboxStatus.SENT}
    # Replies overtake the backlog: while a reply waited, only a few bulk messages went out
    # (those already on their way), not the thousands queued before it. Counted in messages,
    # not seconds, so a slow machine slows both sides alike.
    arrived = {s.text: s.at for s in sent}
    bulk_arrivals = sorted(s.at for s in sent if ":reply:" not in (s.text or ""))
    passed_by = sorted(
        bisect.bisect_left(bulk_arrivals, arrived[text]) - bisect.bisect_right(bulk_arrivals, at)
        for text, at in enqueued_at.items()
    )
    p95 = passed_by[int(len(passed_by) * 0.95) - 1]
    assert p95 <= 250, f"95 % of replies waited while up to {p95} bulk messages went first"
