"""The WhatsApp adapter decides from the message alone: window, language, template values.

It reads no database: the claim brings the contact's last message and language, the outbox
row brings the template values; what a held or stand-in send leads to is the sender's work.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.channels.base import SendStatus
from bot.channels.whatsapp.channel import WhatsAppChannel
from handlers.messages import Attachment, Option, OutboundMessage
from storage.db import transaction
from storage.models.messaging import OutboxStatus
from storage.models.people import Person
from tests import factories
from tests.bot.channels.whatsapp.outbox_rows import enqueue, last_wrote, row
from tests.factories import add_person, seed_area
from tests.fakes.twilio_api import FakeTwilio, WhatsAppWorld, running_fake

PSM_PHONE = "+6281234567001"
REPORT_SID = "HX" + "b" * 32
TEMPLATES = {"weekly_report": {"content_sid": REPORT_SID, "variables": ["1"]}}
NOW = datetime.now(UTC)


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    yield from running_fake()


@pytest.fixture
async def channel(twilio: FakeTwilio, tmp_path: Path) -> AsyncIterator[WhatsAppChannel]:
    """The adapter alone, built from settings: no database anywhere."""
    settings = factories.test_settings(tmp_path, **twilio.settings(whatsapp_templates=TEMPLATES))
    adapter = WhatsAppChannel(settings)
    yield adapter
    await adapter.stop()


def message(kind: str = "reply", **fields: object) -> OutboundMessage:
    values: dict[str, object] = {
        "outbox_id": 7,
        "channel": "whatsapp",
        "address": PSM_PHONE,
        "kind": kind,
        "text": "Simpan laporan ini?",
    }
    values.update(fields)
    return OutboundMessage(**values)  # type: ignore[arg-type]


async def no_parts(part_id: str) -> None:
    raise AssertionError("a one-part message records no part")


async def test_the_options_hint_is_in_the_language_the_message_carries(
    channel: WhatsAppChannel, twilio: FakeTwilio
) -> None:
    options = (Option("draft:save", "Simpan"),)
    result = await channel.send(
        message(options=options, locale="en", last_inbound_at=NOW - timedelta(hours=1)),
        no_parts,
    )

    assert result.status is SendStatus.SENT
    [sent] = twilio.sent_to(PSM_PHONE)
    assert sent.body.endswith("1. Simpan\n_Reply with the number of your choice, e.g. 1._")


async def test_outside_the_window_without_a_template_it_answers_held_with_the_reason(
    channel: WhatsAppChannel, twilio: FakeTwilio
) -> None:
    result = await channel.send(message("followup"), no_parts)

    assert (result.status, result.held_reason) == (SendStatus.HELD, "no_template")
    assert twilio.sent_to(PSM_PHONE) == []


async def test_a_template_value_the_message_lacks_is_named_in_the_reason(
    channel: WhatsAppChannel, twilio: FakeTwilio
) -> None:
    result = await channel.send(message("weekly_report", template_variables={}), no_parts)

    assert (result.status, result.held_reason) == (SendStatus.HELD, "missing_variable:1")
    assert twilio.sent_to(PSM_PHONE) == []


async def test_a_template_for_a_message_with_files_asks_for_the_rest_to_wait(
    channel: WhatsAppChannel, twilio: FakeTwilio
) -> None:
    report = message(
        "weekly_report",
        template_variables={"1": "Pak Asep"},
        attachments=(Attachment("reports/w47.pdf", "application/pdf", "rekap.pdf"),),
        last_inbound_at=NOW - timedelta(days=3),
    )
    result = await channel.send(report, no_parts)

    assert result.status is SendStatus.SENT and result.await_window
    [template] = twilio.sent_to(PSM_PHONE)
    assert template.content_sid == REPORT_SID and template.content_variables == {"1": "Pak Asep"}

    # The full message, queued again by the sender, waits while the window stays shut.
    waiting = await channel.send(replace(report, awaits_window=True), no_parts)
    assert (waiting.status, waiting.held_reason) == (SendStatus.HELD, None)
    assert len(twilio.sent_to(PSM_PHONE)) == 1


# Through the service: the claim fills the message in.


@pytest.fixture
async def world(twilio: FakeTwilio, engine: Engine, tmp_path: Path) -> AsyncIterator[WhatsAppWorld]:
    """On SQLite and on PostgreSQL."""
    seed_area(engine)
    person = add_person(engine, PSM_PHONE)
    with transaction(engine) as session:
        stored = session.get(Person, person.id)
        assert stored is not None
        stored.locale = "en"
        session.add(stored)
    world = WhatsAppWorld(twilio, engine, tmp_path, whatsapp_templates=TEMPLATES)
    yield world
    await world.aclose()


async def test_the_recipients_language_reaches_the_hint_through_the_claim(
    world: WhatsAppWorld, twilio: FakeTwilio, engine: Engine
) -> None:
    last_wrote(engine, PSM_PHONE, timedelta(hours=2))
    sent = enqueue(engine, PSM_PHONE, "Save this report?", options=[["draft:save", "Save"]])

    await world.deliver()

    [message_sent] = twilio.sent_to(PSM_PHONE)
    assert message_sent.body == (
        "Save this report?\n\n1. Save\n_Reply with the number of your choice, e.g. 1._"
    )
    assert row(engine, sent).status is OutboxStatus.SENT


async def test_files_after_a_template_go_only_once_the_contact_writes(
    world: WhatsAppWorld, twilio: FakeTwilio, engine: Engine
) -> None:
    (world.services.settings.media_dir / "reports").mkdir(parents=True)
    (world.services.settings.media_dir / "reports" / "w47.pdf").write_bytes(b"%PDF-1.7 rekap")
    last_wrote(engine, PSM_PHONE, timedelta(days=2))
    other = "+6281234567002"
    add_person(engine, other, name="Dedi")
    enqueue(
        engine,
        PSM_PHONE,
        "Weekly summary attached.",
        kind="weekly_report",
        attachments=[["reports/w47.pdf", "application/pdf", "rekap-2026-W47.pdf"]],
        template_variables={"1": "Siti"},
    )

    await world.deliver()
    await world.say(other, "Halo")  # someone else writing opens no window for Siti
    await world.deliver()
    await world.deliver()
    [template] = twilio.sent_to(PSM_PHONE)
    assert template.content_sid == REPORT_SID

    await world.say(PSM_PHONE, "Thanks")
    await world.deliver()

    after = twilio.sent_to(PSM_PHONE)[1:]
    assert after[0].body == "Weekly summary attached."
    assert [url.rsplit("/", 1)[-1] for m in after for url in m.media_urls] == ["rekap-2026-W47.pdf"]
