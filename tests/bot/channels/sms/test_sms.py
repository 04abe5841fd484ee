"""SMS through Twilio: a PSM reports by text message and gets the answers as SMS."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, func, select

from storage import outbox
from storage.db import transaction
from storage.models.activities import Activity
from storage.models.messaging import InboundMessage, OutboxMessage, OutboxStatus
from storage.models.people import Identity, Person
from tests.bot.channels.sms.sms_world import SMS_FROM, SmsWorld
from tests.factories import add_person, seed_area
from tests.fakes.twilio_api import PUBLIC_BASE_URL, FakeTwilio, running_fake, sign

PSM_PHONE = "+6281234567001"
SIMPAN = r"(?m)^(\d+)\. [^\w\n]*Simpan$"  # "2. ✅ Simpan"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    yield from running_fake()


@pytest.fixture
async def world(twilio: FakeTwilio, engine: Engine, tmp_path: Path) -> AsyncIterator[SmsWorld]:
    """On SQLite and on PostgreSQL."""
    seed_area(engine)
    add_person(engine, PSM_PHONE)
    world = SmsWorld(twilio, engine, tmp_path)
    yield world
    await world.aclose()


def count(engine: Engine, table: type) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(table)).one()


async def test_a_psm_reports_an_activity_by_sms_and_saves_it_with_the_numbered_option(
    world: SmsWorld, engine: Engine
) -> None:
    answered = await world.text(
        PSM_PHONE,
        "Lapor, hari ini dampingi penyaluran BPNT di balai RW 05 Kel. Pasteur, 32 KPM hadir",
    )
    await world.deliver()

    assert answered.status_code == 200 and answered.text == EMPTY_TWIML
    replies = world.sms_to(PSM_PHONE)
    assert replies, "the bot should answer the report by SMS"
    assert all(m.from_ == SMS_FROM for m in replies)
    assert all(m.status_callback == f"{PUBLIC_BASE_URL}/sms/status" for m in replies)
    assert all(not m.media_urls and m.content_sid is None for m in replies)
    number = re.search(SIMPAN, replies[-1].body)
    assert number is not None, f"a numbered 'Simpan' option; the bot said {replies[-1].body!r}"

    await world.text(PSM_PHONE, number.group(1))
    await world.deliver()

    with Session(engine) as session:
        [activity] = session.exec(select(Activity)).all()
        identity = session.exec(select(Identity).where(Identity.urn == f"sms:{PSM_PHONE}")).one()
        person = session.exec(select(Person).where(Person.phone == PSM_PHONE)).one()
    assert activity.activity_type == "bansos" and activity.people_reached == 32
    # The address is the phone number: the sender was known from the roster at once.
    assert identity.channel == "sms" and identity.person_id == person.id


async def test_a_webhook_without_twilios_signature_is_refused_and_changes_nothing(
    world: SmsWorld, engine: Engine
) -> None:
    fields = world.sms_fields(PSM_PHONE, "Lapor kunjungan lansia RT 03")
    forged = sign(f"{PUBLIC_BASE_URL}/sms/inbound", fields, token="not-our-auth-token")

    refused = await world.post("/sms/inbound", fields, signature=forged)
    unsigned = await world.post("/sms/inbound", fields, signature="")
    await world.deliver()

    assert refused.status_code == 403 and unsigned.status_code == 403
    assert count(engine, InboundMessage) == 0
    assert world.sms_to(PSM_PHONE) == []


async def test_a_repeated_delivery_of_one_sms_is_answered_once(
    world: SmsWorld, engine: Engine
) -> None:
    fields = world.sms_fields(PSM_PHONE, "menu", sid="SM" + "7" * 32)

    first = await world.post("/sms/inbound", fields)
    again = await world.post("/sms/inbound", fields)
    await world.deliver()

    assert first.status_code == 200 and again.status_code == 200
    assert count(engine, InboundMessage) == 1
    replies_once = len(world.sms_to(PSM_PHONE))
    assert replies_once >= 1
    with Session(engine) as session:
        rows = session.exec(select(OutboxMessage).where(OutboxMessage.channel == "sms")).all()
    assert len(rows) >= 1 and all(row.status == OutboxStatus.SENT for row in rows)


async def test_a_long_reply_goes_in_parts_of_at_most_1600_characters_with_the_options_last(
    world: SmsWorld, engine: Engine
) -> None:
    paragraphs = [f"Kegiatan {n}: " + "pendampingan penyaluran bansos " * 12 for n in range(12)]
    text = "\n\n".join(paragraphs)
    with transaction(engine) as session:
        row = outbox.enqueue(
            session=session,
            channel="sms",
            address=PSM_PHONE,
            payload={"text": text, "options": [["draft:save", "✅ Simpan"]], "attachments": []},
            now=datetime.now(UTC),
        )
        assert row is not None
        sent_id = row.id

    await world.deliver()

    parts = [m.body for m in world.sms_to(PSM_PHONE)]
    assert len(parts) == 3
    assert all(len(p.encode("utf-16-le")) // 2 <= 1600 for p in parts)
    assert all(p.endswith(("bansos", "1.")) for p in parts)  # cut between paragraphs
    assert parts[-1].endswith("1. ✅ Simpan\nBalas dengan nomor pilihan, misalnya 1.")
    assert " ".join(" ".join(parts).split()).startswith(" ".join(text.split()))  # nothing lost
    with Session(engine) as session:
        stored = session.get(OutboxMessage, sent_id)
    # Status callbacks follow the last part, the one with the options.
    assert stored is not None and stored.external_id == world.sms_to(PSM_PHONE)[-1].sid


async def test_a_delivery_report_moves_the_message_on_to_delivered(
    world: SmsWorld, engine: Engine
) -> None:
    await world.text(PSM_PHONE, "menu")
    await world.deliver()
    last = world.sms_to(PSM_PHONE)[-1]

    answered = await world.sms_status(last.sid, "delivered")

    assert answered.status_code == 204
    with Session(engine) as session:
        row = session.exec(select(OutboxMessage).where(OutboxMessage.external_id == last.sid)).one()
    assert row.status == OutboxStatus.DELIVERED


async def test_without_an_sms_sender_the_channel_is_off_and_its_webhook_absent(
    twilio: FakeTwilio, sqlite_engine: Engine, tmp_path: Path
) -> None:
    world = SmsWorld(twilio, sqlite_engine, tmp_path, twilio_sms_from=None)
    try:
        answered = await world.text(PSM_PHONE, "menu")
    finally:
        await world.aclose()

    assert "sms" not in world.services.adapters
    assert answered.status_code == 404


async def test_an_unregistered_number_is_offered_registration_not_asked_for_its_contact(
    world: SmsWorld,
) -> None:
    # The address of an SMS is the phone number: nothing to share, as on WhatsApp.
    stranger = "+6281299990001"
    await world.text(stranger, "Assalamualaikum, saya PSM baru")
    await world.deliver()

    [reply] = world.sms_to(stranger)
    assert reply.body.startswith("Mohon maaf, nomor ini belum terdaftar sebagai PSM.")
    assert "bagikan nomor HP" not in reply.body


async def test_the_options_hint_goes_in_the_language_of_the_rows_person(
    world: SmsWorld, engine: Engine
) -> None:
    english = "+6281234567005"
    person = add_person(engine, english, name="Maria")
    with transaction(engine) as session:
        stored = session.get(Person, person.id)
        assert stored is not None
        stored.locale = "en"
        session.add(stored)
        # No SMS identity yet: the language comes from the person the row names.
        outbox.enqueue(
            session=session,
            channel="sms",
            address=english,
            payload={"text": "Save?", "options": [["draft:save", "Save"]], "attachments": []},
            now=datetime.now(UTC),
            person_id=person.id,
        )
        outbox.enqueue(
            session=session,
            channel="sms",
            address=PSM_PHONE,
            payload={"text": "Simpan?", "options": [["draft:save", "Simpan"]], "attachments": []},
            now=datetime.now(UTC),
        )

    await world.deliver()

    [sent] = world.sms_to(english)
    assert sent.body == "Save?\n\n1. Save\nReply with the number of your choice, e.g. 1."
    [default] = world.sms_to(PSM_PHONE)
    assert default.body.endswith("1. Simpan\nBalas dengan nomor pilihan, misalnya 1.")
