"""Two SMS numbers in one deployment: each answers from itself, with its own callbacks."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.bot.channels.sms.sms_world import SMS_FROM, SmsWorld
from tests.factories import add_channel_row, add_person, seed_area
from tests.fakes.twilio_api import PUBLIC_BASE_URL, FakeTwilio, running_fake

ROW = "sms-sulsel"
ROW_FROM = "+6281100000074"
SITI, ANDI = "+6281234567001", "+6281234567002"


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    yield from running_fake()


@pytest.fixture
async def world(
    twilio: FakeTwilio, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[SmsWorld]:
    seed_area(engine)
    add_person(engine, SITI, "Siti Aminah", area_code="32.73.07.1001")
    add_person(engine, ANDI, "Andi Baso", area_code="73.71.09.1008")
    add_channel_row(engine, ROW, "sms")
    monkeypatch.setenv("SULSEL_TWILIO_SMS_FROM", ROW_FROM)
    world = SmsWorld(twilio, engine, tmp_path)
    yield world
    await world.aclose()


async def test_each_number_answers_from_itself(world: SmsWorld) -> None:
    first = await world.text(SITI, "bantuan")
    second = await world.post(
        f"/sms/{ROW}/inbound", {**world.sms_fields(ANDI, "bantuan"), "To": ROW_FROM}
    )
    await world.deliver()

    assert (first.status_code, second.status_code) == (200, 200)
    siti_got, andi_got = world.sms_to(SITI), world.sms_to(ANDI)
    assert siti_got and {m.from_ for m in siti_got} == {SMS_FROM}
    assert andi_got and {m.from_ for m in andi_got} == {ROW_FROM}
    assert {m.status_callback for m in andi_got} == {f"{PUBLIC_BASE_URL}/sms/{ROW}/status"}
    delivered = await world.post(
        f"/sms/{ROW}/status", {"MessageSid": andi_got[-1].sid, "MessageStatus": "delivered"}
    )
    assert delivered.status_code == 204
