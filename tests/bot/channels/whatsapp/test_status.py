"""Twilio status callbacks move a sent WhatsApp message on, and never back."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from storage.models.messaging import OutboxMessage, OutboxStatus
from tests.factories import add_person, seed_area
from tests.fakes.twilio_api import FakeTwilio, WhatsAppWorld, running_fake

PSM_PHONE = "+6281234567001"


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    yield from running_fake()


@pytest.fixture
async def world(twilio: FakeTwilio, engine: Engine, tmp_path: Path) -> AsyncIterator[WhatsAppWorld]:
    seed_area(engine)
    add_person(engine, PSM_PHONE)
    world = WhatsAppWorld(twilio, engine, tmp_path)
    yield world
    await world.aclose()


async def sent_reply(world: WhatsAppWorld, twilio: FakeTwilio) -> str:
    """The PSM says /start; returns the SID of the last reply Twilio accepted."""
    await world.say(PSM_PHONE, "/start")
    await world.deliver()
    return twilio.sent_to(PSM_PHONE)[-1].sid


def outbox_row(engine: Engine, sid: str) -> OutboxMessage:
    with Session(engine) as session:
        row = session.exec(select(OutboxMessage).where(OutboxMessage.external_id == sid)).one()
        return row


async def test_a_status_callback_marks_a_message_failed_with_its_error_code(
    world: WhatsAppWorld, twilio: FakeTwilio, engine: Engine
) -> None:
    sid = await sent_reply(world, twilio)

    assert (await world.status(sid, "sent")).status_code == 204
    assert (await world.status(sid, "undelivered", error_code="63024")).status_code == 204

    row = outbox_row(engine, sid)
    assert row.status is OutboxStatus.FAILED
    assert row.last_error == "twilio undelivered error 63024"


async def test_statuses_never_move_a_message_backwards(
    world: WhatsAppWorld, twilio: FakeTwilio, engine: Engine
) -> None:
    sid = await sent_reply(world, twilio)

    seen = []
    for status in ["delivered", "read", "sent", "delivered", "failed"]:
        await world.status(sid, status)
        seen.append(outbox_row(engine, sid).status)

    assert seen == [
        OutboxStatus.DELIVERED,
        OutboxStatus.READ,
        OutboxStatus.READ,
        OutboxStatus.READ,
        OutboxStatus.READ,
    ]


async def test_an_unsigned_status_callback_changes_nothing(
    world: WhatsAppWorld, twilio: FakeTwilio, engine: Engine
) -> None:
    sid = await sent_reply(world, twilio)
    fields = {"MessageSid": sid, "MessageStatus": "failed", "ErrorCode": "30008"}

    answer = await world.post("/whatsapp/status", fields, signature="bm90IGEgc2lnbmF0dXJl")

    assert answer.status_code == 403
    assert outbox_row(engine, sid).status is OutboxStatus.SENT


async def test_a_callback_for_an_unknown_message_is_ignored(
    world: WhatsAppWorld, engine: Engine
) -> None:
    answer = await world.status("SM" + "0" * 32, "delivered")

    assert answer.status_code == 204
    with Session(engine) as session:
        assert session.exec(select(OutboxMessage)).all() == []
