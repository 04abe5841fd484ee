"""Two Telegram bots in one deployment: the environment's, and a channel row for a province.

Each answers the people who write to it, and what the service starts towards a person (a
notice, a reminder, a report) leaves through the bot that person wrote to last.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.app import Services
from bot.channels.registry import CHANNEL_TYPES
from bot.web.app import create_web_app
from storage.addressing import latest_address
from storage.channels import add_channel, set_enabled
from storage.db import transaction
from storage.models.activities import Activity
from storage.models.people import Identity, Person
from storage.notifications import notify_person
from tests.factories import add_person, make_services, seed_area
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_http import serve_in_thread
from tests.fakes.telegram_service import FAST_SENDER, SECRET, deliver_all, link_telegram
from tests.fakes.telegram_users import TelegramUser

ROW = "tg-sulsel"
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
SITI_ID, ANDI_ID = 1001, 1002
_second: FakeTelegram | None = None


@pytest.fixture
def other_telegram() -> FakeTelegram:
    """A second fake Bot API with a token of its own: the province's bot."""
    global _second
    if _second is None:
        fake = FakeTelegram()
        fake.token = "654321:SECOND-fake-token"
        fake.port = serve_in_thread(fake)
        _second = fake
    _second.reset()
    return _second


def add_row(engine: Engine, monkeypatch: pytest.MonkeyPatch, fake: FakeTelegram) -> None:
    """The province's bot as a channel row, its token under the SULSEL prefix."""
    with transaction(engine) as session:
        add_channel(
            session=session,
            key=ROW,
            type="telegram",
            name="Bot Dinsos Sulsel",
            env_prefix="SULSEL",
            known_types={kind.code for kind in CHANNEL_TYPES},
            area_code="73",
            now=datetime.now(UTC),
        )
    monkeypatch.setenv("SULSEL_TELEGRAM_BOT_TOKEN", fake.token)
    monkeypatch.setenv("SULSEL_TELEGRAM_API_BASE_URL", fake.url)


def two_bot_services(engine: Engine, tmp_path: Path, fake: FakeTelegram) -> Services:
    services = make_services(
        engine,
        tmp_path,
        telegram_bot_token=fake.token,
        telegram_api_base_url=fake.url,
        telegram_mode="webhook",
        telegram_webhook_secret=SECRET,
        public_base_url="https://psmbot.example.org",
    )
    services.sender.config = FAST_SENDER
    return services


def client_of(services: Services) -> httpx.AsyncClient:
    app = create_web_app(services, start_services=False)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://psmbot")


def notify(engine: Engine, person: Person, text: str) -> None:
    assert person.id is not None
    with transaction(engine) as session:
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
def people(engine: Engine, fake_telegram: FakeTelegram) -> tuple[Person, Person]:
    """Siti in Bandung and Andi in Makassar, both known by their Telegram accounts."""
    seed_area(engine)
    siti = add_person(engine, "+6281234567001", "Siti Aminah", area_code="32.73.07.1001")
    andi = add_person(engine, "+6281234567002", "Andi Baso", area_code="73.71.09.1008")
    link_telegram(engine, siti, SITI_ID)
    link_telegram(engine, andi, ANDI_ID)
    return siti, andi


async def test_each_bot_answers_its_own_people_and_reaches_them_later(
    engine: Engine,
    tmp_path: Path,
    fake_telegram: FakeTelegram,
    other_telegram: FakeTelegram,
    people: tuple[Person, Person],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    siti, andi = people
    add_row(engine, monkeypatch, other_telegram)
    services = two_bot_services(engine, tmp_path, fake_telegram)
    to_default = TelegramUser(fake_telegram, SITI_ID, "Siti").says("/bantuan")
    to_row = TelegramUser(other_telegram, ANDI_ID, "Andi").says("/bantuan")
    # Update ids are each bot's own: the same number on two bots is two messages.
    to_row["update_id"] = to_default["update_id"]
    async with services.running(), client_of(services) as client:
        first = await client.post("/telegram/webhook", json=to_default, headers=HEADERS)
        second = await client.post(f"/telegram/{ROW}/webhook", json=to_row, headers=HEADERS)
        await deliver_all(services)
        notify(engine, siti, "Pengingat untuk Siti")
        notify(engine, andi, "Pengingat untuk Andi")
        await deliver_all(services)

    assert (first.status_code, second.status_code) == (200, 200)
    # Each bot registered its own webhook when the service started.
    assert fake_telegram.webhook is not None and other_telegram.webhook is not None
    assert fake_telegram.webhook["url"] == "https://psmbot.example.org/telegram/webhook"
    assert other_telegram.webhook["url"] == f"https://psmbot.example.org/telegram/{ROW}/webhook"
    siti_got, andi_got = fake_telegram.texts_to(SITI_ID), other_telegram.texts_to(ANDI_ID)
    assert len(siti_got) == 2 and siti_got[0].startswith("Cara melapor")
    assert siti_got[1] == "Pengingat untuk Siti"
    assert len(andi_got) == 2 and andi_got[0].startswith("Cara melapor")
    assert andi_got[1] == "Pengingat untuk Andi"
    # Nothing crossed over.
    assert other_telegram.texts_to(SITI_ID) == [] and fake_telegram.texts_to(ANDI_ID) == []
    with Session(engine) as session:
        keys = dict(session.exec(select(Identity.person_id, Identity.channel_key)).all())
    assert keys == {siti.id: None, andi.id: ROW}


async def test_a_bot_turned_off_answers_gone_and_its_people_are_reached_by_the_default(
    engine: Engine,
    tmp_path: Path,
    fake_telegram: FakeTelegram,
    other_telegram: FakeTelegram,
    people: tuple[Person, Person],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _siti, andi = people
    add_row(engine, monkeypatch, other_telegram)
    services = two_bot_services(engine, tmp_path, fake_telegram)
    async with services.running(), client_of(services) as client:
        await client.post(
            f"/telegram/{ROW}/webhook",
            json=TelegramUser(other_telegram, ANDI_ID, "Andi").says("/bantuan"),
            headers=HEADERS,
        )
        await deliver_all(services)
    assert andi.id is not None
    with Session(engine) as session:
        reached = latest_address(session=session, person_id=andi.id)
    assert reached is not None and reached.channel == ROW

    with transaction(engine) as session:
        assert set_enabled(session=session, key=ROW, enabled=False) == 0
    restarted = two_bot_services(engine, tmp_path / "again", fake_telegram)
    assert ROW not in restarted.adapters
    async with restarted.running(), client_of(restarted) as client:
        gone = await client.post(
            f"/telegram/{ROW}/webhook",
            json=TelegramUser(other_telegram, ANDI_ID, "Andi").says("/bantuan"),
            headers=HEADERS,
        )
        unknown = await client.post("/telegram/nobody/webhook", json={}, headers=HEADERS)
        notify(engine, andi, "Lewat bot utama")
        await deliver_all(restarted)

    assert (gone.status_code, unknown.status_code) == (410, 404)
    assert fake_telegram.texts_to(ANDI_ID) == ["Lewat bot utama"]
    assert len(other_telegram.texts_to(ANDI_ID)) == 1  # only the answer before it was off


def test_a_row_without_its_token_does_not_start_and_says_which_variable_is_missing(
    engine: Engine,
    tmp_path: Path,
    fake_telegram: FakeTelegram,
    other_telegram: FakeTelegram,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    add_row(engine, monkeypatch, other_telegram)
    monkeypatch.delenv("SULSEL_TELEGRAM_BOT_TOKEN")
    services = two_bot_services(engine, tmp_path, fake_telegram)

    assert ROW not in services.adapters and services.turned_off == {ROW: "telegram"}
    assert "SULSEL_TELEGRAM_BOT_TOKEN is not set" in caplog.text


async def test_a_report_through_the_province_bot_is_saved_with_its_button(
    engine: Engine,
    tmp_path: Path,
    fake_telegram: FakeTelegram,
    other_telegram: FakeTelegram,
    people: tuple[Person, Person],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _siti, andi = people
    add_row(engine, monkeypatch, other_telegram)
    services = two_bot_services(engine, tmp_path, fake_telegram)
    user = TelegramUser(other_telegram, ANDI_ID, "Andi")
    path = f"/telegram/{ROW}/webhook"
    async with services.running(), client_of(services) as client:
        said = "Lapor, hari ini dampingi penyaluran BPNT di balai RW 05, 32 KPM hadir"
        await client.post(path, json=user.says(said), headers=HEADERS)
        await deliver_all(services)
        [summary] = [
            s for s in other_telegram.sent_to(ANDI_ID) if "draft:save" in dict(s.buttons()).values()
        ]
        label = next(label for label, data in summary.buttons() if data == "draft:save")
        pressed = await client.post(path, json=user.presses(summary, label), headers=HEADERS)
        await deliver_all(services)

    assert pressed.status_code == 200
    with Session(engine) as session:
        [activity] = session.exec(select(Activity)).all()
    assert activity.reporter_id == andi.id and activity.people_reached == 32
    assert other_telegram.answered and fake_telegram.sent_to(ANDI_ID) == []
