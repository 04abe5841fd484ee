"""The message pipeline end to end: dispatcher, conversation state, outbox, sender."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, func, select

from handlers import router
from handlers.turn import Turn
from handlers.wiring import Wiring
from storage.models.activities import Activity
from storage.models.messaging import InboundMessage, OutboxMessage
from tests.factories import SimChat, add_person, make_services, seed_area

PSM_PHONE = "+6281234567001"


async def test_the_same_message_delivered_three_times_has_one_effect(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    add_person(engine, PSM_PHONE)
    chat = SimChat(make_services(engine, tmp_path), PSM_PHONE)

    first = await chat.send("/start", external_id="wamid-1")
    again = await chat.send("/start", external_id="wamid-1")
    third = await chat.send("/start", external_id="wamid-1")

    assert [m.text.split("\n")[0] for m in first] == [
        "Selamat datang, Siti Aminah! 👋",
        "Menu utama. Silakan pilih:",
    ]
    assert again == [] and third == []
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(InboundMessage)).one() == 1
        assert session.exec(select(func.count()).select_from(OutboxMessage)).one() == 2


async def test_a_conversation_survives_a_restart_between_two_messages(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    add_person(engine, PSM_PHONE)
    before = SimChat(make_services(engine, tmp_path), PSM_PHONE)
    menu = await before.send("/menu")
    assert menu[-1].option_labels()[3] == "❓ Bantuan"

    # A new process: new services, nothing carried over in memory.
    engine.dispose()
    after = SimChat(make_services(engine, tmp_path), PSM_PHONE)
    after.cursor = before.cursor
    answer = await after.send("4")

    assert answer[0].text.startswith("Cara melapor:")


async def test_an_unregistered_number_sees_no_data(engine: Engine, tmp_path: Path) -> None:
    seed_area(engine)
    add_person(engine, PSM_PHONE)
    stranger = SimChat(make_services(engine, tmp_path), "+6281399990000")

    replies = []
    for text in ["/start", "/menu", "/kasus", "Lapor kegiatan", "/bantuan", "case:open:1"]:
        replies += await stranger.send(text)

    assert replies, "a stranger still gets a polite answer"
    for said in replies:
        assert said.text.startswith("Mohon maaf, nomor ini belum terdaftar")
        assert said.option_labels() == ["📝 Ajukan pendaftaran"]
        assert "Siti" not in said.text and "Pasteur" not in said.text


async def test_an_oversize_message_is_refused_politely_and_nothing_is_lost(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    add_person(engine, PSM_PHONE)
    chat = SimChat(make_services(engine, tmp_path), PSM_PHONE)
    await chat.send("/menu")

    refused = await chat.send("x" * 5000)
    still_there = await chat.send("4")

    assert refused[0].text.startswith("Mohon maaf, pesannya terlalu panjang (5000 karakter")
    assert still_there[0].text.startswith("Cara melapor:")


async def test_a_group_chat_gets_no_personal_data(engine: Engine, tmp_path: Path) -> None:
    from handlers.messages import Inbound

    seed_area(engine)
    add_person(engine, PSM_PHONE)
    services = make_services(engine, tmp_path)
    await SimChat(services, PSM_PHONE).send("/start")  # known from a private chat
    services.dispatcher.dispatch(
        Inbound(
            channel="sim",
            address="group-1",
            urn=f"sim:{PSM_PHONE}",
            external_id="g1",
            received_at=datetime.now(UTC),
            text="/kasus",
            is_group_chat=True,
        )
    )
    await services.sender.drain()
    with Session(engine) as session:
        rows = session.exec(select(OutboxMessage).where(OutboxMessage.address == "group-1")).all()
    assert [r.payload["text"][:30] for r in rows] == ["Untuk menjaga kerahasiaan data"]


async def test_a_message_from_a_group_never_makes_the_group_a_persons_address(
    engine: Engine, tmp_path: Path
) -> None:
    from handlers.messages import Inbound
    from storage.models.people import Identity

    seed_area(engine)
    services = make_services(engine, tmp_path)
    # The person's first message ever is a command in a group chat.
    services.dispatcher.dispatch(
        Inbound(
            channel="telegram",
            address="-100777",
            urn="telegram:555",
            external_id="g1",
            received_at=datetime.now(UTC),
            text="/start",
            is_group_chat=True,
        )
    )
    with Session(engine) as session:
        identity = session.exec(select(Identity).where(Identity.urn == "telegram:555")).one()
    assert identity.address == "555"


async def test_a_handler_failure_undoes_the_turn_says_sorry_and_keeps_the_draft(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_area(engine)
    add_person(engine, PSM_PHONE)
    chat = SimChat(make_services(engine, tmp_path), PSM_PHONE)
    summary = await chat.send("kmrn dampingi penyaluran BPNT di RW 05, 32 KPM")
    assert summary[-1].option_labels() == ["✅ Simpan", "✏️ Ubah", "❌ Batal"]

    real_handle = router.handle

    def handle_then_fail(turn: Turn, wiring: Wiring) -> None:
        real_handle(turn, wiring)  # the activity is written, then something breaks
        raise RuntimeError("a bug after the write")

    monkeypatch.setattr(router, "handle", handle_then_fail)
    failed = await chat.send("Simpan", external_id="wamid-broken")
    monkeypatch.undo()

    assert [m.text for m in failed] == [
        "Mohon maaf, pesan ini belum dapat saya proses. Silakan coba lagi, atau ketik /menu."
    ]
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Activity)).one() == 0
    # The platform delivering the failed message again gets no second apology.
    assert await chat.send("Simpan", external_id="wamid-broken") == []
    # The draft waits where it was: the same answer, sent anew, saves it once.
    saved = await chat.send("Simpan")
    assert saved and "tersimpan" in saved[0].text.lower()
    with Session(engine) as session:
        activities = session.exec(select(Activity)).all()
        assert [a.people_reached for a in activities] == [32]
