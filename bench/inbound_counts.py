"""SQL statements per inbound Telegram turn and per reply sent, counted in-process.

A SQLAlchemy event listener counts every statement sent to the database; a context variable
set around each webhook call tells the turn's statements (they run in the request's context,
worker threads included) from the sender's and everything else the process does meanwhile.
"""

from __future__ import annotations

import asyncio
import contextvars
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, event

from bench.inbound_setup import seed_people, update_for
from bot.web.app import create_web_app
from storage.db import make_engine
from storage.migrate import upgrade
from tests.fakes.telegram_api import FakeLimits, shared_fake
from tests.fakes.telegram_service import SECRET, deliver_all, telegram_services

_phase: contextvars.ContextVar[str] = contextvars.ContextVar("phase", default="other")


def statement_kind(statement: str) -> str:
    words = statement.split(None, 2)
    return words[0].upper() if words else "?"


async def _count(engine: Engine, url: str, turns: int) -> dict[str, Any]:
    fake = shared_fake()
    fake.reset(FakeLimits(overall=1_000_000, per_chat_seconds=0.0))
    users = seed_people(url, 8)
    folder = Path(tempfile.mkdtemp())
    services = telegram_services(engine, folder, fake, mode="webhook")
    counts: Counter[str] = Counter()
    kinds: Counter[str] = Counter()

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        phase = _phase.get()
        counts[phase] += 1
        if phase == "turn":
            kinds[statement_kind(statement)] += 1

    event.listen(engine, "before_cursor_execute", note)
    app = create_web_app(services, start_services=False)
    transport = httpx.ASGITransport(app=app)
    async with (
        services.running(),
        httpx.AsyncClient(transport=transport, base_url="http://psmbot") as client,
    ):
        await deliver_all(services)
        counts.clear()
        for n in range(turns):
            token = _phase.set("turn")
            try:
                answer = await client.post(
                    "/telegram/webhook",
                    json=update_for(users, 1_000 + n),
                    headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
                )
                assert answer.status_code == 200
            finally:
                _phase.reset(token)
        await deliver_all(services)
        await asyncio.sleep(0)
    event.remove(engine, "before_cursor_execute", note)
    replies = len(fake.sent)
    return {
        "database": engine.dialect.name,
        "turns": turns,
        "per_turn": round(counts["turn"] / turns, 2),
        "turn_kinds": {k: round(v / turns, 2) for k, v in sorted(kinds.items())},
        "replies": replies,
        "sender_per_reply": round(counts["other"] / max(1, replies), 2),
    }


def count_statements(url: str | None = None, turns: int = 40) -> dict[str, Any]:
    """Statements per turn (and their kinds) and per reply, on SQLite or the given database."""
    if url is None:
        url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'counts.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    try:
        return asyncio.run(_count(engine, url, turns))
    finally:
        engine.dispose()
