"""The browser simulator's page and API, and the terminal chat."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine

from bot.terminal_chat import run_terminal_chat
from bot.web.app import create_web_app
from storage import outbox
from storage.db import transaction
from storage.models.messaging import OutboxStatus
from tests.factories import add_person, make_services, seed_area

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


async def test_the_browser_simulator_chats_through_the_pipeline(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    seed_area(sqlite_engine)
    add_person(sqlite_engine, "+6281234567001")
    services = make_services(sqlite_engine, tmp_path)
    app = create_web_app(services, start_services=False)
    transport = httpx.ASGITransport(app=app)
    async with (
        services.running(),
        httpx.AsyncClient(transport=transport, base_url="http://sim") as client,
    ):
        page = await client.get("/simulator")
        people = await client.get("/simulator/api/people")
        sent = await client.post(
            "/simulator/api/send", json={"phone": "0812-3456-7001", "text": "/start", "id": "m1"}
        )
        repeat = await client.post(
            "/simulator/api/send", json={"phone": "0812-3456-7001", "text": "/start", "id": "m1"}
        )
        messages: list[dict[str, Any]] = []
        for _ in range(5):  # the long poll answers as soon as anything is there
            inbox = await client.get(
                "/simulator/api/messages",
                params={
                    "phone": "081234567001",
                    "wait": 5,
                    "after": messages[-1]["id"] if messages else 0,
                },
            )
            messages += inbox.json()["messages"]
            if len(messages) >= 2:
                break
        bad = await client.post("/simulator/api/send", json={"phone": "abc", "text": "hi"})
        photo = await client.post(
            "/simulator/api/send",
            data={"phone": "081234567001", "text": "foto kegiatan"},
            files={"photo": ("a.png", PNG, "image/png")},
        )
        health = await client.get("/healthz")

    assert page.status_code == 200 and "psmbot · Simulator" in page.text
    assert people.json() == [{"name": "Siti Aminah", "role": "psm", "phone": "+6281234567001"}]
    assert sent.json() == {"phone": "+6281234567001", "duplicate": False}
    assert repeat.json()["duplicate"] is True
    assert messages[0]["text"].startswith("Selamat datang, Siti Aminah!")
    assert [label for _, label in messages[1]["options"]][:2] == [
        "📝 Lapor kegiatan",
        "🧑‍🤝‍🧑 Lapor kasus baru",
    ]
    assert bad.status_code == 400 and "Nomor telepon tidak valid" in bad.json()["error"]
    assert photo.status_code == 200
    stored = list((tmp_path / "media").rglob("*.png"))
    assert len(stored) == 1 and stored[0].read_bytes() == PNG
    assert health.status_code == 200
    assert health.json()["status"] == "ok" and health.json()["database"] == "ok"


async def test_the_simulator_is_off_in_production(sqlite_engine: Engine, tmp_path: Path) -> None:
    services = make_services(
        sqlite_engine,
        tmp_path,
        environment="production",
        allow_sqlite_in_production=True,
        public_base_url="https://psmbot.example.go.id",
    )
    app = create_web_app(services, start_services=False)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://x"
    ) as client:
        assert (await client.get("/simulator/api/people")).status_code == 404


async def test_terminal_chat_numbers_options_and_accepts_the_number(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    seed_area(sqlite_engine)
    add_person(sqlite_engine, "+6281234567001")
    services = make_services(sqlite_engine, tmp_path)
    out = io.StringIO()

    await run_terminal_chat(services, "+6281234567001", io.StringIO("/start\n4\n/photo\n"), out)

    text = out.getvalue()
    assert "[1] 📝 Lapor kegiatan\n[2] 🧑‍🤝‍🧑 Lapor kasus baru" in text
    assert "Cara melapor:" in text
    assert "usage: /photo PATH [caption]" in text


async def test_a_reconnect_shows_both_sides_and_report_files_open_from_the_page(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    add_person(engine, "+6281234567001")
    services = make_services(engine, tmp_path)
    app = create_web_app(services, start_services=False)
    # A report file sent to this number, as the report delivery would send it.
    report = tmp_path / "media" / "reports" / "rekap.pdf"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_bytes(b"%PDF-1.4 rekap")
    with transaction(engine) as session:
        row = outbox.enqueue(
            session=session,
            channel="sim",
            address="+6281234567001",
            payload={
                "text": "📊 Rekap mingguan",
                "options": [],
                "attachments": [["reports/rekap.pdf", "application/pdf", "rekap.pdf"]],
            },
            now=datetime.now(UTC),
        )
        assert row is not None and row.id is not None
        row.status, row.sent_at = OutboxStatus.SENT, datetime.now(UTC)  # as the sender leaves it
        session.add(row)
    transport = httpx.ASGITransport(app=app)
    async with (
        services.running(),
        httpx.AsyncClient(transport=transport, base_url="http://sim") as client,
    ):
        for n, text in enumerate(("/start", "terima kasih")):
            await client.post(
                "/simulator/api/send", json={"phone": "081234567001", "text": text, "id": f"m{n}"}
            )
        seen: list[dict[str, Any]] = []
        for _ in range(10):  # the long poll answers as soon as a new message is sent
            after = seen[-1]["id"] if seen else 0
            inbox = await client.get(
                "/simulator/api/messages",
                params={"phone": "081234567001", "wait": 5, "after": after},
            )
            seen += inbox.json()["messages"]
            if any(m["text"].startswith("Sama-sama") for m in seen):
                break
        history = (await client.get("/simulator/api/history?phone=081234567001")).json()
        pdf = next(m for m in history["messages"] if m.get("attachments"))["attachments"][0]
        opened = await client.get(pdf["url"])
        stranger = await client.get(pdf["url"].replace("6281234567001", "6281234567002"))

    sides = [(m["side"], m["text"][:16]) for m in history["messages"]]
    assert sides[0] == ("in", "📊 Rekap mingguan")
    assert ("out", "/start") in sides and ("out", "terima kasih") in sides
    assert sides.index(("out", "/start")) < sides.index(("in", "Selamat datang, "))
    assert sides[-2:] == [("out", "terima kasih"), ("in", "Sama-sama, Siti.")]
    assert history["cursor"] == max(m["id"] for m in history["messages"] if m["side"] == "in")
    assert pdf["name"] == "rekap.pdf" and pdf["type"] == "application/pdf"
    assert opened.status_code == 200 and opened.content == b"%PDF-1.4 rekap"
    assert opened.headers["content-disposition"].startswith("inline")
    assert stranger.status_code == 404  # another number cannot open it
