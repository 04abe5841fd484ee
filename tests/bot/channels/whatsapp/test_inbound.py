"""WhatsApp messages coming in through Twilio's signed webhooks."""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, func, select

from bot.channels.whatsapp.inbound import normalise
from handlers.messages import Location
from storage.models.activities import Activity
from storage.models.media import Media
from storage.models.messaging import InboundMessage, OutboxMessage
from storage.models.people import Identity
from tests.factories import add_person, seed_area
from tests.fakes.twilio_api import (
    AUTH_TOKEN,
    PUBLIC_BASE_URL,
    FakeTwilio,
    WhatsAppWorld,
    running_fake,
    sign,
)

PSM_PHONE = "+6281234567001"
STRANGER = "+6281399990000"
PHOTO_1 = b"\xff\xd8\xff\xe0" + b"balai RW 05, antrean KPM" * 200
PHOTO_2 = b"\xff\xd8\xff\xe0" + b"penyerahan BPNT kepada KPM" * 200
SIMPAN = r"(?m)^(\d+)\. [^\w\n]*Simpan$"  # "2. ✅ Simpan"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    yield from running_fake()


async def _world(
    twilio: FakeTwilio, engine: Engine, tmp_path: Path
) -> AsyncIterator[WhatsAppWorld]:
    seed_area(engine)
    add_person(engine, PSM_PHONE)
    world = WhatsAppWorld(twilio, engine, tmp_path)
    yield world
    await world.aclose()


@pytest.fixture
async def world(twilio: FakeTwilio, engine: Engine, tmp_path: Path) -> AsyncIterator[WhatsAppWorld]:
    """On SQLite and on PostgreSQL."""
    async for world in _world(twilio, engine, tmp_path):
        yield world


@pytest.fixture
async def lite_world(
    twilio: FakeTwilio, sqlite_engine: Engine, tmp_path: Path
) -> AsyncIterator[WhatsAppWorld]:
    """On SQLite only, for what does not depend on the database."""
    async for world in _world(twilio, sqlite_engine, tmp_path):
        yield world


def count(engine: Engine, table: type) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(table)).one()


def stored_files(world: WhatsAppWorld) -> list[Path]:
    return [p for p in world.services.settings.media_dir.rglob("*") if p.is_file()]


async def test_a_psm_reports_an_activity_with_two_photos_by_whatsapp(
    world: WhatsAppWorld, twilio: FakeTwilio, engine: Engine
) -> None:
    # WhatsApp delivers a caption with its first photo, then the second photo on its own.
    first = await world.say(
        PSM_PHONE,
        "Lapor, hari ini dampingi penyaluran BPNT di balai RW 05 Kel. Pasteur, 32 KPM hadir",
        media=((PHOTO_1, "image/jpeg"),),
    )
    second = await world.say(PSM_PHONE, media=((PHOTO_2, "image/jpeg"),))
    await world.deliver()

    assert first.status_code == 200 and first.text == EMPTY_TWIML
    assert second.status_code == 200
    # Both photos were fetched with the account's credentials, through the CDN redirect.
    assert [authed for path, authed in twilio.media_requests if "/Media/" in path] == [True, True]
    assert len([p for p, _ in twilio.media_requests if p.startswith("/cdn/")]) == 2
    offered = [m.body for m in twilio.sent_to(PSM_PHONE) if re.search(SIMPAN, m.body)]
    assert offered, (
        "the bot should answer the report with a summary and a numbered 'Simpan' option; it "
        f"said: {[m.body for m in twilio.sent_to(PSM_PHONE)]}"
    )
    number = re.search(SIMPAN, offered[-1])
    assert number is not None

    await world.say(PSM_PHONE, number.group(1))
    await world.deliver()

    with Session(engine) as session:
        activities = session.exec(select(Activity)).all()
        assert len(activities) == 1
        media = session.exec(select(Media).where(Media.activity_id == activities[0].id)).all()
    assert activities[0].activity_type == "bansos"
    assert activities[0].people_reached == 32
    assert sorted(m.sha256 for m in media) == sorted(
        hashlib.sha256(p).hexdigest() for p in (PHOTO_1, PHOTO_2)
    )
    media_dir = world.services.settings.media_dir
    assert all((media_dir / m.path).read_bytes() in (PHOTO_1, PHOTO_2) for m in media)


async def test_the_same_message_delivered_twice_is_recorded_once(
    world: WhatsAppWorld, twilio: FakeTwilio, engine: Engine
) -> None:
    fields = world.message_fields(PSM_PHONE, "/start", media=((PHOTO_1, "image/jpeg"),))

    first = await world.post("/whatsapp/inbound", fields)
    again = await world.post("/whatsapp/inbound", fields)
    await world.deliver()

    assert first.status_code == again.status_code == 200
    assert count(engine, InboundMessage) == 1
    # The repeat is answered at once: its photo is not downloaded a second time.
    assert len([p for p, _ in twilio.media_requests if "/Media/" in p]) == 1
    assert len(twilio.sent_to(PSM_PHONE)) == count(engine, OutboxMessage) > 0


async def test_unsigned_and_wrongly_signed_requests_are_refused_and_store_nothing(
    lite_world: WhatsAppWorld, twilio: FakeTwilio
) -> None:
    fields = lite_world.message_fields(PSM_PHONE, "/start", media=((PHOTO_1, "image/jpeg"),))
    url = PUBLIC_BASE_URL + "/whatsapp/inbound"
    tampered = {**fields, "Body": "/menu"}

    answers = [
        await lite_world.post("/whatsapp/inbound", fields, signature=""),
        await lite_world.post(
            "/whatsapp/inbound", fields, signature=sign(url, fields, "other-token")
        ),
        await lite_world.post(
            "/whatsapp/inbound", fields, signature=sign("https://evil.test/x", fields)
        ),
        await lite_world.post("/whatsapp/inbound", tampered, signature=sign(url, fields)),
    ]
    await lite_world.deliver()

    assert [a.status_code for a in answers] == [403, 403, 403, 403]
    assert count(lite_world.services.engine, InboundMessage) == 0
    assert count(lite_world.services.engine, Identity) == 0
    assert count(lite_world.services.engine, OutboxMessage) == 0
    assert twilio.media_requests == [] and twilio.messages == []
    assert stored_files(lite_world) == []


async def test_a_signature_made_for_the_public_url_is_accepted_behind_a_proxy(
    lite_world: WhatsAppWorld,
) -> None:
    # The request reaches the app as http://testserver/..., Twilio signed https://psmbot...
    fields = lite_world.message_fields(PSM_PHONE, "/start")
    answer = await lite_world.post(
        "/whatsapp/inbound",
        fields,
        signature=sign(PUBLIC_BASE_URL + "/whatsapp/inbound", fields, AUTH_TOKEN),
    )
    assert answer.status_code == 200
    assert count(lite_world.services.engine, InboundMessage) == 1


async def test_an_unknown_number_gets_a_polite_answer_and_no_data(
    lite_world: WhatsAppWorld, twilio: FakeTwilio
) -> None:
    await lite_world.say(STRANGER, "/start")
    await lite_world.say(STRANGER, "kasus lansia RT 02", media=((PHOTO_1, "image/jpeg"),))
    await lite_world.deliver()

    answers = [m.body for m in twilio.sent_to(STRANGER)]
    assert len(answers) == 2
    assert all(a.startswith("Mohon maaf, nomor ini belum terdaftar") for a in answers), answers
    assert not any("Siti" in a or "Pasteur" in a for a in answers)
    # A stranger's photo is never fetched nor kept.
    assert twilio.media_requests == [] and stored_files(lite_world) == []
    assert (
        count(lite_world.services.engine, Activity) == 0
        and count(lite_world.services.engine, Media) == 0
    )


async def test_a_voice_note_is_refused_politely_without_downloading_it(
    lite_world: WhatsAppWorld, twilio: FakeTwilio
) -> None:
    await lite_world.say(PSM_PHONE, media=((b"OggS" + b"\0" * 100, "audio/ogg"),))
    await lite_world.deliver()

    assert [m.body for m in twilio.sent_to(PSM_PHONE)] == [
        "Mohon maaf, jenis berkas ini tidak bisa diterima. Kirim foto (JPG/PNG) atau PDF; "
        "daftar PSM dalam CSV atau XLSX."
    ]
    assert twilio.media_requests == []


async def test_a_photo_over_20_mb_is_refused_and_not_kept(
    lite_world: WhatsAppWorld, twilio: FakeTwilio
) -> None:
    await lite_world.say(
        PSM_PHONE, media=((b"\xff\xd8" + b"x" * (20 * 1024 * 1024), "image/jpeg"),)
    )
    await lite_world.deliver()

    [answer] = twilio.sent_to(PSM_PHONE)
    assert answer.body.startswith("Mohon maaf, berkasnya terlalu besar (maksimal 20 MB)")
    assert stored_files(lite_world) == []


async def test_a_photo_that_cannot_be_downloaded_is_reported(
    lite_world: WhatsAppWorld, twilio: FakeTwilio
) -> None:
    fields = lite_world.message_fields(PSM_PHONE, media=((PHOTO_1, "image/jpeg"),))
    twilio.media.clear()  # Twilio no longer has it

    await lite_world.post("/whatsapp/inbound", fields)
    await lite_world.deliver()

    [answer] = twilio.sent_to(PSM_PHONE)
    assert answer.body.startswith("Mohon maaf, foto gagal diterima. Silakan kirim ulang.")


async def test_location_button_and_profile_name_are_normalised() -> None:
    form = {
        "MessageSid": "SM1",
        "From": "whatsapp:+6281234567001",
        "Body": "Hadir",
        "ButtonText": "Hadir",
        "ButtonPayload": "rsvp:7:yes",
        "Latitude": "-6.8915",
        "Longitude": "107.5907",
        "ProfileName": "Bu Siti",
        "NumMedia": "0",
    }
    inbound = await normalise(form, now=datetime(2026, 11, 17, 2, 0, tzinfo=UTC), fetcher=None)

    assert (inbound.channel, inbound.address, inbound.urn) == (
        "whatsapp",
        "+6281234567001",
        "whatsapp:+6281234567001",
    )
    assert inbound.external_id == "SM1"
    assert inbound.choice == "rsvp:7:yes" and inbound.text == "Hadir"
    assert inbound.location == Location(-6.8915, 107.5907)
    assert inbound.display_name == "Bu Siti"


async def test_an_album_as_a_new_senders_first_message_keeps_all_three_photos(
    world: WhatsAppWorld, twilio: FakeTwilio, engine: Engine
) -> None:
    # WhatsApp posts an album's photos as separate webhooks, all at once; the sender has never
    # written before, so each of them would create the identity and the conversation.
    photos = [PHOTO_1, PHOTO_2, b"\xff\xd8\xff\xe0" + b"foto bersama warga" * 200]
    answers = await asyncio.gather(
        world.say(
            PSM_PHONE,
            "Lapor, hari ini dampingi penyaluran BPNT di balai RW 05, 32 KPM hadir",
            media=((photos[0], "image/jpeg"),),
        ),
        world.say(PSM_PHONE, media=((photos[1], "image/jpeg"),)),
        world.say(PSM_PHONE, media=((photos[2], "image/jpeg"),)),
    )
    await world.deliver()

    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert count(engine, Identity) == 1 and count(engine, InboundMessage) == 3
    offered = [m.body for m in twilio.sent_to(PSM_PHONE) if re.search(SIMPAN, m.body)]
    number = re.search(SIMPAN, offered[-1])
    assert number is not None
    await world.say(PSM_PHONE, number.group(1))
    await world.deliver()
    with Session(engine) as session:
        [activity] = session.exec(select(Activity)).all()
        media = session.exec(select(Media).where(Media.activity_id == activity.id)).all()
    assert sorted(m.sha256 for m in media) == sorted(hashlib.sha256(p).hexdigest() for p in photos)
