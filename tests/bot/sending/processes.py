"""Sender processes for the crash tests, started and watched from the test."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from storage.models.leases import Lease
from storage.models.messaging import OutboxMessage, OutboxStatus
from tests.fakes.telegram_api import FakeTelegram

ROOT = Path(__file__).resolve().parents[3]


class SenderProcess:
    """One `tests.bot.sending.sender_process` with its own holder name and log."""

    def __init__(
        self, url: str, fake: FakeTelegram, tmp_path: Path, holder: str, **env: str
    ) -> None:
        self.holder = holder
        self.log = tmp_path / f"{holder}.log"
        environment = {
            **os.environ,
            "DATABASE_URL": url,
            "TELEGRAM_BOT_TOKEN": fake.token,
            "TELEGRAM_API_BASE_URL": fake.url,
            "MEDIA_DIR": str(tmp_path / "media"),
            "PSMBOT_HOLDER": holder,
            **env,
        }
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.bot.sending.sender_process"],
                cwd=ROOT,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def kill(self) -> None:
        """SIGKILL: no cleanup of any kind."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """SIGTERM: the clean stop."""
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)

    def close(self) -> None:
        """Make sure the process is gone."""
        if self.process.poll() is None:
            self.kill()

    def output(self) -> str:
        """What the process logged."""
        return self.log.read_text()


def wait_until(condition: object, timeout: float, what: str) -> None:
    """Poll a callable until it is truthy; fail with `what` after `timeout` seconds."""
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        time.sleep(0.05)


def sender_lease_holder(engine: Engine, channel: str = "telegram") -> str | None:
    """Who holds the channel's sender lease (expired or not)."""
    with Session(engine) as session:
        lease = session.get(Lease, f"sender:{channel}")
        return lease.holder if lease is not None else None


def rows(engine: Engine) -> list[OutboxMessage]:
    """Every outbox row, oldest first."""
    with Session(engine) as session:
        return list(session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all())


def settled(engine: Engine) -> bool:
    """No row is pending or being sent."""
    return all(r.status not in (OutboxStatus.PENDING, OutboxStatus.SENDING) for r in rows(engine))
