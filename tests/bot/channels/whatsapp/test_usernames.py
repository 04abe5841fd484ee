"""WhatsApp users who hide their number behind a username (a business-scoped user id)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.channels.whatsapp.inbound import normalise
from storage.models.audit import AuditLog
from storage.models.people import Identity, Person, PersonRole
from tests.factories import add_person, seed_area
from tests.fakes.twilio_api import FakeTwilio, WhatsAppWorld, running_fake

PSM_PHONE = "+6281234567001"
TKSK_PHONE = "+6281234567099"
# Digits that look like the PSM's phone: an id must never be read as a number.
USER_ID = "ID.6281234567001"


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    yield from running_fake()


@pytest.fixture
async def world(twilio: FakeTwilio, engine: Engine, tmp_path: Path) -> AsyncIterator[WhatsAppWorld]:
    """A PSM and the TKSK of Kec. Sukajadi (who has written once), on both databases."""
    seed_area(engine)
    add_person(engine, PSM_PHONE, "Siti Aminah")
    add_person(engine, TKSK_PHONE, "Hendra", PersonRole.TKSK, "32.73.07")
    world = WhatsAppWorld(twilio, engine, tmp_path)
    await world.say(TKSK_PHONE, "/start", name="Hendra")
    await world.deliver()
    yield world
    await world.aclose()


def identities(engine: Engine) -> dict[str, int | None]:
    with Session(engine) as session:
        return {i.urn: i.person_id for i in session.exec(select(Identity)).all()}


async def test_a_username_sender_is_linked_after_the_tksk_confirms(
    world: WhatsAppWorld, twilio: FakeTwilio, engine: Engine
) -> None:
    await world.say(USER_ID, "/start", name="Siti", WaId="")
    await world.deliver()
    linked_before = identities(engine)[f"whatsapp:{USER_ID}"]
    await world.say(USER_ID, "0812 3456 7001", name="Siti", WaId="")
    await world.say(USER_ID, "kmrn sosialisasi PKH di RW 07", name="Siti", WaId="")
    await world.deliver()
    with Session(engine) as session:
        account = session.exec(select(Identity).where(Identity.urn == f"whatsapp:{USER_ID}")).one()
    await world.say(TKSK_PHONE, "", ButtonPayload=f"link:approve:{account.id}")
    await world.deliver()
    await world.say(USER_ID, "/start", name="Siti", WaId="")
    await world.deliver()

    to_user = [m.body for m in twilio.sent_to(USER_ID)]
    to_tksk = [m.body for m in twilio.sent_to(TKSK_PHONE)]
    assert linked_before is None  # the digits were not taken for the PSM's phone
    assert to_user[0].startswith("Selamat datang! Akun WhatsApp ini tidak menampilkan nomor HP.")
    assert to_user[1].startswith("Terima kasih. TKSK akan memastikan bahwa akun ini milik Siti")
    assert to_user[2] == "Akun ini masih menunggu konfirmasi TKSK. Mohon ditunggu. 🙏"
    assert any(
        b.startswith(
            "Akun WhatsApp tanpa nomor HP (nama profil: Siti) menyatakan sebagai Siti Aminah "
            "(+628••••••7001), Kel. Pasteur."
        )
        for b in to_tksk
    )
    assert "✅ Akun WhatsApp Siti Aminah sudah dihubungkan dan diberi tahu." in to_tksk
    assert to_user[3] == "Akun WhatsApp ini sudah terhubung, Siti Aminah. Ketik /start untuk mulai."
    assert to_user[4].startswith("Selamat datang, Siti Aminah!")  # replies go to the user id
    with Session(engine) as session:
        psm = session.exec(select(Person).where(Person.phone == PSM_PHONE)).one()
        audited = session.exec(select(AuditLog).where(AuditLog.action == "identity.link")).one()
    assert identities(engine)[f"whatsapp:{USER_ID}"] == psm.id
    assert audited.subject_id == str(psm.id)


async def test_a_number_not_on_the_roster_is_offered_registration(
    world: WhatsAppWorld, twilio: FakeTwilio
) -> None:
    await world.say(USER_ID, "halo", WaId="")
    await world.say(USER_ID, "bukan nomor", WaId="")
    await world.say(USER_ID, "0813 9999 0000", WaId="")
    await world.deliver()

    bodies = [m.body for m in twilio.sent_to(USER_ID)]
    assert bodies[1].startswith("Nomor itu tidak bisa saya baca.")
    assert bodies[2].startswith("Nomor +628••••••0000 belum terdaftar.")
    assert "Ajukan pendaftaran" in bodies[2]


async def test_phone_and_user_id_together_are_one_person(
    world: WhatsAppWorld, twilio: FakeTwilio, engine: Engine
) -> None:
    await world.say(PSM_PHONE, "/start", ExternalUserId=USER_ID)
    await world.deliver()
    # Later the number is hidden: the user id alone still finds her.
    await world.say(USER_ID, "/start", WaId="")
    await world.deliver()

    known = identities(engine)
    assert known[f"whatsapp:{PSM_PHONE}"] == known[f"whatsapp:{USER_ID}"] is not None
    assert twilio.sent_to(USER_ID)[0].body.startswith("Selamat datang, Siti Aminah!")


async def test_the_webhook_keeps_the_user_id_as_the_address() -> None:
    from datetime import UTC, datetime

    only_id = await normalise(
        {"From": f"whatsapp:{USER_ID}", "MessageSid": "SM1", "Body": "hi"},
        now=datetime.now(UTC),
        fetcher=None,
    )
    both = await normalise(
        {"From": f"whatsapp:{PSM_PHONE}", "ExternalUserId": "ID.99", "MessageSid": "SM2"},
        now=datetime.now(UTC),
        fetcher=None,
    )

    assert (only_id.address, only_id.urn, only_id.also_known_as) == (
        USER_ID,
        f"whatsapp:{USER_ID}",
        None,
    )
    assert (both.urn, both.also_known_as) == (f"whatsapp:{PSM_PHONE}", "whatsapp:ID.99")
