"""What an operator watches: /healthz and /metrics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import Engine

from bot.web.app import create_web_app
from storage import outbox
from storage.db import transaction
from tests.factories import SimChat, add_person, make_services, seed_area

PHONE = "+6281234567001"


def client(services: object) -> httpx.AsyncClient:
    app = create_web_app(services, start_services=False)  # type: ignore[arg-type]
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://psmbot")


async def test_metrics_count_messages_sends_and_show_the_queue(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    add_person(engine, PHONE)
    services = make_services(engine, tmp_path)
    chat = SimChat(services, PHONE)
    await chat.send("/start")
    await chat.send("/bantuan", external_id="same")
    await chat.send("/bantuan", external_id="same")  # a repeated delivery
    with transaction(engine) as session:  # a reminder still waiting to go
        outbox.enqueue(
            session=session,
            channel="sim",
            address=PHONE,
            payload={"text": "Pengingat"},
            now=datetime.now(UTC) - timedelta(minutes=3),
            kind="nudge",
        )

    async with client(services) as http:
        text = (await http.get("/metrics")).text

    assert 'psmbot_inbound_messages_total{channel="sim",outcome="handled"} 2.0' in text
    assert 'psmbot_inbound_messages_total{channel="sim",outcome="duplicate"} 1.0' in text
    assert 'psmbot_outbox_sends_total{channel="sim",outcome="sent"}' in text
    assert 'psmbot_outbox_due{channel="sim",lane="bulk"} 1.0' in text
    oldest = next(
        line for line in text.splitlines() if line.startswith("psmbot_outbox_oldest_due_seconds")
    )
    assert 170 < float(oldest.rsplit(" ", 1)[1]) < 600


async def test_healthz_answers_503_when_the_outbox_is_stalled(
    engine: Engine, tmp_path: Path
) -> None:
    services = make_services(engine, tmp_path, outbox_stall_seconds=60)
    async with client(services) as http:
        healthy = await http.get("/healthz")
        with transaction(engine) as session:
            outbox.enqueue(
                session=session,
                channel="sim",
                address=PHONE,
                payload={"text": "lama menunggu"},
                now=datetime.now(UTC) - timedelta(minutes=5),
            )
        stalled = await http.get("/healthz")
        await services.deliver()
        drained = await http.get("/healthz")

    assert healthy.status_code == 200 and healthy.json()["database"] == "ok"
    assert stalled.status_code == 503 and stalled.json()["status"] == "stalled"
    assert stalled.json()["outbox"]["oldest_due_seconds"] >= 300
    assert drained.status_code == 200 and drained.json()["outbox"]["due"] == 0
