"""Secrets never written: a revoked bot token shows in no log line and no stored error."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.security import RedactingFilter, clean_log_text
from storage.models.messaging import OutboxMessage
from storage.redaction import REDACTED, redact, register_secret
from tests.factories import make_services
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_service import enqueue

REVOKED = "7654321098:AAHrevokedTokenThatTelegramNoLongerKnows1"


async def test_a_revoked_token_is_redacted_from_logs_and_outbox_errors(
    engine: Engine, tmp_path: Path, fake_telegram: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.handler.addFilter(RedactingFilter())
    services = make_services(
        engine,
        tmp_path,
        telegram_bot_token=REVOKED,  # the fake knows only its own token: every call is a 401
        telegram_api_base_url=fake_telegram.url,
        outbox_max_attempts=2,
    )
    outbox_id = enqueue(engine, 1001, "Halo")
    async with services.running(send_loop=False):
        for _ in range(3):
            await services.sender.drain()
        # A library error that quotes the token, as PTB's do, goes through the same filter.
        logging.getLogger("telegram.ext").error("The token `%s` was rejected", REVOKED)

    with Session(engine) as session:
        row = session.get(OutboxMessage, outbox_id)
        errors = [r.last_error for r in session.exec(select(OutboxMessage)).all()]
    assert row is not None and row.last_error  # the failure is recorded...
    assert all(REVOKED not in (e or "") for e in errors)  # ...without the token
    assert REVOKED not in caplog.text and "AAHrevoked" not in caplog.text
    assert "The token `[redacted]` was rejected" in caplog.text


def test_redaction_covers_registered_secrets_token_shapes_and_media_links() -> None:
    register_secret("twilio-auth-token-0123456789abcdef")
    register_secret("short")  # too short to be a secret: ordinary words stay
    text = (
        "auth twilio-auth-token-0123456789abcdef failed; GET https://api.telegram.org/bot"
        "123456789:AAEabcdefghijklmnopqrstuvwxyz0123456/sendMessage; "
        '"GET /media/eyJwIjoicmVwb3J0cy9hLnBkZiJ9.c2lnbmF0dXJlMTIzNDU2/rekap.pdf HTTP/1.1" 200; '
        "a short word"
    )
    cleaned = redact(text)
    assert "twilio-auth-token" not in cleaned
    assert "AAEabcdef" not in cleaned and f"bot{REDACTED}/sendMessage" in cleaned
    assert f"/media/{REDACTED}/rekap.pdf" in cleaned
    assert "a short word" in cleaned
    assert redact("data/media/2026/11/ab.png") == "data/media/2026/11/ab.png"


def test_the_log_filter_masks_personal_data_and_keeps_the_rest() -> None:
    line = clean_log_text("laporan Ibu Siti Aminah NIK 3273014507540001 HP 081234567890 RW 05")
    assert "3273********0001" in line and "3273014507540001" not in line
    assert "Aminah" not in line and "081234567890" not in line
    assert line.startswith("laporan Ibu") and "RW 05" in line


def test_a_dashboard_sign_in_link_is_redacted_from_log_text() -> None:
    line = '127.0.0.1 - "GET /dasbor/masuk/Zm9vYmFyYmF6cXV4LXRva2VuLTEyMzQ1Ng HTTP/1.1" 200'

    assert redact(line) == '127.0.0.1 - "GET /dasbor/masuk/[redacted] HTTP/1.1" 200'
