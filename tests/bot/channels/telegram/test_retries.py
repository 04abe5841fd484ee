"""Delivery through the outbox when the Bot API misbehaves: each message arrives exactly once.

The fake's record of what reached each chat is compared with the outbox, on both databases
(PostgreSQL claims rows with SKIP LOCKED, SQLite with its write lock).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from storage.models.messaging import OutboxStatus
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_service import FAST, deliver_all, enqueue, telegram_services


@pytest.mark.parametrize("fault", ["429", "500", "stall"])
async def test_rate_limit_answers_server_errors_and_stalls_still_deliver_each_message_once(
    engine: Engine, tmp_path: Path, fake_telegram: FakeTelegram, fault: str
) -> None:
    services = telegram_services(engine, tmp_path, fake_telegram)
    chats = [7101, 7102, 7103]
    expected = {chat: [f"pesan {n} untuk {chat}" for n in range(2)] for chat in chats}
    for n in range(2):
        for chat in chats:
            enqueue(engine, chat, expected[chat][n])
    # A stall outlasts the client's send timeout, then answers 504 without delivering.
    fake_telegram.fail_next(3, fault, retry_after=1, stall_seconds=FAST.send_timeout_seconds + 0.5)

    async with services.running():
        rows = await deliver_all(services, timeout=60)

    assert {r.status for r in rows} == {OutboxStatus.SENT}
    assert any(r.attempts > 1 for r in rows), "the fault was met and retried"
    for chat in chats:
        # Exactly once each, and in the order they were queued.
        assert fake_telegram.texts_to(chat) == expected[chat]
    assert fake_telegram.flood_refusals == 0
