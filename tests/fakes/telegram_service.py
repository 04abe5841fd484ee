"""The service wired to the fake Telegram, and small helpers to watch its outbox."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from bot.app import Services
from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.limits import TelegramLimits
from bot.channels.telegram.options import TelegramOptions
from bot.sending.config import SenderConfig
from handlers.messages import Attachment, Inbound, Option, Reply
from storage import outbox
from storage.db import transaction
from storage.models.messaging import InboundMessage, OutboxMessage, OutboxStatus
from storage.models.people import Person
from storage.people import link_identity, touch_identity
from tests.factories import make_services
from tests.fakes.telegram_api import FakeTelegram

SECRET = "s3cret-Token_for-tests"
# Short polls so tests take a second, not a minute; Telegram's limits. The send timeout is
# generous: on a loaded machine a slow answer must not pass for a lost one (the message would
# then be sent again, rightly, and the test would see it twice). Stall tests stall longer.
FAST = TelegramOptions(
    connect_timeout_seconds=2.0, send_timeout_seconds=20.0, poll_timeout_seconds=1
)
# Short backoff, and an unanswered send repeated after a second rather than a minute.
FAST_SENDER = SenderConfig(
    retry_base_seconds=0.2, ambiguous_retry_seconds=1.0, lease_seconds=2.0, claim_seconds=5.0
)


def telegram_services(
    engine: Engine,
    tmp_path: Path,
    fake: FakeTelegram,
    *,
    mode: str = "polling",
    options: TelegramOptions | None = FAST,
) -> Services:
    """The assembled service with Telegram on, through build_services and the settings."""
    # With `options`, the channel built from the settings is swapped for one with those options
    # (short timeouts, scaled limits), still talking to the fake over HTTP.
    services = make_services(
        engine,
        tmp_path,
        telegram_bot_token=fake.token,
        telegram_api_base_url=fake.url,
        telegram_mode=mode,
        telegram_webhook_secret=SECRET,
        public_base_url="https://psmbot.example.org",
    )
    built = services.adapters["telegram"]
    assert isinstance(built, TelegramChannel)
    if options is not None:
        services.adapters["telegram"] = TelegramChannel(
            token=fake.token,
            api_base_url=fake.url,
            engine=engine,
            dispatcher=services.dispatcher,
            media_dir=services.settings.media_dir,
            options=TelegramOptions(
                mode=built.options.mode,
                webhook_url=built.options.webhook_url,
                webhook_secret=built.options.webhook_secret,
                limits=options.limits,
                connect_timeout_seconds=options.connect_timeout_seconds,
                send_timeout_seconds=options.send_timeout_seconds,
                poll_timeout_seconds=options.poll_timeout_seconds,
                # Long enough that a loaded machine renews it in time; stopping releases it.
                poll_lease_seconds=10.0,
            ),
        )
    services.sender.config = FAST_SENDER
    return services


def scaled(limits: TelegramLimits) -> TelegramOptions:
    """FAST, with other limits."""
    return TelegramOptions(
        limits=limits,
        connect_timeout_seconds=FAST.connect_timeout_seconds,
        send_timeout_seconds=FAST.send_timeout_seconds,
        poll_timeout_seconds=FAST.poll_timeout_seconds,
    )


def channel_of(services: Services) -> TelegramChannel:
    """The service's Telegram channel."""
    channel = services.adapters["telegram"]
    assert isinstance(channel, TelegramChannel)
    return channel


def enqueue(
    engine: Engine,
    chat_id: int,
    text: str,
    *,
    options: list[Option] | None = None,
    attachments: list[Attachment] | None = None,
) -> int:
    """Put a reply for a Telegram chat in the outbox; returns its id."""
    reply = Reply(text=text, options=options or [], attachments=attachments or [])
    with transaction(engine) as session:
        row = outbox.enqueue(
            session=session,
            channel="telegram",
            address=str(chat_id),
            payload=reply.to_payload(),
            now=datetime.now(UTC),
        )
        assert row is not None and row.id is not None
        return row.id


def outbox_rows(engine: Engine) -> list[OutboxMessage]:
    """Every outbox row, oldest first."""
    with Session(engine) as session:
        return list(session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all())


def inbound_count(engine: Engine) -> int:
    """How many inbound messages were logged."""
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(InboundMessage)).one()


async def deliver_all(services: Services, timeout: float = 15.0) -> list[OutboxMessage]:
    """Run the sender until no row is pending or sending (retries included); returns the rows."""
    deadline = time.monotonic() + timeout
    while True:
        await services.sender.drain()
        rows = outbox_rows(services.engine)
        if all(r.status not in (OutboxStatus.PENDING, OutboxStatus.SENDING) for r in rows):
            return rows
        if time.monotonic() > deadline:
            raise AssertionError(f"outbox not settled: {[(r.id, r.status) for r in rows]}")
        await asyncio.sleep(0.05)


def record_inbounds(services: Services, monkeypatch: pytest.MonkeyPatch) -> list[Inbound]:
    """Keep every Inbound the dispatcher is given (it still handles them)."""
    seen: list[Inbound] = []
    dispatch: Callable[[Inbound], Any] = services.dispatcher.dispatch

    def recording(inbound: Inbound) -> Any:
        seen.append(inbound)
        return dispatch(inbound)

    monkeypatch.setattr(services.dispatcher, "dispatch", recording)
    return seen


def link_telegram(engine: Engine, person: Person, user_id: int) -> None:
    """Make a Telegram account known as this person (as a contact share would)."""
    with transaction(engine) as session:
        identity = touch_identity(
            session=session,
            urn=f"telegram:{user_id}",
            channel="telegram",
            address=str(user_id),
            now=datetime.now(UTC),
            phone=None,
        )
        link_identity(session=session, identity=identity, person=person)
