"""UU PDP operations on the command line: a person's data, erasing a case, the retention purge;
each audited with the real actor (the OS user and --actor)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.actors import os_user
from bot.cli import app
from storage import outbox
from storage.activities import create_activity
from storage.cases import add_event, create_case
from storage.db import transaction
from storage.media import store_inbound_media
from storage.models.activities import Activity, ActivityCase
from storage.models.audit import AuditLog
from storage.models.cases import Case, CaseEvent, CaseEventKind, CaseStatus
from storage.models.media import Media
from storage.models.messaging import ConversationState, InboundMessage, OutboxMessage
from storage.models.people import Person
from tests.factories import add_person, seed_area

PSM = "+6281234567001"
NOW = datetime.now(UTC)


@pytest.fixture
def cli_env(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The command line pointed at the test database; returns the media folder."""
    media = tmp_path / "media"
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("MEDIA_DIR", str(media))
    monkeypatch.chdir(tmp_path)
    seed_area(engine)
    return media


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def a_case(engine: Engine, media_dir: Path, *, closed_days_ago: int | None = None) -> int:
    """A case with an event, a photo on disk, a visit activity, a follow-up and an open draft."""
    person_id = add_person(engine, PSM, name="Wati").id
    assert person_id is not None
    (media_dir / "photos").mkdir(parents=True, exist_ok=True)
    with transaction(engine) as session:
        case = create_case(
            session=session,
            reporter_id=person_id,
            area_code="32.73.07.1001",
            values={
                "client_name": "Ibu Siti Aminah",
                "nik": "3273014507540001",
                "ppks": 8,
                "problem": "tinggal sendiri",
            },
            opened_on=date(2026, 11, 17),
            now=NOW,
        )
        assert case.id is not None
        relative = f"photos/case-{case.id}.jpg"
        (media_dir / relative).write_bytes(b"\xff\xd8photo")
        photo = store_inbound_media(
            session=session,
            path=relative,
            content_type="image/jpeg",
            sha256=f"{case.id:064d}",
            size_bytes=7,
            uploaded_by=person_id,
            now=NOW,
        )
        assert photo.id is not None
        event = add_event(
            session=session,
            case=case,
            kind=CaseEventKind.VISIT,
            actor_id=person_id,
            occurred_on=date(2026, 11, 18),
            now=NOW,
            note="Ibu Siti Aminah lemah",
        )
        photo.case_id, photo.case_event_id = case.id, event.id
        create_activity(
            session=session,
            reporter_id=person_id,
            area_code="32.73.07.1001",
            values={"activity_type": "kunjungan", "occurred_on": date(2026, 11, 18)},
            media_ids=[photo.id],
            case_id=case.id,
            now=NOW,
        )
        outbox.enqueue(
            session=session,
            channel="sim",
            address=PSM,
            now=NOW,
            kind="followup",
            payload={"text": "Kasus Ibu Siti Aminah belum diperbarui"},
            idempotency_key=f"followup:{case.id}:2026-12-01:psm",
        )
        session.add(
            ConversationState(
                channel="sim",
                address=PSM,
                flow="case_update",
                step="note",
                data={"case_id": case.id},
            )
        )
        if closed_days_ago is not None:
            case.status = CaseStatus.CLOSED
            case.closed_at = NOW - timedelta(days=closed_days_ago)
            session.add(case)
        return case.id


def test_privacy_export_lists_a_psms_own_data_without_client_details(
    engine: Engine, cli_env: Path
) -> None:
    case_id = a_case(engine, cli_env)
    out = run("privacy", "export", "--person", "0812-3456-7001", "--actor", "Budi (Dinsos)")
    data = json.loads(out)

    assert data["person"]["name"] == "Wati" and data["person"]["phone"] == PSM
    assert [c["id"] for c in data["cases_reported"]] == [case_id]
    assert "Aminah" not in out and "3273014507540001" not in out
    assert data["activities"][0]["description"] == f"Kunjungan kasus #{case_id}"
    with Session(engine) as session:
        entry = session.exec(select(AuditLog).where(AuditLog.action == "privacy.export")).one()
    assert entry.actor_label == f"cli:{os_user()} (Budi (Dinsos))"


def test_privacy_erase_removes_the_case_and_everything_that_mentions_it(
    engine: Engine, cli_env: Path
) -> None:
    case_id = a_case(engine, cli_env)
    said = run("privacy", "erase", "--case", str(case_id), "--reason", "permintaan klien")

    assert said.startswith(f"Kasus #{case_id} dihapus: 2 riwayat, 1 media (1 berkas)")
    assert not (cli_env / f"photos/case-{case_id}.jpg").exists()
    with Session(engine) as session:
        assert session.get(Case, case_id) is None
        assert session.exec(select(CaseEvent)).all() == []
        assert session.exec(select(Media)).all() == []
        assert session.exec(select(ActivityCase)).all() == []
        activity = session.exec(select(Activity)).one()  # the PSM's work stays, neutral
        message = session.exec(select(OutboxMessage)).one()
        state = session.exec(select(ConversationState)).one()
        entry = session.exec(select(AuditLog).where(AuditLog.action == "case.erase")).one()
    assert activity.description == f"Kunjungan kasus #{case_id}"
    assert "Aminah" not in json.dumps(message.payload) and message.status == "failed"
    assert state.flow is None and state.data == {}
    assert entry.subject_id == str(case_id) and entry.detail["reason"] == "permintaan klien"
    assert entry.actor_label == f"cli:{os_user()}"
    assert "Aminah" not in json.dumps(entry.detail)


def test_retention_purge_removes_what_is_past_its_time(engine: Engine, cli_env: Path) -> None:
    old_case = a_case(engine, cli_env, closed_days_ago=2000)
    with transaction(engine) as session:
        for days, external in ((100, "old"), (10, "recent")):
            session.add(
                InboundMessage(
                    channel="sim",
                    external_id=external,
                    urn=f"sim:{PSM}",
                    received_at=NOW - timedelta(days=days),
                )
            )
        sent = outbox.enqueue(
            session=session, channel="sim", address=PSM, now=NOW, payload={"text": "rekap lama"}
        )
        assert sent is not None
        sent.status, sent.created_at = "sent", NOW - timedelta(days=120)  # type: ignore[assignment]
        session.add(sent)

    said = run("--actor", "operator malam", "retention", "purge")

    assert said.startswith("Dihapus: 1 log pesan masuk, 1 isi pesan terkirim, 1 kasus tertutup")
    with Session(engine) as session:
        assert [m.external_id for m in session.exec(select(InboundMessage)).all()] == ["recent"]
        assert session.get(Case, old_case) is None
        texts = [m.payload.get("text") for m in session.exec(select(OutboxMessage)).all()]
        entry = session.exec(select(AuditLog).where(AuditLog.action == "retention.purge")).one()
        person = session.exec(select(Person)).one()
    assert "rekap lama" not in texts
    assert entry.actor_label == f"cli:{os_user()} (operator malam)"
    assert entry.detail["closed_cases"] == 1 and person.name == "Wati"


def test_the_global_actor_reaches_the_export_audit(engine: Engine, cli_env: Path) -> None:
    a_case(engine, cli_env)
    run("--actor", "Budi", "export", "cases", "--format", "csv", "--out", "kasus.csv")
    with Session(engine) as session:
        entry = session.exec(select(AuditLog).where(AuditLog.action == "export.cases")).one()
    assert entry.actor_label == f"cli:{os_user()} (Budi)"
