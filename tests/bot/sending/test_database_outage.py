"""PostgreSQL goes away for ten seconds while the outbox drains: nothing stuck, lost or doubled."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from bot.sending.config import SenderConfig
from storage import outbox
from storage.db import make_engine, transaction
from storage.models.messaging import OutboxStatus
from tests.bot.sending.processes import rows, settled
from tests.conftest import truncate
from tests.fakes.tcp_proxy import TcpProxy, proxy_to
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_service import telegram_services

CHATS = [7300 + n for n in range(20)]
OUTAGE_SECONDS = 10


@pytest.fixture
def direct(postgres_schema_url: str) -> Iterator[Engine]:
    """The test's own connection to the database, not through the proxy."""
    engine = make_engine(postgres_schema_url)
    truncate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def proxy(postgres_schema_url: str) -> Iterator[TcpProxy]:
    url = make_url(postgres_schema_url)
    with proxy_to(url.host or "127.0.0.1", url.port or 5432) as running:
        yield running


def through(url: str, proxy: TcpProxy) -> Engine:
    """An engine whose every connection goes through the proxy."""
    return make_engine(make_url(url).set(host="127.0.0.1", port=proxy.port).render_as_string(False))


def enqueue_round(engine: Engine, round_: int) -> None:
    """One message to every chat, numbered by round."""
    with transaction(engine) as session:
        for chat in CHATS:
            outbox.enqueue(
                session=session,
                channel="telegram",
                address=str(chat),
                payload={"text": f"{chat}:{round_}"},
                now=datetime.now(UTC),
            )


async def wait_for(condition: object, timeout: float, what: str) -> None:
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        await asyncio.sleep(0.1)


async def test_a_ten_second_outage_leaves_no_row_stuck_and_the_outbox_drains(
    direct: Engine,
    proxy: TcpProxy,
    postgres_schema_url: str,
    fake_telegram: FakeTelegram,
    tmp_path: Path,
) -> None:
    engine = through(postgres_schema_url, proxy)
    services = telegram_services(engine, tmp_path, fake_telegram)
    # Claims outlast the outage (as the 45-second default does); the lease is lost meanwhile.
    services.sender.config = SenderConfig(
        claim_seconds=30, lease_seconds=2, retry_base_seconds=0.2, poll_seconds=0.2
    )
    for round_ in range(5):
        enqueue_round(direct, round_)

    async with services.running():
        await wait_for(lambda: len(fake_telegram.sent) >= 20, 30, "the first sends")
        proxy.cut()
        await asyncio.sleep(OUTAGE_SECONDS)
        proxy.restore()
        for round_ in range(5, 8):
            enqueue_round(direct, round_)
        await wait_for(lambda: settled(direct), 90, "the outbox to drain after the outage")

    engine.dispose()
    assert {r.status for r in rows(direct)} == {OutboxStatus.SENT}
    assert all(r.claimed_by is None for r in rows(direct))
    for chat in CHATS:
        # Every message once, in order.
        assert fake_telegram.texts_to(chat) == [f"{chat}:{n}" for n in range(8)]
