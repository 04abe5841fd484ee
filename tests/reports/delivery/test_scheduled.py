"""The scheduler's delivery: one render job, one rendering and one outbox row per key."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

import reports.delivery.render_worker as render_worker
from reports.delivery.render_worker import RenderWorker
from reports.delivery.scheduled import queue_period_report
from storage.db import transaction
from storage.models.audit import AuditLog
from storage.models.messaging import OutboxMessage, OutboxStatus
from storage.models.people import Identity, Person
from tests.factories import make_services
from tests.reports.week import KECAMATAN, NOW, WEEK_START, build_week


def queue(engine: Engine, person: Person, tmp_path: Path, key: str, **overrides: object) -> bool:
    values: dict[str, object] = {
        "area_code": KECAMATAN,
        "period": "weekly",
        "start": WEEK_START,
        "now": NOW,
        "idempotency_key": key,
    }
    values.update(overrides)
    with transaction(engine) as session:
        return queue_period_report(session=session, person=person, **values)  # type: ignore[arg-type]


async def render(engine: Engine, tmp_path: Path) -> int:
    """What a render worker does with the jobs asked for."""
    return await RenderWorker(engine, media_dir=tmp_path / "media").drain()


def outbox_rows(engine: Engine) -> list[OutboxMessage]:
    with Session(engine) as session:
        return list(session.exec(select(OutboxMessage)).all())


async def test_a_tksk_gets_one_message_with_text_chart_pdf_and_xlsx(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    week = build_week(engine)
    renders: list[str] = []
    real_render = render_worker.render_files
    monkeypatch.setattr(
        render_worker,
        "render_files",
        lambda report, **kw: renders.append(report.period.key) or real_render(report, **kw),
    )
    key = "weekly-report:1:2026-W46"
    assert queue(engine, week.people["tksk"], tmp_path, key) is True
    assert queue(engine, week.people["tksk"], tmp_path, key) is False  # a rerun, a 2nd instance
    assert outbox_rows(engine) == []  # nothing is rendered in the scheduler's transaction
    assert await render(engine, tmp_path) == 1
    assert await render(engine, tmp_path) == 0
    assert renders == ["2026-W46"]

    [row] = outbox_rows(engine)
    assert (row.kind, row.channel, row.address) == ("weekly_report", "sim", "+6281200000000")
    assert row.idempotency_key == key and row.person_id == week.people["tksk"].id
    assert row.payload["text"].startswith("📊 Rekap mingguan PSM Kec. Sukajadi")
    assert row.payload["template_variables"] == {
        "1": "Hendra Gunawan",
        "2": "Kec. Sukajadi",
        "3": "Minggu ke-46 2026 (9–15 Nov 2026)",
    }
    names = [filename for _, _, filename in row.payload["attachments"]]
    assert names == [
        "rekap-mingguan-sukajadi-2026-W46.png",
        "rekap-mingguan-sukajadi-2026-W46.pdf",
        "rekap-mingguan-sukajadi-2026-W46.xlsx",
    ]
    for path, _, _ in row.payload["attachments"]:
        assert (tmp_path / "media" / path).stat().st_size > 1000

    services = make_services(engine, tmp_path)
    await services.sender.drain()
    [sent] = outbox_rows(engine)
    assert sent.status == OutboxStatus.SENT
    with Session(engine) as session:
        actions = [a.action for a in session.exec(select(AuditLog)).all()]
    assert actions == ["report.queued"]


async def test_it_goes_to_the_chat_the_person_used_last(engine: Engine, tmp_path: Path) -> None:
    week = build_week(engine)
    dinsos = week.people["dinsos"]
    with transaction(engine) as session:
        session.add(
            Identity(
                urn="telegram:555",
                channel="telegram",
                address="555",
                person_id=dinsos.id,
                last_inbound_at=NOW - timedelta(hours=2),
            )
        )
    assert queue(engine, dinsos, tmp_path, "k", period="monthly", area_code="32.73") is True
    await render(engine, tmp_path)
    [row] = outbox_rows(engine)
    assert (row.kind, row.channel, row.address) == ("monthly_report", "telegram", "555")
    assert row.payload["attachments"][1][2] == "rekap-bulanan-kota-bandung-2026-11.pdf"


async def test_nothing_goes_to_a_psm_outside_their_scope_or_without_a_chat(
    engine: Engine, tmp_path: Path
) -> None:
    week = build_week(engine)
    assert queue(engine, week.people["siti"], tmp_path, "a") is False
    assert queue(engine, week.people["tksk"], tmp_path, "b", area_code="32.73") is False
    with transaction(engine) as session:
        lonely = Person(name="Tanpa Chat", role="tksk", area_code=KECAMATAN)  # type: ignore[arg-type]
        session.add(lonely)
    assert queue(engine, lonely, tmp_path, "c") is False
    assert await render(engine, tmp_path) == 0
    assert outbox_rows(engine) == []
