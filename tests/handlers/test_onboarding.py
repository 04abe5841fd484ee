"""Who may use the bot: roster recognition, contact share, registration and approval."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from handlers.messages import Inbound
from storage.models.audit import AuditLog
from storage.models.people import Identity, Person, PersonRole
from tests.factories import SimChat, add_person, make_services, seed_area

TKSK = "+6281234567003"
NEWCOMER = "+6281234567009"
AT = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)


async def test_a_newcomer_requests_registration_and_the_tksk_approves(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    add_person(engine, TKSK, name="Hendra", role=PersonRole.TKSK, area_code="32.73.07")
    services = make_services(engine, tmp_path)
    tksk, newcomer = SimChat(services, TKSK), SimChat(services, NEWCOMER)
    await tksk.send("/start", at=AT)

    hello = await newcomer.send("/start", at=AT)
    await newcomer.send("Ajukan pendaftaran", at=AT)
    await newcomer.send("Rina Marlina", at=AT)
    unknown = await newcomer.send("Atlantis", at=AT)
    submitted = await newcomer.send("Kel. Pasteur", at=AT)
    waiting = await newcomer.send("kmrn sosialisasi PKH di RW 07, 25 org", at=AT)
    request = await tksk.send("/menu", at=AT)
    decided = await tksk.send(choice=request[0].options[0][0], at=AT)
    welcome = await newcomer.send("/start", at=AT)

    assert hello[0].option_labels() == ["📝 Ajukan pendaftaran"]
    assert unknown[0].text.startswith('Kelurahan/desa "Atlantis" tidak saya temukan.')
    assert submitted[0].text.startswith("Terima kasih! Pendaftaran sudah dikirim ke TKSK")
    assert waiting[0].text.startswith("Pendaftaran Bapak/Ibu masih menunggu persetujuan")
    assert request[0].text == (
        "Permintaan pendaftaran PSM baru (No. 2): Rina Marlina, Kel. Pasteur, telepon "
        "0812-3456-7009. Setujui?"
    )
    assert decided[0].text == "✅ Rina Marlina sudah disetujui dan diberi tahu."
    assert welcome[0].text.startswith("Selamat, Rina Marlina! Pendaftaran Bapak/Ibu sudah")
    assert welcome[1].text.startswith("Selamat datang, Rina Marlina!")
    with Session(engine) as session:
        person = session.exec(select(Person).where(Person.phone == NEWCOMER)).one()
        audited = session.exec(select(AuditLog)).one()
    assert (person.status, person.area_code, person.role) == ("approved", "32.73.07.1001", "psm")
    assert (audited.action, audited.subject_id) == ("person.approve", str(person.id))


async def test_a_psm_cannot_decide_registrations_and_a_tksk_can_deactivate(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    seed_area(sqlite_engine)
    add_person(sqlite_engine, TKSK, name="Hendra", role=PersonRole.TKSK, area_code="32.73.07")
    add_person(sqlite_engine, "+6281234567001")
    services = make_services(sqlite_engine, tmp_path)
    psm, tksk = SimChat(services, "+6281234567001"), SimChat(services, TKSK)

    refused = await psm.send("/nonaktifkan 0812 3456 7003", at=AT)
    done = await tksk.send("/nonaktifkan 081234567001", at=AT)
    blocked = await psm.send("/start", at=AT)

    assert refused[0].text.startswith("Perintah ini hanya untuk TKSK")
    assert done[0].text == "Siti Aminah sudah dinonaktifkan."
    assert blocked[0].text.startswith("Mohon maaf, akun Bapak/Ibu sedang tidak aktif.")


def telegram_inbound(update_id: int, **fields: object) -> Inbound:
    values: dict[str, object] = {
        "channel": "telegram",
        "address": "555",
        "urn": "telegram:555",
        "external_id": str(update_id),
        "received_at": AT,
    }
    values.update(fields)
    return Inbound(**values)  # type: ignore[arg-type]


async def test_on_telegram_a_rostered_psm_is_recognised_by_sharing_their_contact(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    seed_area(sqlite_engine)
    add_person(sqlite_engine, "+6281234567001")
    services = make_services(sqlite_engine, tmp_path)

    services.dispatcher.dispatch(telegram_inbound(1, text="/start"))
    services.dispatcher.dispatch(telegram_inbound(2, contact_phone="+6281299999999"))
    services.dispatcher.dispatch(
        telegram_inbound(3, contact_phone="6281234567001", contact_is_own=True)
    )

    from storage.models.messaging import OutboxMessage

    with Session(sqlite_engine) as session:
        texts = [r.payload["text"] for r in session.exec(select(OutboxMessage)).all()]
        identity = session.exec(select(Identity).where(Identity.urn == "telegram:555")).one()
    assert texts[0].startswith("Selamat datang! Untuk mengenali Bapak/Ibu, mohon bagikan")
    assert texts[1] == "Mohon bagikan nomor HP Bapak/Ibu sendiri, bukan kontak lain."
    assert texts[2].startswith("Selamat datang, Siti Aminah!")
    assert identity.person_id is not None
