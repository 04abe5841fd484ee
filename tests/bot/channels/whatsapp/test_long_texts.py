"""Long WhatsApp texts: split between words and paragraphs, never inside an emoji, resumed."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from bot.sending.sender import OutboxSender
from storage.models.messaging import OutboxStatus
from tests.bot.channels.whatsapp.outbox_rows import enqueue, last_wrote, row
from tests.factories import add_person, seed_area
from tests.fakes.twilio_api import FakeTwilio, WhatsAppWorld, running_fake

PSM_PHONE = "+6281234567001"


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    yield from running_fake()


@pytest.fixture
async def world(
    twilio: FakeTwilio, sqlite_engine: Engine, tmp_path: Path
) -> AsyncIterator[WhatsAppWorld]:
    seed_area(sqlite_engine)
    add_person(sqlite_engine, PSM_PHONE)
    world = WhatsAppWorld(twilio, sqlite_engine, tmp_path)
    yield world
    await world.aclose()


async def test_a_long_text_is_split_between_words_with_the_options_last(
    world: WhatsAppWorld, twilio: FakeTwilio
) -> None:
    engine = world.services.engine
    last_wrote(engine, PSM_PHONE, timedelta(minutes=5))
    paragraphs = [f"Kegiatan {n}: " + "pendampingan penyaluran bansos " * 12 for n in range(12)]
    sent = enqueue(
        engine, PSM_PHONE, "\n\n".join(paragraphs), options=[["draft:save", "✅ Simpan"]]
    )

    await world.deliver()

    parts = [m.body for m in twilio.sent_to(PSM_PHONE)]
    assert len(parts) == 3
    assert all(len(p.encode("utf-16-le")) // 2 <= 1600 for p in parts)
    assert all(p.endswith(("bansos", "_")) for p in parts)  # cut between paragraphs
    assert [w for p in parts for w in p.split()][:3] == ["Kegiatan", "0:", "pendampingan"]
    assert parts[-1].endswith("1. ✅ Simpan\n_Balas dengan nomor pilihan, misalnya 1._")
    # Status callbacks follow the last part, the one with the options.
    assert row(engine, sent).external_id == twilio.sent_to(PSM_PHONE)[-1].sid


async def test_a_family_emoji_across_the_1600_mark_goes_whole_into_the_next_part(
    world: WhatsAppWorld, twilio: FakeTwilio
) -> None:
    engine = world.services.engine
    last_wrote(engine, PSM_PHONE, timedelta(minutes=5))
    family = "👨‍👩‍👧‍👦"  # four people and three zero-width joiners: 11 UTF-16 units
    # No space or line break to cut at; the emoji starts 5 units before the limit.
    enqueue(engine, PSM_PHONE, "a" * 1595 + family + "b" * 100)

    await world.deliver()

    assert [m.body for m in twilio.sent_to(PSM_PHONE)] == ["a" * 1595, family + "b" * 100]


async def test_a_failed_part_is_retried_without_repeating_the_parts_sent(
    world: WhatsAppWorld, twilio: FakeTwilio
) -> None:
    engine = world.services.engine
    last_wrote(engine, PSM_PHONE, timedelta(minutes=5))
    text = "\n\n".join(f"Ringkasan {n}: " + "kegiatan PSM minggu ini " * 40 for n in range(3))
    sent = enqueue(engine, PSM_PHONE, text)
    # Let the first part through, then fail the second.
    original = twilio._create_message

    def second_fails(form: dict[str, list[str]]) -> tuple[int, dict[str, Any], float | None]:
        if twilio.api_calls == 1:
            twilio.fail_next(503, 20503, "Service Unavailable")
        return original(form)

    twilio._create_message = second_fails  # type: ignore[method-assign]
    await world.deliver()

    first_try = [m.body for m in twilio.sent_to(PSM_PHONE)]
    # Another process takes over the channel and retries: the parts sent are in the row.
    world.services.sender.channel_sender("whatsapp").lease.release()  # type: ignore[union-attr]
    later = OutboxSender(
        engine, world.services.adapters, clock=lambda: datetime.now(UTC) + timedelta(seconds=5)
    )
    await later.drain()

    everything = [m.body for m in twilio.sent_to(PSM_PHONE)]
    assert [body.split(":")[0] for body in first_try] == ["Ringkasan 0"]
    # The retry sends the rest; the first part is not sent twice.
    assert [body.split(":")[0] for body in everything] == [
        "Ringkasan 0",
        "Ringkasan 1",
        "Ringkasan 2",
    ]
    assert row(engine, sent).status is OutboxStatus.SENT
