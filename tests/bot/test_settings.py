"""Safe defaults: the simulator only where it is safe, production refuses unsafe settings."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError
from sqlalchemy import Engine

from bot.cli import _announce
from bot.settings import Settings
from bot.web.app import create_web_app
from tests.factories import make_services

PRODUCTION = {
    "environment": "production",
    "database_url": "postgresql://psmbot@db.internal/psmbot",
    "public_base_url": "https://psmbot.dinsos.example.go.id",
}


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_the_simulator_is_on_locally_only_without_platform_credentials() -> None:
    assert settings().simulator_enabled is True
    assert settings(telegram_bot_token="123:AAreal-looking-token").simulator_enabled is False
    assert settings(twilio_account_sid="AC" + "1" * 32).simulator_enabled is False
    assert settings(**PRODUCTION).simulator_enabled is False
    explicit = settings(telegram_bot_token="123:AAreal-looking-token", simulator_enabled=True)
    assert explicit.simulator_enabled is True  # asked for on purpose, locally


def test_the_simulator_outside_local_use_needs_a_token() -> None:
    with pytest.raises(ValidationError, match="SIMULATOR_TOKEN"):
        settings(**PRODUCTION, simulator_enabled=True)
    with pytest.raises(ValidationError, match="needs SIMULATOR_TOKEN"):
        settings(**PRODUCTION, simulator_enabled=True, simulator_token="changeme")
    assert settings(
        **PRODUCTION, simulator_enabled=True, simulator_token="k" * 32
    ).simulator_enabled


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"database_url": "sqlite:///data/psmbot.sqlite3"}, "ALLOW_SQLITE_IN_PRODUCTION"),
        ({"public_base_url": "http://127.0.0.1:8000"}, "not reachable from outside"),
        ({"public_base_url": "http://localhost:8000"}, "not reachable from outside"),
        ({"public_base_url": "http://[::1]:8000"}, "not reachable from outside"),
        ({"public_base_url": "http://0.0.0.0"}, "not reachable from outside"),
        ({"telegram_bot_token": "changeme"}, "TELEGRAM_BOT_TOKEN is a placeholder"),
        ({"twilio_auth_token": "xxxxxxxx"}, "TWILIO_AUTH_TOKEN is a placeholder"),
        ({"telegram_webhook_secret": "secret"}, "TELEGRAM_WEBHOOK_SECRET is a placeholder"),
    ],
)
def test_production_refuses_unsafe_settings(change: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        settings(**{**PRODUCTION, **change})


def test_production_may_run_on_sqlite_when_told() -> None:
    chosen = settings(
        **{**PRODUCTION, "database_url": "sqlite:///x.sqlite3"}, allow_sqlite_in_production=True
    )
    assert chosen.database_url.startswith("sqlite")


async def test_with_a_token_every_simulator_call_must_carry_it(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    services = make_services(
        sqlite_engine,
        tmp_path,
        **{**PRODUCTION, "database_url": "sqlite://"},
        allow_sqlite_in_production=True,
        simulator_enabled=True,
        simulator_token="t" * 40,
    )
    app = create_web_app(services, start_services=False)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://x"
    ) as client:
        bare = await client.get("/simulator/api/people")
        wrong = await client.get("/simulator", params={"token": "nope"})
        page = await client.get("/simulator", params={"token": "t" * 40})
        api = await client.get("/simulator/api/people", headers={"X-Simulator-Token": "t" * 40})

    assert (bare.status_code, wrong.status_code) == (403, 403)
    assert (page.status_code, api.status_code) == (200, 200)
    assert "X-Simulator-Token" in page.text  # the page sends the token on with each call


def test_serve_says_loudly_when_the_simulator_is_on(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="psmbot"):
        _announce(settings(), "127.0.0.1", 8123)
        _announce(settings(**PRODUCTION), "0.0.0.0", 8000)

    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    infos = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert len(warnings) == 1 and warnings[0].startswith("SIMULATOR ON at http://127.0.0.1:8123")
    assert "lets anyone who can reach it write as any phone number" in warnings[0]
    assert "Simulator OFF" in infos
    assert "ENVIRONMENT=production, database postgresql" in infos[-2]
