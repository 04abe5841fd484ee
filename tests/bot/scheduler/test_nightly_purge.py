"""The scheduler runs the UU PDP purge each night, and only then."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from storage.db import transaction
from storage.models.audit import AuditLog
from storage.models.messaging import InboundMessage
from tests.bot.scheduler.helpers import local, make_scheduler


def old_and_new_logs(engine: Engine, now: object) -> None:
    with transaction(engine) as session:
        for days, external in ((100, "old"), (10, "recent")):
            session.add(
                InboundMessage(
                    channel="sim",
                    external_id=external,
                    urn="sim:+6281234567001",
                    received_at=now - timedelta(days=days),  # type: ignore[operator]
                )
            )


def kept(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return sorted(m.external_id for m in session.exec(select(InboundMessage)).all())


async def test_the_nightly_purge_removes_old_message_logs_and_is_audited(
    engine: Engine, tmp_path: Path
) -> None:
    night = local("2026-12-02 02:30", "Asia/Jakarta")
    old_and_new_logs(engine, night)
    scheduler = make_scheduler(engine, tmp_path)
    assert scheduler.try_acquire()

    # 15:00 the day before: the night before that is past catching up, and not yet tonight.
    scheduler.run_due(night - timedelta(hours=11, minutes=30), kinds=("retention",))
    assert kept(engine) == ["old", "recent"]
    scheduler.run_due(night + timedelta(minutes=1), kinds=("retention",))

    assert kept(engine) == ["recent"]
    with Session(engine) as session:
        entry = session.exec(select(AuditLog).where(AuditLog.action == "retention.purge")).one()
    assert entry.actor_label == "scheduler"


async def test_the_purge_job_fires_at_its_local_time(engine: Engine, tmp_path: Path) -> None:
    scheduler = make_scheduler(engine, tmp_path)
    [spec] = [s for s in scheduler.job_specs() if s.id == "retention"]
    night = local("2026-12-02 02:30", "Asia/Jakarta")
    fire = spec.trigger.get_next_fire_time(None, night - timedelta(hours=1))
    assert fire == night
