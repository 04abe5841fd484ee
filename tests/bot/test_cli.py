"""The `psmbot` command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.conftest import OfficialDatabase


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, official_sqlite: OfficialDatabase) -> Path:
    """A working directory and a database that `psmbot db upgrade` made (regions loaded)."""
    database = tmp_path / "cli.sqlite3"
    shutil.copyfile(official_sqlite.url.removeprefix("sqlite:///"), database)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.setenv("MEDIA_DIR", str(tmp_path / "media"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_parse_prints_the_json_of_the_contract(env: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "parse",
            "kmrn sosialisasi PKH di masjid rw 7, 25 org",
            "--now",
            "2026-11-17T16:00:00+07:00",
        ],
    )
    assert result.exit_code == 0, result.output
    parsed = json.loads(result.output)
    assert {k: parsed[k] for k in ("kind", "activity_type", "date", "rw", "count")} == {
        "kind": "activity",
        "activity_type": "sosialisasi",
        "date": "2026-11-16",
        "rw": "07",
        "count": 25,
    }


def test_demo_seed_then_roster_import_and_chat(env: Path) -> None:
    runner = CliRunner()
    seeded = runner.invoke(app, ["demo", "seed"])
    again = runner.invoke(app, ["demo", "seed", "--if-empty"])
    roster = env / "roster.csv"
    roster.write_text(
        "nama,telepon,peran,kelurahan,kecamatan\n"
        "Budi Santoso,0813-1111-2222,psm,Pasteur,Sukajadi\n"
        "Tanpa Nomor,,psm,Pasteur,Sukajadi\n"
    )
    imported = runner.invoke(app, ["roster", "import", str(roster)])
    chat = runner.invoke(app, ["chat", "--as", "081311112222"], input="/start\n4\n")

    assert seeded.exit_code == 0 and "Demo seeded: 40 people" in seeded.output
    assert "demo not seeded" in again.output
    assert imported.exit_code == 1  # one row refused
    assert "Selesai: 1 baru, 0 diperbarui, 1 baris ditolak." in imported.output
    assert "baris 3: nomor telepon tidak valid" in imported.output
    assert "Selamat datang, Budi Santoso! 👋" in chat.output
    assert "[4] ❓ Bantuan" in chat.output and "Cara melapor:" in chat.output


def test_links_point_at_the_served_port_unless_a_public_url_is_configured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bot.cli import _with_served_address
    from bot.settings import Settings

    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    default = Settings(_env_file=None)  # type: ignore[call-arg]
    assert _with_served_address(default, "127.0.0.1", 8123).public_base_url == (
        "http://127.0.0.1:8123"
    )
    assert _with_served_address(default, "0.0.0.0", 8000).public_base_url == (
        "http://127.0.0.1:8000"
    )
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://psm.dinsos.example.go.id")
    configured = Settings(_env_file=None)  # type: ignore[call-arg]
    assert _with_served_address(configured, "0.0.0.0", 8123).public_base_url == (
        "https://psm.dinsos.example.go.id"
    )


def test_channels_are_added_listed_turned_off_and_on(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    added = runner.invoke(
        app,
        [
            *("channels", "add", "wa-sulsel", "--type", "whatsapp", "--env-prefix", "SULSEL"),
            *("--area", "73", "--rate", "5", "--name", "WhatsApp Sulsel"),
        ],
    )
    twice = runner.invoke(
        app, ["channels", "add", "wa-sulsel", "--type", "whatsapp", "--env-prefix", "X"]
    )
    nowhere = runner.invoke(
        app, ["channels", "add", "wa-x", "--type", "whatsapp", "--env-prefix", "X", "--area", "99"]
    )
    unready = runner.invoke(app, ["channels", "list"])
    monkeypatch.setenv("SULSEL_TWILIO_WHATSAPP_FROM", "whatsapp:+6281100000073")
    ready = runner.invoke(app, ["channels", "list"])
    off = runner.invoke(app, ["channels", "disable", "wa-sulsel"])
    listed_off = runner.invoke(app, ["channels", "list"])
    on = runner.invoke(app, ["channels", "enable", "wa-sulsel"])
    unknown = runner.invoke(app, ["channels", "enable", "nope"])

    assert added.exit_code == 0, added.output
    assert "SULSEL_TWILIO_WHATSAPP_FROM  (required)" in added.output
    assert "SULSEL_TWILIO_AUTH_TOKEN  (optional; else TWILIO_AUTH_TOKEN)" in added.output
    assert twice.exit_code == 2 and "already a channel 'wa-sulsel'" in twice.output
    assert nowhere.exit_code == 2 and "no region with code '99'" in nowhere.output
    assert "SULSEL_TWILIO_WHATSAPP_FROM is not set" in unready.output
    [line] = ready.output.splitlines()
    assert line.split()[:2] == ["wa-sulsel", "whatsapp"] and line.endswith("WhatsApp Sulsel: ready")
    assert "rate 5/s" in line and "area 73" in line
    assert off.exit_code == 0 and "0 unsent message(s) given up" in off.output
    assert listed_off.output.rstrip().endswith("turned off")
    assert on.exit_code == 0 and unknown.exit_code == 2


def test_a_telegram_row_takes_no_rate_of_its_own(env: Path) -> None:
    refused = CliRunner().invoke(
        app,
        [
            "channels",
            "add",
            "tg-sulsel",
            "--type",
            "telegram",
            "--env-prefix",
            "SULSEL",
            "--rate",
            "50",
        ],
    )
    assert refused.exit_code == 2
    assert "Telegram keeps its own limits: no --rate" in refused.output
