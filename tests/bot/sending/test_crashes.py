"""A sender process dies or stops at the worst moment: its chats still get every reply, once.

Real processes on one PostgreSQL, killed with SIGKILL or stopped with SIGTERM, and the fake
Telegram over HTTP. Claims last six seconds and leases two here, so a takeover takes seconds;
with the defaults (45 s claims renewed while sending, 15 s leases, a rescue pass every 10 s) the
same takeover takes under a minute.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from storage import outbox
from storage.db import make_engine, transaction
from storage.models.leases import Lease
from storage.models.messaging import OutboxStatus
from tests.bot.sending.processes import (
    SenderProcess,
    rows,
    sender_lease_holder,
    settled,
    wait_until,
)
from tests.conftest import truncate
from tests.fakes.telegram_api import FakeTelegram

CHAT_A, CHAT_B = 7101, 7102
TAKEOVER_SECONDS = 60  # what "within a minute" allows, with room for a loaded machine


@pytest.fixture
def pg_engine(postgres_schema_url: str) -> Iterator[Engine]:
    """These tests are about processes sharing PostgreSQL."""
    engine = make_engine(postgres_schema_url)
    truncate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def processes() -> Iterator[list[SenderProcess]]:
    """Started sender processes, all gone after the test."""
    started: list[SenderProcess] = []
    yield started
    for process in started:
        process.close()


def enqueue(engine: Engine, chat: int, *texts: str) -> None:
    with transaction(engine) as session:
        for text in texts:
            outbox.enqueue(
                session=session,
                channel="telegram",
                address=str(chat),
                payload={"text": text},
                now=datetime.now(UTC),
            )


def start(
    processes: list[SenderProcess],
    url: str,
    fake: FakeTelegram,
    tmp_path: Path,
    holder: str,
    **env: str,
) -> SenderProcess:
    process = SenderProcess(url, fake, tmp_path, holder, **env)
    processes.append(process)
    return process


async def test_a_sender_killed_mid_send_is_taken_over_and_every_reply_goes_once(
    pg_engine: Engine,
    postgres_schema_url: str,
    fake_telegram: FakeTelegram,
    tmp_path: Path,
    processes: list[SenderProcess],
) -> None:
    enqueue(pg_engine, CHAT_A, "satu", "dua", "tiga")
    enqueue(pg_engine, CHAT_B, "lain")
    # The first message to chat A hangs at Telegram; the process is killed while it waits.
    fake_telegram.fail_next(1, "stall", stall_seconds=30, chat_id=CHAT_A)
    first = start(processes, postgres_schema_url, fake_telegram, tmp_path, "first")
    wait_until(lambda: CHAT_A in fake_telegram.stalls, 30, "the send to hang")
    wait_until(lambda: fake_telegram.texts_to(CHAT_B) == ["lain"], 30, "chat B's reply")
    # Killed once chat B's reply is recorded: a process killed between the platform's answer
    # and the record would send that one again (the README's at-least-once case).
    wait_until(lambda: rows(pg_engine)[3].status == OutboxStatus.SENT, 30, "its record")
    first.kill()
    assert [r.status for r in rows(pg_engine)][:3] == [
        OutboxStatus.SENDING,
        OutboxStatus.PENDING,
        OutboxStatus.PENDING,
    ]

    start(processes, postgres_schema_url, fake_telegram, tmp_path, "second")
    wait_until(lambda: settled(pg_engine), TAKEOVER_SECONDS, "the outbox to drain")

    assert fake_telegram.texts_to(CHAT_A) == ["satu", "dua", "tiga"]
    assert fake_telegram.texts_to(CHAT_B) == ["lain"]
    assert {r.status for r in rows(pg_engine)} == {OutboxStatus.SENT}
    assert sender_lease_holder(pg_engine) == "second"


async def test_a_sender_killed_after_claiming_and_before_sending_loses_nothing(
    pg_engine: Engine,
    postgres_schema_url: str,
    fake_telegram: FakeTelegram,
    tmp_path: Path,
    processes: list[SenderProcess],
) -> None:
    enqueue(pg_engine, CHAT_A, "satu CRASH-BEFORE-SEND", "dua")
    crashing = start(
        processes,
        postgres_schema_url,
        fake_telegram,
        tmp_path,
        "crashing",
        PSMBOT_CRASH_BEFORE_SEND="1",
    )
    wait_until(lambda: crashing.process.poll() is not None, 30, "the crash")
    claimed = rows(pg_engine)[0]
    assert claimed.status == OutboxStatus.SENDING and claimed.claimed_by == "crashing"
    assert fake_telegram.texts_to(CHAT_A) == []

    start(processes, postgres_schema_url, fake_telegram, tmp_path, "after")
    wait_until(lambda: settled(pg_engine), TAKEOVER_SECONDS, "the outbox to drain")

    assert fake_telegram.texts_to(CHAT_A) == ["satu CRASH-BEFORE-SEND", "dua"]


async def test_a_clean_stop_gives_its_claims_and_lease_back_at_once(
    pg_engine: Engine,
    postgres_schema_url: str,
    fake_telegram: FakeTelegram,
    tmp_path: Path,
    processes: list[SenderProcess],
) -> None:
    enqueue(pg_engine, CHAT_A, "satu", "dua")
    fake_telegram.fail_next(1, "stall", stall_seconds=30, chat_id=CHAT_A)
    # Claims that would last ten minutes: only a release can make them free in time.
    long_claims = {"PSMBOT_CLAIM_SECONDS": "600"}
    first = start(processes, postgres_schema_url, fake_telegram, tmp_path, "first", **long_claims)
    wait_until(lambda: CHAT_A in fake_telegram.stalls, 30, "the send to hang")
    first.stop()

    assert "stopped" in first.output()
    given_back = rows(pg_engine)[0]
    assert given_back.status == OutboxStatus.PENDING and given_back.claimed_by is None
    with Session(pg_engine) as session:
        lease = session.get(Lease, "sender:telegram")
        assert lease is not None and lease.expires_at <= datetime.now(UTC)

    start(processes, postgres_schema_url, fake_telegram, tmp_path, "second", **long_claims)
    wait_until(lambda: settled(pg_engine), 30, "the outbox to drain")
    assert fake_telegram.texts_to(CHAT_A) == ["satu", "dua"]
