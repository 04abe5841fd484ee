"""After a send: the sender tells admins of held messages and queues what waits for a window.

The adapter here only answers (HELD with a reason, SENT with `await_window`); everything the
answer leads to is the sender's work, in the database.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.channels.base import RecordPart, SendResult, SendStatus
from bot.sending.sender import OutboxSender
from handlers.messages import ALERT_MARK, AWAITS_WINDOW, OutboundMessage
from storage import outbox
from storage.db import transaction
from storage.models.messaging import OutboxMessage, OutboxStatus
from storage.models.people import PersonRole
from storage.people import touch_identity
from tests.factories import add_person, seed_area

PSM = "+6281234567001"
ADMIN = "+6281234567099"
NO_TEMPLATE = SendResult(
    SendStatus.HELD, error="no template for kind 'followup'", held_reason="no_template"
)


class AnsweringChannel:
    """A WhatsApp stand-in: answers by kind; a message waiting for its window stays held."""

    code: ClassVar[str] = "whatsapp"
    exclusive: ClassVar[bool] = False
    max_in_flight = 8
    limiter = None

    def __init__(self, answers: dict[str, SendResult]) -> None:
        self.answers = answers
        self.given: list[OutboundMessage] = []

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, message: OutboundMessage, record_part: RecordPart) -> SendResult:
        self.given.append(message)
        if message.awaits_window:
            return SendResult(SendStatus.HELD, error="waits for the contact to write")
        return self.answers.get(message.kind, SendResult(SendStatus.SENT, f"SM{message.outbox_id}"))

    def recorded(self, message: OutboundMessage, result: SendResult) -> None: ...


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 17, 2, 0, tzinfo=UTC)  # 09.00 in Jakarta

    def __call__(self) -> datetime:
        return self.now


def arrange(engine: Engine, clock: Clock) -> None:
    seed_area(engine)
    add_person(engine, PSM)
    add_person(engine, ADMIN, name="Admin Dinsos", role=PersonRole.ADMIN)
    with transaction(engine) as session:
        for phone in (PSM, ADMIN):
            touch_identity(
                session=session,
                urn=f"whatsapp:{phone}",
                channel="whatsapp",
                address=phone,
                now=clock.now - timedelta(days=2),
                phone=phone,
            )


def enqueue(engine: Engine, clock: Clock, kind: str, **payload: Any) -> int:
    with transaction(engine) as session:
        row = outbox.enqueue(
            session=session,
            channel="whatsapp",
            address=PSM,
            payload={"text": f"Pesan {kind}", "options": [], "attachments": [], **payload},
            now=clock.now,
            kind=kind,
        )
        assert row is not None and row.id is not None
        return row.id


def to_admin(engine: Engine) -> list[OutboxMessage]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(OutboxMessage)
                .where(OutboxMessage.address == ADMIN)
                .order_by(col(OutboxMessage.id))
            ).all()
        )


async def test_admins_are_told_of_a_held_kind_once_a_day(engine: Engine) -> None:
    clock = Clock()
    arrange(engine, clock)
    sender = OutboxSender(
        engine, {"whatsapp": AnsweringChannel({"followup": NO_TEMPLATE})}, clock=clock
    )

    enqueue(engine, clock, "followup")
    enqueue(engine, clock, "followup")
    await sender.drain()
    clock.now += timedelta(hours=10)  # 19.00 the same day in Jakarta
    enqueue(engine, clock, "followup")
    await sender.drain()

    [alert] = to_admin(engine)
    assert alert.kind == "notice" and alert.status is OutboxStatus.SENT
    assert alert.payload[ALERT_MARK] == "whatsapp.admin.no_template"
    assert alert.payload["text"].startswith('⚠️ Pesan WhatsApp jenis "followup" ditahan')

    clock.now += timedelta(hours=6)  # past midnight in Jakarta: a new day
    enqueue(engine, clock, "followup")
    await sender.drain()

    assert len(to_admin(engine)) == 2


async def test_a_missing_template_value_is_named_to_the_admins(engine: Engine) -> None:
    clock = Clock()
    arrange(engine, clock)
    held = SendResult(
        SendStatus.HELD, error="needs 'meeting'", held_reason="missing_variable:meeting"
    )
    sender = OutboxSender(
        engine, {"whatsapp": AnsweringChannel({"meeting_reminder": held})}, clock=clock
    )

    enqueue(engine, clock, "meeting_reminder")
    await sender.drain()

    [alert] = to_admin(engine)
    assert alert.payload["text"].startswith('⚠️ Pesan WhatsApp jenis "meeting_reminder" ditahan')
    assert '"meeting"' in alert.payload["text"]


async def test_replies_and_alerts_held_tell_no_one(engine: Engine) -> None:
    clock = Clock()
    arrange(engine, clock)
    channel = AnsweringChannel({"reply": NO_TEMPLATE, "followup": NO_TEMPLATE})
    sender = OutboxSender(engine, {"whatsapp": channel}, clock=clock)

    reply = enqueue(engine, clock, "reply")
    alert = enqueue(engine, clock, "followup", **{ALERT_MARK: "whatsapp.admin.no_template"})
    await sender.drain()

    assert to_admin(engine) == []
    with Session(engine) as session:
        for outbox_id in (reply, alert):
            row = session.get(OutboxMessage, outbox_id)
            assert row is not None and row.status is OutboxStatus.HELD
    assert [m.is_alert for m in channel.given] == [False, True]


async def test_a_stand_in_sent_queues_the_full_message_to_wait_for_the_contact(
    engine: Engine,
) -> None:
    clock = Clock()
    arrange(engine, clock)
    stand_in = SendResult(SendStatus.SENT, "SMtemplate", await_window=True)
    channel = AnsweringChannel({"weekly_report": stand_in})
    sender = OutboxSender(engine, {"whatsapp": channel}, clock=clock)
    report = enqueue(
        engine,
        clock,
        "weekly_report",
        attachments=[["reports/w47.pdf", "application/pdf", "rekap.pdf"]],
        template_variables={"1": "Pak Asep"},
    )

    await sender.drain()

    with Session(engine) as session:
        rows = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
    original, copy = rows
    assert original.id == report and original.status is OutboxStatus.SENT
    assert copy.kind == "weekly_report" and copy.status is OutboxStatus.HELD
    assert copy.payload[AWAITS_WINDOW] is True
    assert copy.payload["attachments"] == [["reports/w47.pdf", "application/pdf", "rekap.pdf"]]
    assert "template_variables" not in copy.payload
    # The copy reached the adapter marked as waiting, without the template's values.
    assert channel.given[-1].awaits_window and channel.given[-1].template_variables == {}
    assert channel.given[0].template_variables == {"1": "Pak Asep"}
    assert to_admin(engine) == []  # held to wait is no trouble to report
