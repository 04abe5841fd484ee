"""Webhook bodies of every shape: a poison update is answered (2xx or 4xx) and never breaks."""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlmodel import Session, func, select

from bot.web.app import create_web_app
from storage.models.messaging import InboundMessage
from storage.models.people import Identity
from tests.factories import add_person, seed_area
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_service import SECRET, link_telegram, telegram_services
from tests.fakes.telegram_users import TelegramUser
from tests.fakes.twilio_api import FakeTwilio, WhatsAppWorld, running_fake

BODIES = int(os.environ.get("PSMBOT_HOSTILE_BODIES", "150"))
WEBHOOK = "/telegram/webhook"
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
SITI_ID = 1001

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = ["message", "edited_message", "callback_query", "chat", "from", "text", "data", "date"]


class Loop:
    """An event loop the synchronous property tests drive the async web app with."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()

    def run(self, awaitable: Any) -> Any:
        return self.loop.run_until_complete(awaitable)


@pytest.fixture
def loop() -> Iterator[Loop]:
    runner = Loop()
    yield runner
    runner.loop.close()


def mutate(update: dict[str, Any], path: list[str], value: Any) -> dict[str, Any]:
    """A copy of the update with the value at `path` replaced (made if missing)."""
    body = copy.deepcopy(update)
    node = body
    for key in path[:-1]:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    node[path[-1]] = value
    return body


def no_errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def test_telegram_webhook_answers_every_body_without_a_server_error(
    engine: Engine,
    tmp_path: Path,
    fake_telegram: FakeTelegram,
    loop: Loop,
    caplog: pytest.LogCaptureFixture,
) -> None:
    seed_area(engine)
    link_telegram(engine, add_person(engine, "+6281234567001", "Siti Aminah"), SITI_ID)
    siti = TelegramUser(fake_telegram, SITI_ID, "Siti", "Aminah")
    services = telegram_services(engine, tmp_path, fake_telegram, mode="webhook")
    app = create_web_app(services, start_services=False)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://psmbot")
    running = services.running(send_loop=False)
    loop.run(running.__aenter__())
    statuses: list[int] = []

    def post(body: Any, *, raw: bytes | None = None) -> int:
        content = raw if raw is not None else json.dumps(body).encode()
        response = loop.run(client.post(WEBHOOK, content=content, headers=HEADERS))
        statuses.append(response.status_code)
        return int(response.status_code)

    @settings(
        max_examples=BODIES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        path=st.lists(st.sampled_from(FIELDS), min_size=1, max_size=3),
        value=json_values,
        base=st.sampled_from(["says", "presses", "bare"]),
        text=st.text(max_size=200),
    )
    def any_body(path: list[str], value: Any, base: str, text: str) -> None:
        if base == "says":
            update = siti.says(text)
        elif base == "presses":
            update = {
                "update_id": fake_telegram.next_update_id(),
                "callback_query": {
                    "id": text[:20] or "q",
                    "chat_instance": "c",
                    "from": {"id": SITI_ID, "is_bot": False, "first_name": "Siti"},
                    "data": text[:64],
                },
            }
        else:
            update = {"update_id": fake_telegram.next_update_id()}
        assert post(mutate(update, path, value)) < 500

    try:
        with caplog.at_level(logging.WARNING):
            any_body()
            poison = {
                "message as a string": mutate(siti.says("x"), ["message"], "hello"),
                "message without a chat": mutate(siti.says("x"), ["message", "chat"], None),
                "callback without a sender": {
                    "update_id": fake_telegram.next_update_id(),
                    "callback_query": {"id": "q1", "chat_instance": "c", "data": "case:open:1"},
                },
                "malformed button": {
                    "update_id": fake_telegram.next_update_id(),
                    "callback_query": {
                        "id": "q2",
                        "chat_instance": "c",
                        "from": {"id": SITI_ID, "is_bot": False, "first_name": "Siti"},
                        "data": "case:open:abc",
                    },
                },
                "update id as text": {"update_id": "1", "message": {}},
                "superscript answer": siti.says("²"),
                "NUL in a note": siti.says("catatan\x00rahasia"),
            }
            answered = {name: post(body) for name, body in poison.items()}
            answered["deep JSON"] = post(None, raw=b"[" * 100_000 + b"]" * 100_000)
            answered["not JSON"] = post(None, raw=b"\xff\xfe{")
            long_name = siti.says("/bantuan")
            long_name["message"]["from"]["first_name"] = "Nama Sangat Panjang " * 20
            answered["full name over 120 characters"] = post(long_name)
    finally:
        loop.run(running.__aexit__(None, None, None))
        loop.run(client.aclose())

    assert all(status < 500 for status in statuses), sorted(set(statuses))
    assert set(answered.values()) == {200}, answered
    assert no_errors(caplog) == []
    with Session(engine) as session:
        names = session.exec(select(Identity.display_name)).all()
    assert any(n is not None and len(n) == 120 and n.endswith("…") for n in names)


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    yield from running_fake()


def test_whatsapp_webhook_refuses_wrong_shapes_with_400_and_never_500(
    engine: Engine,
    tmp_path: Path,
    twilio: FakeTwilio,
    loop: Loop,
    caplog: pytest.LogCaptureFixture,
) -> None:
    seed_area(engine)
    add_person(engine, "+6281234567001")
    world = WhatsAppWorld(twilio, engine, tmp_path)
    statuses: list[int] = []

    @settings(
        max_examples=BODIES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        fields=st.dictionaries(
            st.sampled_from(["MessageSid", "From", "Body", "NumMedia", "Latitude", "ButtonPayload"])
            | st.text(max_size=10),
            st.text(max_size=100),
            max_size=6,
        ),
        body=st.text(max_size=300),
    )
    def any_form(fields: dict[str, str], body: str) -> None:
        real = world.message_fields("+6281234567001", body)
        response = loop.run(world.post("/whatsapp/inbound", {**real, **fields}))
        statuses.append(response.status_code)
        assert response.status_code < 500

    try:
        with caplog.at_level(logging.WARNING):
            any_form()
            bad_sender = world.message_fields("+6281234567001", "halo", From="sms:+62812")
            refused = loop.run(world.post("/whatsapp/inbound", bad_sender))
            nul = world.message_fields("+6281234567001", "catatan\x00rahasia")
            taken = loop.run(world.post("/whatsapp/inbound", nul))
    finally:
        loop.run(world.aclose())

    assert all(status < 500 for status in statuses)
    assert refused.status_code == 400 and taken.status_code == 200
    assert 200 in statuses and 400 in statuses  # both shapes were really tried
    assert no_errors(caplog) == []
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(InboundMessage)).one() >= 1
