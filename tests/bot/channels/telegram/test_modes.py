"""The two ways updates arrive: long polling (getUpdates) and the webhook with its secret."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from bot.web.app import create_web_app
from tests.factories import add_person, make_services, seed_area
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_service import (
    SECRET,
    deliver_all,
    inbound_count,
    link_telegram,
    telegram_services,
)
from tests.fakes.telegram_users import TelegramUser

SITI_ID = 1001
WEBHOOK = "/telegram/webhook"


@pytest.fixture
def siti(engine: Engine, fake_telegram: FakeTelegram) -> TelegramUser:
    """A PSM whose Telegram account is linked."""
    seed_area(engine)
    link_telegram(engine, add_person(engine, "+6281234567001", "Siti Aminah"), SITI_ID)
    return TelegramUser(fake_telegram, SITI_ID, "Siti", "Aminah")


async def test_polling_takes_updates_from_get_updates_and_confirms_them(
    engine: Engine, tmp_path: Path, fake_telegram: FakeTelegram, siti: TelegramUser
) -> None:
    # Built from the settings alone (TELEGRAM_MODE=polling, Telegram's real timeouts).
    services = telegram_services(engine, tmp_path, fake_telegram, options=None)
    fake_telegram.webhook = {"url": "https://old.example.org/hook"}  # left from webhook mode
    async with services.running():
        fake_telegram.push_update(siti.says("/bantuan"))
        [reply] = await fake_telegram.wait_for(lambda: fake_telegram.texts_to(SITI_ID))
        # The next getUpdates carries the offset past it: Telegram forgets the update.
        await fake_telegram.wait_for(lambda: not fake_telegram.updates, timeout=5)

    assert reply.startswith("Cara melapor")
    assert ("deleteWebhook", 200) in fake_telegram.calls and fake_telegram.webhook is None
    assert inbound_count(engine) == 1


def webhook_client(services: Any) -> httpx.AsyncClient:
    """An HTTP client for the service's web app (no socket needed)."""
    app = create_web_app(services, start_services=False)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://psmbot")


async def test_webhook_mode_registers_the_webhook_with_its_secret(
    engine: Engine, tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    services = telegram_services(engine, tmp_path, fake_telegram, mode="webhook", options=None)
    async with services.running():
        pass

    assert fake_telegram.webhook == {
        "url": "https://psmbot.example.org/telegram/webhook",
        "secret_token": SECRET,
        "allowed_updates": ["message", "edited_message", "callback_query"],
    }


@pytest.mark.parametrize("secret", [None, "wrong-secret", ""])
async def test_a_webhook_call_without_the_right_secret_is_refused_and_nothing_is_stored(
    engine: Engine,
    tmp_path: Path,
    fake_telegram: FakeTelegram,
    siti: TelegramUser,
    secret: str | None,
) -> None:
    services = telegram_services(engine, tmp_path, fake_telegram, mode="webhook")
    headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
    async with services.running(), webhook_client(services) as client:
        response = await client.post(WEBHOOK, json=siti.says("/bantuan"), headers=headers)
        await deliver_all(services)

    assert response.status_code == 403
    assert inbound_count(engine) == 0
    assert fake_telegram.texts_to(SITI_ID) == []


async def test_a_webhook_call_with_the_secret_is_handled_once_even_when_repeated(
    engine: Engine, tmp_path: Path, fake_telegram: FakeTelegram, siti: TelegramUser
) -> None:
    services = telegram_services(engine, tmp_path, fake_telegram, mode="webhook")
    update = siti.says("/bantuan")
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with services.running(), webhook_client(services) as client:
        first = await client.post(WEBHOOK, json=update, headers=headers)
        again = await client.post(WEBHOOK, json=update, headers=headers)  # Telegram retries
        # Not JSON: answered 200 (and logged) so Telegram does not send it again forever.
        broken = await client.post(WEBHOOK, content=b"{not json", headers=headers)
        await deliver_all(services)

    assert (first.status_code, again.status_code, broken.status_code) == (200, 200, 200)
    assert inbound_count(engine) == 1
    [reply] = fake_telegram.texts_to(SITI_ID)
    assert reply.startswith("Cara melapor")


async def test_the_webhook_route_exists_only_in_webhook_mode(
    engine: Engine, tmp_path: Path, fake_telegram: FakeTelegram, siti: TelegramUser
) -> None:
    services = telegram_services(engine, tmp_path, fake_telegram, mode="polling")
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with webhook_client(services) as client:
        response = await client.post(WEBHOOK, json=siti.says("/bantuan"), headers=headers)

    assert response.status_code == 404
    assert inbound_count(engine) == 0


def test_webhook_mode_without_a_secret_refuses_to_start(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="TELEGRAM_WEBHOOK_SECRET"):
        make_services(
            sqlite_engine,
            tmp_path,
            telegram_bot_token="123:abc",
            telegram_mode="webhook",
            telegram_webhook_secret=None,
        )


async def test_only_one_process_polls_and_another_takes_over_when_it_stops(
    engine: Engine, tmp_path: Path, fake_telegram: FakeTelegram, siti: TelegramUser
) -> None:
    # Two `serve` in polling mode on one database; Telegram ends the older of two getUpdates (409).
    first = telegram_services(engine, tmp_path / "first", fake_telegram)
    second = telegram_services(engine, tmp_path / "second", fake_telegram)
    async with first.running(), second.running():
        fake_telegram.push_update(siti.says("/bantuan"))
        await fake_telegram.wait_for(lambda: fake_telegram.texts_to(SITI_ID))
        await asyncio.sleep(2.5)  # several long polls: still only one poller
        assert fake_telegram.overlapping_polls == 0
        polls = fake_telegram.calls.count(("getUpdates", 200))
        assert polls >= 2
    # Both stopped and gave the lease up: a new process polls at once.
    third = telegram_services(engine, tmp_path / "third", fake_telegram)
    async with third.running():
        fake_telegram.push_update(siti.says("/bantuan"))
        await fake_telegram.wait_for(lambda: len(fake_telegram.texts_to(SITI_ID)) == 2)
    assert inbound_count(engine) == 2 and fake_telegram.overlapping_polls == 0
