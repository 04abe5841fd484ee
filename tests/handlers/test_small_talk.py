"""A PSM greets, thanks and says "ok" as to a colleague: warm answers, no report started."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from storage.models.activities import Activity
from storage.models.messaging import ConversationState
from tests.factories import SimChat, add_person, make_services, seed_area

PSM = "+6281234567001"
AT = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)  # Tuesday 16:00 in Bandung


def flow_of(engine: Engine, phone: str) -> str | None:
    with Session(engine) as session:
        state = session.exec(
            select(ConversationState).where(ConversationState.address == phone)
        ).first()
        return state.flow if state is not None else None


async def test_greetings_and_thanks_get_a_warm_answer_and_start_no_report(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    add_person(engine, PSM, name="Siti Aminah")
    chat = SimChat(make_services(engine, tmp_path), PSM)

    answers = {
        text: await chat.send(text, at=AT)
        for text in (
            "terima kasih",
            "makasih bu",
            "assalamualaikum",
            "selamat pagi pak",
            "ok siap",
            "👍🙏",
            "hadir insyaallah",
        )
    }

    assert answers["terima kasih"][0].text.startswith("Sama-sama, Siti.")
    assert answers["makasih bu"][0].text.startswith("Sama-sama, Siti.")
    assert answers["assalamualaikum"][0].text.startswith("Waalaikumsalam, Siti.")
    assert "📝 Lapor kegiatan" in answers["assalamualaikum"][0].option_labels()  # the menu
    assert answers["selamat pagi pak"][0].text.startswith("Halo, Siti!")
    assert answers["ok siap"][0].text.startswith("Baik, Siti.")
    assert answers["👍🙏"][0].text.startswith("🙏 Siap, Siti.")
    assert "pengingat rapat" in answers["hadir insyaallah"][0].text
    for replies in answers.values():
        assert all("Kegiatan apa yang dilakukan?" not in r.text for r in replies)
    assert flow_of(engine, PSM) is None
    with Session(engine) as session:
        assert session.exec(select(Activity)).first() is None


async def test_a_greeting_starting_a_real_report_is_still_a_report(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    add_person(engine, PSM)
    chat = SimChat(make_services(engine, tmp_path), PSM)

    summary = await chat.send(
        "Assalamualaikum, lapor: kmrn sosialisasi PKH di RW 07, 25 org hadir", at=AT
    )

    assert "Jenis: Sosialisasi / penyuluhan" in summary[-1].text
    assert flow_of(engine, PSM) == "activity"


async def test_thanks_inside_a_draft_keeps_every_field_and_asks_again(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    add_person(engine, PSM, name="Siti Aminah")
    chat = SimChat(make_services(engine, tmp_path), PSM)

    asked = await chat.send("td pagi sosialisasi PKH di masjid Al Ikhlas rw 7", at=AT)
    thanked = await chat.send("makasih bu 🙏", at=AT)
    summary = await chat.send("25", at=AT)

    assert asked[-1].text.startswith("Berapa orang/KK yang dijangkau?")
    assert thanked[0].text.startswith("Sama-sama, Siti.")
    assert thanked[-1].text.startswith("Berapa orang/KK yang dijangkau?")  # the question stands
    assert "Jenis: Sosialisasi / penyuluhan" in summary[-1].text
    assert "Tempat: RW 07" in summary[-1].text
    assert "Jumlah dijangkau: 25 orang/KK" in summary[-1].text
