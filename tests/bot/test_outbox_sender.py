"""The sender loop: retries, final outcomes, order within a chat."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import ClassVar

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.channels.base import RecordPart, SendResult, SendStatus
from bot.sending.sender import OutboxSender
from handlers.messages import OutboundMessage
from storage import outbox
from storage.db import transaction
from storage.models.messaging import OutboxMessage, OutboxStatus


class ScriptedChannel:
    """Answers each send with the next scripted result; records what it was given."""

    code: ClassVar[str] = "fake"
    exclusive: ClassVar[bool] = False
    max_in_flight = 8
    limiter = None

    def __init__(self, script: list[SendResult]) -> None:
        self.script = script
        self.sent: list[str] = []

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, message: OutboundMessage, record_part: RecordPart) -> SendResult:
        result = self.script.pop(0) if self.script else SendResult(SendStatus.SENT, "ok")
        if result.status is SendStatus.SENT:
            self.sent.append(message.text)
        return result

    def recorded(self, message: OutboundMessage, result: SendResult) -> None: ...


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def enqueue(engine: Engine, *texts: str, address: str = "A") -> None:
    with transaction(engine) as session:
        for text in texts:
            outbox.enqueue(
                session=session,
                channel="fake",
                address=address,
                payload={"text": text},
                now=datetime(2026, 11, 17, 9, 0, tzinfo=UTC),
            )


def statuses(engine: Engine) -> list[tuple[str, OutboxStatus, int]]:
    with Session(engine) as session:
        rows = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
        return [(r.payload["text"], r.status, r.attempts) for r in rows]


async def test_transient_failures_are_retried_after_backoff_and_sent_once(
    engine: Engine,
) -> None:
    channel = ScriptedChannel(
        [
            SendResult(SendStatus.RETRY, error="429", retry_after=3),
            SendResult(SendStatus.RETRY, error="500"),
        ]
    )
    clock = Clock()
    sender = OutboxSender(engine, {"fake": channel}, clock=clock)
    enqueue(engine, "halo")

    await sender.drain()
    assert statuses(engine) == [("halo", OutboxStatus.PENDING, 1)]
    clock.now += timedelta(seconds=2)
    assert await sender.drain() == 0, "retry_after is honoured"
    clock.now += timedelta(seconds=1)
    await sender.drain()
    clock.now += timedelta(seconds=5)  # second backoff: about 2**2 seconds
    await sender.drain()

    assert channel.sent == ["halo"]
    assert statuses(engine) == [("halo", OutboxStatus.SENT, 3)]


async def test_a_blocked_user_is_marked_undeliverable_without_retrying(engine: Engine) -> None:
    channel = ScriptedChannel([SendResult(SendStatus.UNDELIVERABLE, error="403 blocked")])
    clock = Clock()
    sender = OutboxSender(engine, {"fake": channel}, clock=clock)
    enqueue(engine, "halo")

    await sender.drain()
    clock.now += timedelta(hours=1)
    await sender.drain()

    assert statuses(engine) == [("halo", OutboxStatus.UNDELIVERABLE, 1)]


async def test_gives_up_after_the_last_attempt(engine: Engine) -> None:
    channel = ScriptedChannel([SendResult(SendStatus.RETRY, error="timeout")] * 3)
    clock = Clock()
    sender = OutboxSender(engine, {"fake": channel}, clock=clock, max_attempts=3)
    enqueue(engine, "halo")

    for _ in range(5):
        await sender.drain()
        clock.now += timedelta(minutes=11)

    assert statuses(engine) == [("halo", OutboxStatus.FAILED, 3)]


async def test_messages_to_one_chat_keep_their_order(engine: Engine) -> None:
    channel = ScriptedChannel([])
    sender = OutboxSender(engine, {"fake": channel}, clock=Clock())
    enqueue(engine, "satu", "dua", "tiga")

    await sender.drain()

    assert channel.sent == ["satu", "dua", "tiga"]


async def test_a_message_for_a_channel_that_is_off_is_held(engine: Engine) -> None:
    sender = OutboxSender(engine, {"fake": ScriptedChannel([])}, clock=Clock())
    with transaction(engine) as session:
        outbox.enqueue(
            session=session,
            channel="fake",
            address="A",
            payload={"text": "x"},
            now=datetime(2026, 11, 17, 9, 0, tzinfo=UTC),
        )
        outbox.enqueue(
            session=session,
            channel="telegram",
            address="B",
            payload={"text": "y"},
            now=datetime(2026, 11, 17, 9, 0, tzinfo=UTC),
        )

    await sender.drain()

    # The sender only claims rows of channels it has; the Telegram row waits for its adapter.
    assert [s for _, s, _ in statuses(engine)] == [OutboxStatus.SENT, OutboxStatus.PENDING]


async def test_an_idempotency_key_enqueues_once(engine: Engine) -> None:
    now = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)
    with transaction(engine) as session:
        first = outbox.enqueue(
            session=session,
            channel="fake",
            address="A",
            payload={"text": "x"},
            now=now,
            idempotency_key="k:1",
        )
        second = outbox.enqueue(
            session=session,
            channel="fake",
            address="A",
            payload={"text": "x"},
            now=now,
            idempotency_key="k:1",
        )
    assert first is not None and second is None
    assert len(statuses(engine)) == 1


async def test_a_retried_message_is_not_overtaken_by_later_ones_of_its_chat(
    engine: Engine,
) -> None:
    channel = ScriptedChannel([SendResult(SendStatus.RETRY, error="429", retry_after=5)])
    clock = Clock()
    sender = OutboxSender(engine, {"fake": channel}, clock=clock)
    enqueue(engine, "satu", "dua", "tiga")
    enqueue(engine, "lain", address="B")

    await sender.drain()
    assert channel.sent == ["lain"], "chat A waits for its first message; chat B goes on"
    clock.now += timedelta(seconds=5)
    await sender.drain()

    assert channel.sent == ["lain", "satu", "dua", "tiga"]
    assert [a for _, _, a in statuses(engine)] == [2, 1, 1, 1]
