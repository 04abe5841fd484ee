"""`psmbot doctor` against the fake Telegram and Twilio and a real running web app."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import Engine
from typer.testing import CliRunner

from bot.cli import app
from bot.doctor import BUSINESS_KINDS, Check, run_checks, table
from bot.web.app import create_web_app
from storage.db import make_engine, transaction
from storage.models.leases import Lease
from tests.factories import add_channel_row, make_services, seed_area
from tests.factories import test_settings as settings_for
from tests.fakes.telegram_api import TOKEN, FakeTelegram
from tests.fakes.twilio_api import FakeTwilio, running_fake

TEMPLATE = {"content_sid": "HX" + "0" * 32, "variables": ["1"]}


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    yield from running_fake()


@pytest.fixture
def public_url(sqlite_engine: Engine, tmp_path: Path) -> Iterator[str]:
    """The service's own web app, served on a free port of 127.0.0.1."""
    services = make_services(sqlite_engine, tmp_path)
    config = uvicorn.Config(
        create_web_app(services, start_services=False),
        host="127.0.0.1",
        port=0,
        lifespan="off",
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def by_name(results: list[Check]) -> dict[str, tuple[str, str]]:
    return {r.name: (r.status, r.detail) for r in results}


def test_a_full_configuration_checks_out(
    sqlite_engine: Engine,
    tmp_path: Path,
    fake_telegram: FakeTelegram,
    twilio: FakeTwilio,
    public_url: str,
) -> None:
    seed_area(sqlite_engine)
    with transaction(sqlite_engine) as session:
        session.add(
            Lease(
                name="scheduler",
                holder="host-a:123",
                expires_at=datetime.now(UTC) + timedelta(seconds=50),
            )
        )
    settings = settings_for(
        tmp_path,
        **twilio.settings(public_base_url=public_url),
        telegram_bot_token=TOKEN,
        telegram_api_base_url=fake_telegram.url,
        telegram_mode="webhook",
        telegram_webhook_secret="s" * 32,
        whatsapp_templates={kind: TEMPLATE for kind in BUSINESS_KINDS},
    )
    httpx.post(
        f"{fake_telegram.url}/bot{TOKEN}/setWebhook", data={"url": f"{public_url}/telegram/webhook"}
    )

    results = by_name(run_checks(settings, sqlite_engine))

    assert {name: status for name, (status, _) in results.items()} == {
        "database": "OK",
        "regions": "OK",
        "holidays": "OK",
        "telegram": "OK",
        "twilio": "OK",
        "whatsapp templates": "OK",
        "public url": "WARN",  # answers, but over http: the platforms need https
        "pdf": "OK",
        "media dir": "OK",
        "scheduler": "OK",
    }
    assert results["telegram"][1].endswith(f"webhook {public_url}/telegram/webhook")
    assert results["scheduler"][1].startswith("lease held by host-a:123")
    assert results["regions"][1] == "2 provinsi, 3 desa/kelurahan"


def test_what_is_wrong_is_named(
    tmp_path: Path, fake_telegram: FakeTelegram, twilio: FakeTwilio, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'new.sqlite3'}")  # never migrated
    monkeypatch.setattr("bot.doctor.pdf_problem", lambda: "OSError: no pango")
    settings = settings_for(
        tmp_path,
        **twilio.settings(twilio_auth_token="wrong-token", public_base_url="http://127.0.0.1:9"),
        telegram_bot_token="999:not-the-token",
        telegram_api_base_url=fake_telegram.url,
        whatsapp_templates={"nudge": TEMPLATE},
    )

    results = by_name(run_checks(settings, engine))

    assert results["database"] == ("FAIL", "sqlite: not migrated; run `psmbot db upgrade`")
    assert results["regions"][0] == "FAIL"
    assert results["telegram"] == ("FAIL", "token refused (HTTP 401)")
    assert results["twilio"] == ("FAIL", "credentials refused (HTTP 401)")
    assert results["whatsapp templates"][0] == "WARN"
    assert "followup_escalation" in results["whatsapp templates"][1]
    assert "nudge," not in results["whatsapp templates"][1]
    assert results["public url"][0] == "FAIL"
    assert results["pdf"] == (
        "WARN",
        "OSError: no pango; reports go without PDF (install Pango, see README)",
    )
    assert results["scheduler"][0] == "FAIL"  # no lease table before the migrations


def test_the_command_prints_a_table_and_fails_on_a_failure(
    official_url: str, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        app,
        ["doctor"],
        env={"DATABASE_URL": official_url, "MEDIA_DIR": str(tmp_path / "media")},
    )

    lines = result.output.splitlines()
    assert result.exit_code == 1  # PUBLIC_BASE_URL is not served in this test
    assert lines[0].split() == ["check", "status", "detail"]
    assert any(line.split()[:2] == ["regions", "OK"] for line in lines)
    assert any(line.split()[:2] == ["telegram", "SKIP"] for line in lines)
    assert "83,762 desa/kelurahan" in result.output
    assert (
        table([Check("a", "OK", "b")])
        == "check  status  detail\n-----  ------  ------\na      OK      b"
    )


def test_each_channel_row_is_checked_with_its_own_settings(
    sqlite_engine: Engine,
    tmp_path: Path,
    fake_telegram: FakeTelegram,
    twilio: FakeTwilio,
    public_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from storage.channels import set_enabled

    seed_area(sqlite_engine)
    add_channel_row(sqlite_engine, "tg-sulsel", "telegram")
    add_channel_row(sqlite_engine, "wa-sulsel", "whatsapp")
    add_channel_row(sqlite_engine, "wa-sulbar", "whatsapp", env_prefix="SULBAR")
    add_channel_row(sqlite_engine, "sms-old", "sms", env_prefix="OLD")
    with transaction(sqlite_engine) as session:
        set_enabled(session=session, key="sms-old", enabled=False)
    monkeypatch.setenv("SULSEL_TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("SULSEL_TELEGRAM_MODE", "webhook")
    monkeypatch.setenv("SULSEL_TWILIO_WHATSAPP_FROM", "whatsapp:+6281100000073")
    settings = settings_for(
        tmp_path,
        **twilio.settings(public_base_url=public_url),
        telegram_api_base_url=fake_telegram.url,
        telegram_webhook_secret="s" * 32,
    )

    results = by_name(run_checks(settings, sqlite_engine))

    # The row's bot answers with its token, but its webhook is not set yet (serve sets it).
    assert results["channel tg-sulsel"][0] == "WARN"
    assert f"expected {public_url}/telegram/tg-sulsel/webhook" in (results["channel tg-sulsel"][1])
    assert results["channel wa-sulsel"][0] == "OK"  # the environment's account, its own number
    assert results["channel wa-sulbar"] == ("FAIL", "SULBAR_TWILIO_WHATSAPP_FROM is not set")
    assert results["channel sms-old"] == ("SKIP", "turned off")


def test_an_sms_only_deployment_checks_out_and_one_without_a_sender_does_not(
    sqlite_engine: Engine, tmp_path: Path, twilio: FakeTwilio, public_url: str
) -> None:
    values = twilio.settings(twilio_whatsapp_from=None, public_base_url=public_url)
    sms_only = settings_for(tmp_path, **values, twilio_sms_from="+15005550006")
    no_sender = settings_for(tmp_path, **values)

    assert by_name(run_checks(sms_only, sqlite_engine))["twilio"] == (
        "OK",
        "account active, sender set (SMS)",
    )
    assert by_name(run_checks(no_sender, sqlite_engine))["twilio"] == (
        "FAIL",
        "neither TWILIO_WHATSAPP_FROM nor TWILIO_SMS_FROM is set",
    )
