"""The purge keeps the outbox's history bounded: old finished rows go, open and keyed ones stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from storage import outbox
from storage.db import transaction
from storage.models.messaging import OutboxMessage, OutboxStatus
from storage.retention import RetentionPolicy, purge

NOW = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)


def a_row(
    session: Session, text: str, status: OutboxStatus, days_ago: int, key: str | None = None
) -> None:
    row = outbox.enqueue(
        session=session,
        channel="telegram",
        address="1001",
        payload={"text": text},
        now=NOW - timedelta(days=days_ago),
        kind="reply" if key is None else "nudge",
        idempotency_key=key,
    )
    assert row is not None
    row.status = status
    session.add(row)


def test_old_finished_rows_are_deleted_and_keyed_ones_lose_their_content(engine: Engine) -> None:
    with transaction(engine) as session:
        a_row(session, "terkirim lama", OutboxStatus.SENT, 120)
        a_row(session, "gagal lama", OutboxStatus.FAILED, 95)
        a_row(session, "pengingat lama", OutboxStatus.SENT, 120, key="nudge:7:2026-W30")
        a_row(session, "menunggu lama", OutboxStatus.PENDING, 120)
        a_row(session, "terkirim baru", OutboxStatus.SENT, 10)

    with transaction(engine) as session:
        first = purge(session=session, now=NOW, policy=RetentionPolicy(outbox_days=90))
    with transaction(engine) as session:
        second = purge(session=session, now=NOW, policy=RetentionPolicy(outbox_days=90))

    with Session(engine) as session:
        rows = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
    left = [(row.payload.get("text"), row.idempotency_key) for row in rows]
    assert left == [("", "nudge:7:2026-W30"), ("menunggu lama", None), ("terkirim baru", None)]
    assert (first.outbox_rows, first.outbox_payloads) == (2, 3)
    assert (second.outbox_rows, second.outbox_payloads) == (0, 0)  # nothing left to remove


def test_a_purge_with_a_key_kept_still_stops_the_same_message_going_twice(engine: Engine) -> None:
    with transaction(engine) as session:
        a_row(session, "pengingat", OutboxStatus.SENT, 120, key="nudge:7:2026-W30")
    with transaction(engine) as session:
        purge(session=session, now=NOW, policy=RetentionPolicy(outbox_days=90))
        again = outbox.enqueue(
            session=session,
            channel="telegram",
            address="1001",
            payload={"text": "pengingat"},
            now=NOW,
            idempotency_key="nudge:7:2026-W30",
        )

    assert again is None
