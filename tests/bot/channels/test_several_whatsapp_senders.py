"""Two WhatsApp numbers in one deployment: the environment's, and a province's channel row.

One Twilio account, two senders: each number answers the people who write to it, with its own
status callbacks, media links and rate, and later messages leave from the number a person
wrote to last.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.channels.whatsapp.channel import WhatsAppChannel
from bot.sending.limiter import Rate
from handlers.messages import Attachment, Reply
from storage import outbox
from storage.db import transaction
from storage.models.messaging import OutboxMessage, OutboxStatus
from storage.models.people import Person, PersonRole
from storage.notifications import notify_person
from storage.people import touch_identity
from storage.region_list import official_subset
from storage.region_sync import insert_regions
from tests.factories import add_channel_row, add_person, seed_area
from tests.fakes.twilio_api import PUBLIC_BASE_URL, SENDER, FakeTwilio, WhatsAppWorld, running_fake

ROW = "wa-sulsel"
ROW_SENDER = "whatsapp:+6281100000073"
SITI, ANDI = "+6281234567001", "+6281234567002"


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    yield from running_fake()


@pytest.fixture
def people(engine: Engine) -> tuple[Person, Person]:
    seed_area(engine)
    return (
        add_person(engine, SITI, "Siti Aminah", area_code="32.73.07.1001"),
        add_person(engine, ANDI, "Andi Baso", area_code="73.71.09.1008"),
    )


@pytest.fixture
async def world(
    twilio: FakeTwilio,
    engine: Engine,
    tmp_path: Path,
    people: tuple[Person, Person],
    monkeypatch: pytest.MonkeyPatch,
) -> object:
    """The service with both numbers; the row's own number and rate, the account shared."""
    add_channel_row(engine, ROW, "whatsapp", area_code="73", messages_per_second=5.0)
    monkeypatch.setenv("SULSEL_TWILIO_WHATSAPP_FROM", ROW_SENDER)
    world = WhatsAppWorld(twilio, engine, tmp_path)
    yield world
    await world.aclose()


def to_row(world: WhatsAppWorld, phone: str, body: str) -> dict[str, str]:
    return {**world.message_fields(phone, body, name="Andi"), "To": ROW_SENDER}


async def test_each_number_answers_its_own_people_with_its_own_callbacks(
    world: WhatsAppWorld, twilio: FakeTwilio, engine: Engine, people: tuple[Person, Person]
) -> None:
    siti, andi = people
    first = await world.say(SITI, "/bantuan")
    second = await world.post(f"/whatsapp/{ROW}/inbound", to_row(world, ANDI, "/bantuan"))
    await world.deliver()
    now = datetime.now(UTC)
    with transaction(engine) as session:
        for person in (siti, andi):
            assert person.id is not None
            notify_person(
                session=session,
                person_id=person.id,
                kind="notice",
                text=f"Pengingat untuk {person.name}",
                now=now,
                idempotency_key=f"test:{person.id}",
                template_variables={},
            )
    await world.deliver()

    assert (first.status_code, second.status_code) == (200, 200)
    siti_got, andi_got = twilio.sent_to(SITI), twilio.sent_to(ANDI)
    assert [m.from_ for m in siti_got] == [SENDER, SENDER]
    assert [m.from_ for m in andi_got] == [ROW_SENDER, ROW_SENDER]
    assert andi_got[1].body == "Pengingat untuk Andi Baso"
    assert {m.status_callback for m in andi_got} == {f"{PUBLIC_BASE_URL}/whatsapp/{ROW}/status"}
    assert {m.status_callback for m in siti_got} == {f"{PUBLIC_BASE_URL}/whatsapp/status"}

    # Twilio calls the row's status path, signed for it; the row's message is marked.
    callback = await world.post(
        f"/whatsapp/{ROW}/status",
        {"MessageSid": andi_got[1].sid, "MessageStatus": "delivered", "AccountSid": "AC"},
    )
    assert callback.status_code == 204
    with Session(engine) as session:
        row = session.exec(
            select(OutboxMessage).where(OutboxMessage.external_id == andi_got[1].sid)
        ).one()
    assert (row.channel, row.status) == (ROW, OutboxStatus.DELIVERED)


async def test_the_rows_files_go_as_its_own_media_links_and_its_rate_is_its_own(
    world: WhatsAppWorld, twilio: FakeTwilio, engine: Engine
) -> None:
    await world.post(f"/whatsapp/{ROW}/inbound", to_row(world, ANDI, "/bantuan"))
    await world.deliver()
    media_dir = world.services.settings.media_dir
    (media_dir / "reports").mkdir(parents=True, exist_ok=True)
    (media_dir / "reports" / "laporan.pdf").write_bytes(b"%PDF-1.7 laporan mingguan")
    reply = Reply(
        text="Laporan mingguan",
        attachments=[Attachment("reports/laporan.pdf", "application/pdf", "laporan.pdf")],
    )
    with transaction(engine) as session:
        outbox.enqueue(
            session=session,
            channel=ROW,
            address=ANDI,
            payload=reply.to_payload(),
            now=datetime.now(UTC),
            kind="reply",
        )
    await world.deliver()

    [link] = [url for m in twilio.sent_to(ANDI) for url in m.media_urls]
    path = urlsplit(link).path
    assert path.startswith(f"/whatsapp/{ROW}/media/") and path.endswith("/laporan.pdf")
    fetched = await world.http.get(path)
    assert fetched.status_code == 200 and fetched.content == b"%PDF-1.7 laporan mingguan"
    row_channel = world.services.adapters[ROW]
    default = world.services.adapters["whatsapp"]
    assert isinstance(row_channel, WhatsAppChannel) and isinstance(default, WhatsAppChannel)
    assert row_channel.limiter.overall == Rate.per_second(5.0)
    assert default.limiter.overall == Rate.per_second(200.0)


async def test_a_webhook_for_an_unknown_number_is_not_found(world: WhatsAppWorld) -> None:
    answer = await world.post("/whatsapp/nobody/inbound", to_row(world, ANDI, "halo"))
    assert answer.status_code == 404


async def test_a_newcomer_on_the_provinces_number_finds_their_kelurahan_in_the_province(
    world: WhatsAppWorld, twilio: FakeTwilio, engine: Engine
) -> None:
    # "Karang Anyar" is a kelurahan of Kota Bandung and one of Kota Makassar.
    with transaction(engine) as session:
        insert_regions(session=session, records=official_subset(["32.73.10.1003", "73.71.02.1013"]))
    newcomers = {
        "+6281234567011": "/whatsapp/inbound",
        "+6281234567012": f"/whatsapp/{ROW}/inbound",
    }
    for phone, path in newcomers.items():
        for said in ("/start", "Ajukan pendaftaran", "Rina Marlina", "Karang Anyar"):
            fields = world.message_fields(phone, said, name="Rina")
            if path != "/whatsapp/inbound":
                fields["To"] = ROW_SENDER
            await world.post(path, fields)
            await world.deliver()

    on_default = twilio.sent_to("+6281234567011")[-1].body
    on_row = twilio.sent_to("+6281234567012")[-1].body
    # On the environment's number both are offered (Kec. Astanaanyar in Bandung, Kec. Mamajang
    # in Makassar); the province's number takes its own at once.
    assert "Karang Anyar (Astanaanyar)" in on_default and "Karang Anyar (Mamajang)" in on_default
    assert on_row.startswith("Terima kasih! Pendaftaran tercatat")
    with Session(engine) as session:
        applicant = session.exec(select(Person).where(Person.phone == "+6281234567012")).one()
    assert applicant.area_code == "73.71.02.1013"


async def test_a_message_the_rows_number_must_hold_is_told_to_the_admins(
    world: WhatsAppWorld, twilio: FakeTwilio, engine: Engine, people: tuple[Person, Person]
) -> None:
    _siti, andi = people
    admin = add_person(engine, "+6281234567099", "Admin Dinsos", role=PersonRole.ADMIN)
    now = datetime.now(UTC)
    with transaction(engine) as session:
        touch_identity(
            session=session,
            urn="sim:+6281234567099",
            channel="sim",
            address="+6281234567099",
            now=now,
            phone="+6281234567099",
        )
        # Andi wrote to the province's number two days ago: its window is closed.
        touch_identity(
            session=session,
            urn=f"whatsapp:{ANDI}",
            channel="whatsapp",
            channel_key=ROW,
            address=ANDI,
            now=now - timedelta(days=2),
            phone=ANDI,
        )
        assert andi.id is not None
        notify_person(
            session=session,
            person_id=andi.id,
            kind="followup",
            text="Tindak lanjut kasus",
            now=now,
            idempotency_key="test-followup",
            template_variables={"1": "Andi"},
        )
    await world.deliver()
    await world.deliver()

    assert twilio.sent_to(ANDI) == []
    with Session(engine) as session:
        rows = {row.channel: row for row in session.exec(select(OutboxMessage)).all()}
    assert rows[ROW].status == OutboxStatus.HELD
    alert = rows["sim"]
    assert alert.person_id == admin.id
    assert alert.payload["text"].startswith('⚠️ Pesan WhatsApp jenis "followup" ditahan')
