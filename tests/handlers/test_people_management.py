"""Rank and area hold for every management action; registrations take only offered areas;
malformed button payloads get a polite answer."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from storage.models.people import Person, PersonRole
from storage.people_management import (
    Refusal,
    approvers_for,
    deactivation_refusal,
    is_last_active_approver,
    management_refusal,
)
from tests.factories import SimChat, add_person, make_services, seed_area

PSM, KETUA, TKSK, TKSK_2 = "+6281234567001", "+6281234567002", "+6281234567003", "+6281234567004"
DINSOS, ADMIN, NEWCOMER = "+6281234567005", "+6281234567006", "+6281234567009"
AT = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)


def team(engine: Engine) -> dict[str, Person]:
    seed_area(engine)
    return {
        "psm": add_person(engine, PSM, name="Wati"),
        "ketua": add_person(engine, KETUA, name="Rina", role=PersonRole.KETUA_PSM),
        "tksk": add_person(engine, TKSK, name="Hendra", role=PersonRole.TKSK, area_code="32.73.07"),
        "dinsos": add_person(
            engine, DINSOS, name="Dewi", role=PersonRole.DINSOS, area_code="32.73"
        ),
        "admin": add_person(engine, ADMIN, name="Adi", role=PersonRole.ADMIN, area_code="32.73"),
    }


def active(engine: Engine, phone: str) -> bool:
    with Session(engine) as session:
        return session.exec(select(Person).where(Person.phone == phone)).one().active


async def test_nobody_manages_equal_or_higher_rank_nor_themself(
    engine: Engine, tmp_path: Path
) -> None:
    team(engine)
    services = make_services(engine, tmp_path)
    tksk, dinsos, admin = (SimChat(services, p) for p in (TKSK, DINSOS, ADMIN))

    dinsos_on_admin = await dinsos.send(f"/nonaktifkan {ADMIN}", at=AT)
    tksk_on_self = await tksk.send(f"/nonaktifkan {TKSK}", at=AT)
    tksk_on_dinsos = await tksk.send(f"/aktifkan {DINSOS}", at=AT)
    tksk_on_ketua = await tksk.send(f"/nonaktifkan {KETUA}", at=AT)
    admin_on_self = await admin.send(f"/nonaktifkan {ADMIN}", at=AT)

    assert dinsos_on_admin[0].text.startswith("Maaf, Bapak/Ibu hanya dapat mengelola")
    assert tksk_on_self[0].text == "Bapak/Ibu tidak dapat menonaktifkan akun sendiri."
    assert tksk_on_dinsos[0].text.startswith("Maaf, Bapak/Ibu hanya dapat mengelola")
    assert tksk_on_ketua[0].text == "Rina sudah dinonaktifkan."
    assert admin_on_self[0].text == "Bapak/Ibu tidak dapat menonaktifkan akun sendiri."
    assert active(engine, ADMIN) and active(engine, TKSK) and active(engine, DINSOS)
    assert not active(engine, KETUA)


async def test_the_last_active_approver_of_an_area_stays_active(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    add_person(engine, TKSK, name="Hendra", role=PersonRole.TKSK, area_code="32.73.07")
    add_person(engine, TKSK_2, name="Yusuf", role=PersonRole.TKSK, area_code="32.73.07")
    add_person(engine, ADMIN, name="Adi", role=PersonRole.ADMIN, area_code="73")
    services = make_services(engine, tmp_path)
    admin = SimChat(services, ADMIN)

    first = await admin.send(f"/nonaktifkan {TKSK_2}", at=AT)  # Hendra still approves
    last = await admin.send(f"/nonaktifkan {TKSK}", at=AT)

    assert first[0].text == "Yusuf sudah dinonaktifkan."
    assert last[0].text.startswith("Hendra adalah satu-satunya penyetuju pendaftaran")
    assert active(engine, TKSK) and not active(engine, TKSK_2)


def test_the_rules_in_one_place(engine: Engine) -> None:
    people = team(engine)
    with Session(engine) as session:
        p = {k: session.get(Person, v.id) for k, v in people.items()}
        assert all(v is not None for v in p.values())
        psm, ketua, tksk, dinsos, admin = (
            p[k] for k in ("psm", "ketua", "tksk", "dinsos", "admin")
        )
        assert psm and ketua and tksk and dinsos and admin
        assert management_refusal(psm, ketua) is Refusal.NOT_COORDINATOR
        assert management_refusal(tksk, psm) is None
        assert management_refusal(tksk, dinsos) is Refusal.NOT_HIGHER_RANK
        assert management_refusal(dinsos, admin) is Refusal.NOT_HIGHER_RANK
        assert management_refusal(admin, dinsos) is None
        outsider = Person(name="X", role=PersonRole.PSM, area_code="73.71.09.1008")
        assert management_refusal(tksk, outsider) is Refusal.OUT_OF_AREA
        assert deactivation_refusal(session=session, manager=tksk, person=tksk) is Refusal.SELF
        # Dinas Sosial and the admin above still approve when the TKSK is gone.
        assert not is_last_active_approver(session=session, person=tksk)
        assert [a.name for a in approvers_for(session=session, area_code="32.73.07.1001")] == [
            "Hendra"
        ]


async def test_registration_takes_only_a_kelurahan_it_offered(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    add_person(engine, TKSK, name="Hendra", role=PersonRole.TKSK, area_code="32.73.07")
    services = make_services(engine, tmp_path)
    await SimChat(services, TKSK).send("/start", at=AT)  # the TKSK can be reached
    newcomer = SimChat(services, NEWCOMER)
    await newcomer.send("/start", at=AT)
    await newcomer.send("Ajukan pendaftaran", at=AT)
    await newcomer.send("Rina Marlina", at=AT)
    kecamatan = await newcomer.send(choice="area:32.73.07", at=AT)  # never offered
    other = await newcomer.send(choice="area:32.73.07.1002", at=AT)  # a village, not offered
    submitted = await newcomer.send("Pasteur", at=AT)

    assert kecamatan[0].text.startswith("Mohon pilih salah satu kelurahan/desa")
    assert other[0].text.startswith("Mohon pilih salah satu kelurahan/desa")
    assert submitted[0].text.startswith("Terima kasih! Pendaftaran sudah dikirim ke TKSK")
    with Session(engine) as session:
        person = session.exec(select(Person).where(Person.phone == NEWCOMER)).one()
    assert person.area_code == "32.73.07.1001"


async def test_malformed_button_payloads_get_a_polite_answer(
    engine: Engine, tmp_path: Path
) -> None:
    team(engine)
    services = make_services(engine, tmp_path)
    tksk = SimChat(services, TKSK)
    answers = [
        await tksk.send(choice=payload, at=AT)
        for payload in (
            "case:open:abc",
            "case:open:99999999999999999999",
            "reg:approve",
            "reg:approve:1:2",
            "rsvp:abc",
            "followup:x:close",
            "del:case:abc",
            "lang:klingon",
        )
    ]
    for said in answers:
        assert said[0].text.startswith("Pilihan itu sudah tidak berlaku"), said[0].text
