"""`psmbot meeting create|list` and the scheduler started by the service."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session
from typer.testing import CliRunner

from bot.cli import app
from storage.db import make_engine, transaction
from storage.meetings import create_meeting
from storage.migrate import upgrade
from storage.models.leases import Lease
from tests.bot.scheduler.helpers import PANDANG, PSM_A, PSM_B, makassar_team, rows
from tests.factories import make_services


@pytest.fixture
def cli_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """The database the command line uses, with the Makassar team in it."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("MEDIA_DIR", str(tmp_path / "media"))
    monkeypatch.chdir(tmp_path)
    engine = make_engine(url)
    upgrade(engine)
    makassar_team(engine)
    return engine


def test_meeting_create_and_list_on_the_command_line(cli_engine: Engine) -> None:
    runner = CliRunner()
    created = runner.invoke(
        app,
        [
            "meeting", "create", "--organiser", "0813-0000-0001",
            "--rule", "setiap Senin jam 13.00", "--place", "Balai RW 02",
        ],
    )  # fmt: skip
    listed = runner.invoke(app, ["meeting", "list", "--area", "73.71.09"])

    assert created.exit_code == 0, created.output
    assert created.output.splitlines() == [
        "Rapat rutin PSM Pandang: setiap Senin pukul 13.00 WITA, Balai RW 02",
        "Rapat tersimpan. Undangan dikirim ke 2 dari 3 PSM.",
        "Belum bisa dihubungi lewat chat (belum pernah mengirim pesan ke saya): Daeng Offline. "
        "Mohon kabari mereka langsung, dan minta mereka menyapa saya sekali.",
    ]
    lines = listed.output.splitlines()
    assert len(lines) >= 8  # a weekly series, about two months ahead
    assert all("Senin" in line and "13.00 WITA" in line and "Balai RW 02" in line for line in lines)


def test_a_past_meeting_and_a_psm_organiser_are_refused(cli_engine: Engine) -> None:
    runner = CliRunner()
    past = runner.invoke(
        app,
        ["meeting", "create", "--organiser", "081300000001", "--rule", "sekali 2020-01-06 09:00"],
    )
    psm = runner.invoke(
        app,
        ["meeting", "create", "--organiser", "081300000002", "--rule", "setiap Senin jam 13.00"],
    )
    assert past.exit_code == 1
    assert "Senin, 6 Januari 2020 pukul 09.00 WITA sudah lewat" in past.output
    assert psm.exit_code == 1
    assert "jadwal rapat dibuat oleh Ketua PSM atau TKSK" in psm.output


async def test_the_service_runs_the_scheduler_and_frees_its_lease_on_stop(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    services = make_services(sqlite_engine, tmp_path, scheduler_enabled=True)
    scheduler = services.scheduler
    assert scheduler is not None

    async with services.running():
        for _ in range(100):
            await asyncio.sleep(0.02)
            if scheduler.active:
                break
        assert scheduler.active
        with Session(sqlite_engine) as session:
            lease = session.get(Lease, "scheduler")
            assert lease is not None and lease.holder == scheduler.holder
            assert lease.expires_at > datetime.now(UTC)
    with Session(sqlite_engine) as session:
        lease = session.get(Lease, "scheduler")
        assert lease is not None and lease.expires_at <= datetime.now(UTC)


async def test_a_reminder_job_fires_on_the_wall_clock_inside_the_service(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    people = makassar_team(sqlite_engine)
    assert people["ketua"].id is not None
    # A meeting whose 2-hour reminder falls 1.5 seconds after the service starts.
    starts = datetime.now(UTC) + timedelta(hours=2, seconds=1.5)
    with transaction(sqlite_engine) as session:
        create_meeting(
            session=session,
            organiser_id=people["ketua"].id,
            area_code=PANDANG,
            title="Rapat PSM Pandang",
            place="Aula",
            starts_at=starts,
            now=starts - timedelta(days=3),
        )
    services = make_services(
        sqlite_engine, tmp_path, scheduler_enabled=True, scheduler_tick_seconds=0.2
    )

    async with services.running():
        await asyncio.sleep(0.5)
        assert rows(sqlite_engine, "meeting_reminder") == []  # the catch-up found nothing due
        for _ in range(60):
            await asyncio.sleep(0.1)
            if len(rows(sqlite_engine, "meeting_reminder")) == 2:
                break

    reminders = rows(sqlite_engine, "meeting_reminder")
    assert sorted(r.address for r in reminders) == [PSM_A, PSM_B]
    assert all(r.idempotency_key and ":h2:" in r.idempotency_key for r in reminders)
