"""A plain text over the Telegram webhook costs a bounded number of SQL statements."""

from __future__ import annotations

import contextvars
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, event

from bot.web.app import create_web_app
from tests.factories import add_person, seed_area
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_service import SECRET, deliver_all, link_telegram, telegram_services
from tests.fakes.telegram_users import TelegramUser

SITI_ID = 1001
# Every turn: the inbound log, the identity, the person, the conversation state (one statement
# each), the handlers' savepoint (two), the state saved and each reply queued. Beyond that, what
# the handler itself reads and writes: the area's time zone for a greeting; the regions named
# and the draft for a quick capture; a second reply for thanks.
TURNS = [
    ("halo", 9),
    ("td pagi sosialisasi PKH di masjid rw 7, 25 org", 13),
    ("terima kasih", 10),
]

_in_turn: contextvars.ContextVar[bool] = contextvars.ContextVar("in_turn", default=False)


async def test_a_plain_text_turn_stays_within_its_statements(
    engine: Engine, tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    seed_area(engine)
    link_telegram(engine, add_person(engine, "+6281234567001", "Siti Aminah"), SITI_ID)
    siti = TelegramUser(fake_telegram, SITI_ID, "Siti", "Aminah")
    services = telegram_services(engine, tmp_path, fake_telegram, mode="webhook")
    statements: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if _in_turn.get():
            statements.append(statement)

    app = create_web_app(services, start_services=False)
    transport = httpx.ASGITransport(app=app)
    event.listen(engine, "before_cursor_execute", note)
    try:
        async with (
            services.running(),
            httpx.AsyncClient(transport=transport, base_url="http://psmbot") as client,
        ):
            counts = []
            for text, _most in TURNS:
                statements.clear()
                token = _in_turn.set(True)
                try:
                    answer = await client.post(
                        "/telegram/webhook",
                        json=siti.says(text),
                        headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
                    )
                finally:
                    _in_turn.reset(token)
                assert answer.status_code == 200
                counts.append(len([s for s in statements if not s.startswith("BEGIN")]))
            await deliver_all(services)
    finally:
        event.remove(engine, "before_cursor_execute", note)

    assert len(fake_telegram.texts_to(SITI_ID)) >= 3  # each turn was handled and answered
    most = [most for _text, most in TURNS]
    assert all(count <= bound for count, bound in zip(counts, most, strict=True)), counts
