"""Reports are made by a render worker, outside the turn: files that fail, retries, takeovers."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

import reports.rendering.files as files_module
from reports.delivery.render_worker import RenderWorker
from reports.delivery.scheduled import queue_period_report
from storage.db import transaction
from storage.models.messaging import OutboxMessage
from storage.models.people import PersonRole
from storage.models.render_jobs import RenderJob, RenderStatus
from storage.people import touch_identity
from tests.factories import SimChat, add_person, make_services
from tests.reports.week import KECAMATAN, NOW, WEEK_START, build_week

ADMIN = "+6281299990000"


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def ask(engine: Engine, person: Any, key: str = "weekly-report:1:2026-W46") -> None:
    with transaction(engine) as session:
        assert queue_period_report(
            session=session,
            person=person,
            area_code=KECAMATAN,
            period="weekly",
            start=WEEK_START,
            now=NOW,
            idempotency_key=key,
        )


def messages(engine: Engine, address: str | None = None) -> list[OutboxMessage]:
    with Session(engine) as session:
        query = select(OutboxMessage).order_by(col(OutboxMessage.id))
        if address is not None:
            query = query.where(OutboxMessage.address == address)
        return list(session.exec(query).all())


def job(engine: Engine) -> RenderJob:
    with Session(engine) as session:
        return session.exec(select(RenderJob)).one()


def an_admin(engine: Engine) -> None:
    admin = add_person(engine, ADMIN, "Admin Dinsos", PersonRole.ADMIN, "32.73")
    with transaction(engine) as session:
        touch_identity(
            session=session, urn=f"sim:{ADMIN}", channel="sim", address=ADMIN, now=NOW, phone=ADMIN
        )
    assert admin.id is not None


def files(row: OutboxMessage) -> list[str]:
    return [filename.rsplit(".", 1)[-1] for _, _, filename in row.payload["attachments"]]


async def test_a_pdf_that_fails_once_follows_the_summary_when_it_can_be_made(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    week = build_week(engine)
    tksk = week.people["tksk"]
    ask(engine, tksk)
    real_render = files_module.render_pdf
    monkeypatch.setattr(
        files_module, "render_pdf", lambda *a, **k: (_ for _ in ()).throw(OSError("no Pango"))
    )
    clock = Clock(NOW)
    worker = RenderWorker(engine, media_dir=tmp_path / "media", clock=clock)

    assert await worker.drain() == 1
    [summary] = messages(engine)
    assert summary.payload["text"].startswith("📊 Rekap mingguan PSM Kec. Sukajadi")
    assert "PDF tidak dapat dibuat kali ini" in summary.payload["text"]
    assert files(summary) == ["png", "xlsx"]
    assert job(engine).status == RenderStatus.PARTIAL and job(engine).missing == ["pdf"]

    monkeypatch.setattr(files_module, "render_pdf", real_render)
    assert await worker.drain() == 0  # not before its retry is due
    clock.now += timedelta(minutes=2)
    assert await worker.drain() == 1
    [_, follow] = messages(engine)
    assert follow.payload["text"].startswith("📎 Lampiran rekap Minggu ke-46 2026")
    assert files(follow) == ["pdf"]
    assert job(engine).status == RenderStatus.DONE


async def test_a_pdf_that_never_works_is_given_up_and_the_admins_are_told(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    week = build_week(engine)
    an_admin(engine)
    ask(engine, week.people["tksk"])
    monkeypatch.setattr(
        files_module, "render_pdf", lambda *a, **k: (_ for _ in ()).throw(OSError("no Pango"))
    )
    clock = Clock(NOW)
    worker = RenderWorker(engine, media_dir=tmp_path / "media", clock=clock, max_attempts=2)

    await worker.drain()
    clock.now += timedelta(minutes=5)
    await worker.drain()

    to_tksk = messages(engine, week.people["tksk"].phone)
    assert [files(m) for m in to_tksk] == [["png", "xlsx"], []]
    assert "PDF rekap Minggu ke-46 2026" in to_tksk[1].payload["text"]
    assert "tidak dapat dibuat" in to_tksk[1].payload["text"]
    [alert] = messages(engine, ADMIN)
    assert alert.payload["text"].startswith(
        f"⚠️ Rekap 2026-W46 {KECAMATAN} untuk Hendra Gunawan gagal"
    )
    assert "no Pango" in alert.payload["text"]
    assert job(engine).status == RenderStatus.FAILED


async def test_a_report_that_cannot_be_built_is_retried_then_reported(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    week = build_week(engine)
    an_admin(engine)
    ask(engine, week.people["tksk"])
    import reports.delivery.render_worker as render_worker

    def broken(**_kwargs: Any) -> Any:
        raise RuntimeError("query timed out")

    monkeypatch.setattr(render_worker, "build_report", broken)
    clock = Clock(NOW)
    worker = RenderWorker(engine, media_dir=tmp_path / "media", clock=clock, max_attempts=3)

    await worker.drain()
    assert messages(engine) == [] and job(engine).status == RenderStatus.PENDING
    for _ in range(2):
        clock.now += timedelta(minutes=10)
        await worker.drain()

    [sorry] = messages(engine, week.people["tksk"].phone)
    assert sorry.payload["text"].startswith("Mohon maaf, rekap 2026-W46 tidak dapat dibuat")
    assert len(messages(engine, ADMIN)) == 1
    assert job(engine).status == RenderStatus.FAILED and job(engine).attempts == 3


async def test_a_workers_death_mid_render_leaves_the_job_to_another_worker(
    engine: Engine, tmp_path: Path
) -> None:
    week = build_week(engine)
    ask(engine, week.people["tksk"])
    dead = RenderWorker(engine, media_dir=tmp_path / "media", holder="dead", claim_seconds=1)
    claimed = await asyncio.to_thread(dead._claim)  # it claims, then dies before rendering
    assert claimed is not None and job(engine).status == RenderStatus.RUNNING

    time.sleep(1.1)
    other = RenderWorker(engine, media_dir=tmp_path / "media", holder="other")
    assert other.rescue() == 1
    assert await other.drain() == 1
    assert job(engine).status == RenderStatus.DONE and len(messages(engine)) == 1


async def test_laporan_answers_at_once_and_others_chat_on_while_the_report_renders(
    sqlite_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    week = build_week(sqlite_engine)
    services = make_services(sqlite_engine, tmp_path)
    tksk = SimChat(services, week.people["tksk"].phone or "")
    psm = SimChat(services, week.people["siti"].phone or "")
    rendering, release = threading.Event(), threading.Event()
    real_render = files_module.render_pdf

    def slow_pdf(*args: Any, **kwargs: Any) -> Any:
        rendering.set()
        release.wait(timeout=30)
        return real_render(*args, **kwargs)

    monkeypatch.setattr(files_module, "render_pdf", slow_pdf)
    # The chats only send; the render worker runs beside them, as in the service.
    monkeypatch.setattr(services, "deliver", services.sender.drain)
    [preparing] = await tksk.send("/laporan", at=NOW)
    assert preparing.text.startswith("⏳ Rekap Minggu ke-46 2026 (9–15 Nov 2026) sedang disiapkan")

    render = asyncio.create_task(services.renderer.drain())
    await asyncio.to_thread(rendering.wait, 30)
    # SQLite's write lock is free while the PDF renders: another PSM's turn goes through.
    answered = await asyncio.wait_for(psm.send("/bantuan"), timeout=10)
    assert answered and not render.done()
    release.set()
    await render
    await services.sender.drain()
    [report] = tksk.new_messages()
    assert report.text.startswith("📊 Rekap mingguan PSM Kec. Sukajadi")
