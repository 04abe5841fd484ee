"""Two Telegram bots in one deployment: the environment's, and a channel row for a province.

Each answers the people who write to it, and what the service starts towards a person (a
notice, a reminder, a report) leaves through the bot that person wrote to last.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.app import Services
from bot.web.app import create_web_app
from storage.addressing import latest_address
from storage.channels import set_enabled
from storage.db import transaction
from storage.models.activities import Activity
from storage.models.people import Identity, Person
from storage.notifications import notify_person
from tests.factories import add_channel_row, add_person, make_services, seed_area
from tests.fakes.telegram_api import FakeTelegram, shared_fake
from tests.fakes.telegram_service import FAST_SENDER, SECRET, deliver_all, link_telegram
from tests.fakes.telegram_users import TelegramUser, Update

ROW = "tg-sulsel"
ROW_WEBHOOK = f"/telegram/{ROW}/webhook"
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
SITI_ID, ANDI_ID = 1001, 1002


def second_fake() -> FakeTelegram:
    """A second fake Bot API with a token of its own: the province's bot."""
    fake = shared_fake("654321:SECOND-fake-token")
    fake.reset()
    return fake


@dataclass
class TwoBots:
    """The environment's bot (Siti writes to it) and the province's row (Andi writes to it)."""

    engine: Engine
    tmp_path: Path
    default: FakeTelegram
    row: FakeTelegram
    siti: Person
    andi: Person

    def services(self, name: str = "first") -> Services:
        services = make_services(
            self.engine,
            self.tmp_path / name,
            telegram_bot_token=self.default.token,
            telegram_api_base_url=self.default.url,
            telegram_mode="webhook",
            telegram_webhook_secret=SECRET,
            public_base_url="https://psmbot.example.org",
        )
        services.sender.config = FAST_SENDER
        return services

    def andi_says(self, text: str) -> Update:
        return TelegramUser(self.row, ANDI_ID, "Andi").says(text)

    def notify(self, person: Person, text: str) -> None:
        assert person.id is not None
        with transaction(self.engine) as session:
            notify_person(
                session=session,
                person_id=person.id,
                kind="notice",
                text=text,
                now=datetime.now(UTC),
                idempotency_key=f"test-notice:{person.id}:{text}",
                template_variables={},
            )


@pytest.fixture
def bots(
    engine: Engine, tmp_path: Path, fake_telegram: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> TwoBots:
    """Siti in Bandung and Andi in Makassar, both known by their Telegram accounts."""
    row = second_fake()
    seed_area(engine)
    siti = add_person(engine, "+6281234567001", "Siti Aminah", area_code="32.73.07.1001")
    andi = add_person(engine, "+6281234567002", "Andi Baso", area_code="73.71.09.1008")
    link_telegram(engine, siti, SITI_ID)
    link_telegram(engine, andi, ANDI_ID)
    add_channel_row(engine, ROW, "telegram", name="Bot Dinsos Sulsel", area_code="73")
    monkeypatch.setenv("SULSEL_TELEGRAM_BOT_TOKEN", row.token)
    monkeypatch.setenv("SULSEL_TELEGRAM_API_BASE_URL", row.url)
    return TwoBots(engine, tmp_path, fake_telegram, row, siti, andi)


def client_of(services: Services) -> httpx.AsyncClient:
    app = create_web_app(services, start_services=False)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://psmbot")


async def test_each_bot_answers_its_own_people_and_reaches_them_later(bots: TwoBots) -> None:
    services = bots.services()
    to_default = TelegramUser(bots.default, SITI_ID, "Siti").says("/bantuan")
    to_row = bots.andi_says("/bantuan")
    # Update ids are each bot's own: the same number on two bots is two messages.
    to_row["update_id"] = to_default["update_id"]
    async with services.running(), client_of(services) as client:
        first = await client.post("/telegram/webhook", json=to_default, headers=HEADERS)
        second = await client.post(ROW_WEBHOOK, json=to_row, headers=HEADERS)
        await deliver_all(services)
        bots.notify(bots.siti, "Pengingat untuk Siti")
        bots.notify(bots.andi, "Pengingat untuk Andi")
        await deliver_all(services)

    assert (first.status_code, second.status_code) == (200, 200)
    # Each bot registered its own webhook when the service started.
    assert bots.default.webhook is not None and bots.row.webhook is not None
    assert bots.default.webhook["url"] == "https://psmbot.example.org/telegram/webhook"
    assert bots.row.webhook["url"] == f"https://psmbot.example.org{ROW_WEBHOOK}"
    siti_got, andi_got = bots.default.texts_to(SITI_ID), bots.row.texts_to(ANDI_ID)
    assert len(siti_got) == 2 and siti_got[0].startswith("Cara melapor")
    assert siti_got[1] == "Pengingat untuk Siti"
    assert len(andi_got) == 2 and andi_got[0].startswith("Cara melapor")
    assert andi_got[1] == "Pengingat untuk Andi"
    # Nothing crossed over.
    assert bots.row.texts_to(SITI_ID) == [] and bots.default.texts_to(ANDI_ID) == []
    with Session(bots.engine) as session:
        keys = dict(session.exec(select(Identity.person_id, Identity.channel_key)).all())
    assert keys == {bots.siti.id: None, bots.andi.id: ROW}


async def test_a_bot_turned_off_answers_gone_and_its_people_are_reached_by_the_default(
    bots: TwoBots,
) -> None:
    services = bots.services()
    async with services.running(), client_of(services) as client:
        await client.post(ROW_WEBHOOK, json=bots.andi_says("/bantuan"), headers=HEADERS)
        await deliver_all(services)
    assert bots.andi.id is not None
    with Session(bots.engine) as session:
        reached = latest_address(session=session, person_id=bots.andi.id)
    assert reached is not None and reached.channel == ROW

    with transaction(bots.engine) as session:
        assert set_enabled(session=session, key=ROW, enabled=False) == 0
    restarted = bots.services("again")
    assert ROW not in restarted.adapters
    async with restarted.running(), client_of(restarted) as client:
        gone = await client.post(ROW_WEBHOOK, json=bots.andi_says("/bantuan"), headers=HEADERS)
        unknown = await client.post("/telegram/nobody/webhook", json={}, headers=HEADERS)
        bots.notify(bots.andi, "Lewat bot utama")
        await deliver_all(restarted)

    assert (gone.status_code, unknown.status_code) == (410, 404)
    assert bots.default.texts_to(ANDI_ID) == ["Lewat bot utama"]
    assert len(bots.row.texts_to(ANDI_ID)) == 1  # only the answer before it was off


async def test_a_report_through_the_province_bot_is_saved_with_its_button(bots: TwoBots) -> None:
    services = bots.services()
    said = "Lapor, hari ini dampingi penyaluran BPNT di balai RW 05, 32 KPM hadir"
    async with services.running(), client_of(services) as client:
        await client.post(ROW_WEBHOOK, json=bots.andi_says(said), headers=HEADERS)
        await deliver_all(services)
        [summary] = [
            sent
            for sent in bots.row.sent_to(ANDI_ID)
            if "draft:save" in dict(sent.buttons()).values()
        ]
        label = next(label for label, data in summary.buttons() if data == "draft:save")
        press = TelegramUser(bots.row, ANDI_ID, "Andi").presses(summary, label)
        pressed = await client.post(ROW_WEBHOOK, json=press, headers=HEADERS)
        await deliver_all(services)

    assert pressed.status_code == 200
    with Session(bots.engine) as session:
        [activity] = session.exec(select(Activity)).all()
    assert activity.reporter_id == bots.andi.id and activity.people_reached == 32
    assert bots.row.answered and bots.default.sent_to(ANDI_ID) == []


async def test_a_row_without_its_token_does_not_start_and_says_which_variable_is_missing(
    bots: TwoBots, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("SULSEL_TELEGRAM_BOT_TOKEN")
    services = bots.services()
    async with client_of(services) as client:
        answer = await client.post(ROW_WEBHOOK, json=bots.andi_says("/bantuan"), headers=HEADERS)

    assert ROW not in services.adapters and services.unstarted == {ROW: "telegram"}
    assert "SULSEL_TELEGRAM_BOT_TOKEN is not set" in caplog.text
    # Telegram delivers the update again later, once the bot is configured and running.
    assert answer.status_code == 503
