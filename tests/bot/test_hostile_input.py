"""Hostile input through every conversation state, on both databases: nothing breaks.

Each conversation state the bot can be in is reached once by a real walk through the flows and
kept as a snapshot; every generated input then starts from one of the snapshots. The number of
inputs per database is PSMBOT_HOSTILE_INPUTS (CI runs 2,000; the default keeps the suite quick).
"""

from __future__ import annotations

import copy
import dataclasses
import logging
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.app import Services
from handlers.messages import Inbound, InboundMedia
from storage.db import transaction
from storage.meetings import create_meeting
from storage.models.messaging import ConversationState
from storage.models.people import PersonRole
from tests.factories import add_person, make_services, seed_area
from tests.handlers.conversation import photo

HOSTILE_INPUTS = int(os.environ.get("PSMBOT_HOSTILE_INPUTS", "250"))
PSM, KETUA, TKSK, STRANGER = "+6281234567001", "+6281234567002", "+6281234567003", "+6281299990000"
NIK = "3273014507540001"

# Texts that broke the bot or a database before, and their relatives.
NASTY_TEXTS = [
    "\x00",
    "catatan\x00rahasia",
    "Pasteur\x00",
    "²",
    "¹²",
    "① ② ③",
    "１２",
    "٣",
    "⒈",
    "9" * 30,
    "-1",
    "0",
    '=HYPERLINK("http://x.example","klik")',
    "+1+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "\u202eRT 02\u202c",
    "\ud800",
    "e\u0301" * 50,
    "👩‍👩‍👧" * 40,
    "A" * 5000,
    "tempat " * 60,
    "{0} {name} %s %(x)s",
    "'; DROP TABLE person; --",
    "/nonaktifkan 081234567003",
    "/nonaktifkan 081234567001",
    "/aktifkan +6281234567002",
    "/kasus",
    "/batal",
    "/rapat",
    "/laporan 2026-W99",
    "/ubah",
    "/hapus",
    "Simpan",
    "Ubah",
    "lewati",
    "Selesai",
    f"Kunjungan Ibu Siti NIK {NIK} lansia terlantar RT 02/RW 03",
    "kmrn sosialisasi PKH di masjid rw 7, yg datang 25 org",
]
NASTY_CHOICES = [
    "case:open:abc",
    "case:open:99999999999999999999",
    "case:open:1",
    "case:open:",
    "reg:approve:1",
    "reg:approve",
    "reg:approve:2:3",
    "reg:reject:99999999999",
    "del:case:x",
    "del:activity:1",
    "lang:xx",
    "rsvp:abc",
    "rsvp:1:izin",
    "rsvp:99999999999:hadir",
    "attend:1:start",
    "attend::",
    "followup:1:close",
    "followup:x:y",
    "ppks:abc",
    "ppks:99",
    "area:32.73.07",
    "area:99.99",
    "area:",
    "case:abc",
    "att:p:abc",
    "att:p:99999999999",
    "mtg:pick:²",
    "edit:nothing",
    "draft:save",
    "nikfound:keep",
    "#o:forged-token",
    "\x00",
]


@dataclass(frozen=True)
class Snapshot:
    """A conversation state to start an input from."""

    phone: str
    flow: str | None
    step: str | None
    data: dict[str, Any]
    options: list[list[str]]


class Walker:
    """Sends messages straight to the dispatcher and records each state reached."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.snapshots: dict[tuple[str, str | None, str | None], Snapshot] = {}

    def send(
        self,
        phone: str,
        text: str = "",
        *,
        choice: str | None = None,
        media: tuple[InboundMedia, ...] = (),
    ) -> None:
        message = dataclasses.replace(inbound(phone, text, choice), media=media)
        self.services.dispatcher.dispatch(message)
        with Session(self.services.engine) as session:
            state = session.exec(
                select(ConversationState).where(
                    ConversationState.channel == "sim", ConversationState.address == phone
                )
            ).one()
            key = (phone, state.flow, state.step)
            self.snapshots.setdefault(
                key,
                Snapshot(phone, state.flow, state.step, copy.deepcopy(state.data), state.options),
            )

    def walk(self, phone: str, *messages: str) -> None:
        for message in messages:
            self.send(phone, message)


def inbound(phone: str, text: str, choice: str | None = None) -> Inbound:
    return Inbound(
        channel="sim",
        address=phone,
        urn=f"sim:{phone}",
        external_id=uuid.uuid4().hex,
        received_at=datetime.now(UTC),
        text=text,
        choice=choice,
    )


def reach_every_state(engine: Engine, services: Services) -> list[Snapshot]:
    """Walk every flow once; the states met on the way are the ones inputs start from."""
    walker = Walker(services)
    media_dir = services.settings.media_dir
    walker.walk(STRANGER, "/start", "1", "Budi Santoso", "Pasteur")
    walker.walk(STRANGER, "/batal")
    walker.walk(PSM, "/start", "/menu")
    walker.walk(PSM, "/lapor", "1", "kemarin", "RT 02 RW 05", "30", "1", "bagi sembako")
    walker.walk(PSM, "Selesai", "Ubah", "Jumlah", "35", "/batal")
    walker.send(PSM, media=(photo(media_dir, 1),))  # a photo without words: capture waits
    walker.walk(PSM, "/batal", "/kasusbaru", "Ibu S", "Perempuan", "72", NIK, "RT 2 RW 3", "lansia")
    walker.walk(PSM, "Tinggal sendiri, kondisi lemah", "Tetangga", "Biasa", "Klien setuju")
    walker.walk(PSM, "Selesai", "Simpan")
    walker.walk(PSM, f"Kunjungan rumah Ibu Siti NIK {NIK} (72th) lansia terlantar RT 02/RW 03", "1")
    walker.walk(PSM, "Klien setuju", "Simpan")
    walker.walk(PSM, "Kunjungan rumah Bapak D NIK 3273999999999999 lansia RT 01/RW 02")
    walker.walk(PSM, "/batal")
    walker.walk(PSM, "/kasus", "1", "3", "1")
    walker.walk(PSM, "/kasus", "1", "5")
    walker.walk(PSM, "/batal", "/kasus", "1", "1")
    walker.walk(PSM, "/batal", "/ubah", "/batal", "/hapus", "/bahasa")
    walker.walk(PSM, "/batal")
    in_a_month = (datetime.now(UTC) + timedelta(days=30)).strftime("%Y-%m-%d")
    walker.walk(KETUA, "/rapat", "1", f"sekali {in_a_month} 09:00 di Aula", "2")
    walker.walk(KETUA, "/batal", "/rapat", "1", f"setiap Senin jam 13.00 di {'Aula ' * 3}")
    walker.walk(KETUA, "/batal", "/rapat", "2", "/batal")
    walker.walk(TKSK, "/start", "/laporan")
    with transaction(engine) as session:
        future = create_meeting(
            session=session,
            organiser_id=_person_id(session, KETUA),
            area_code="32.73.07.1001",
            title="Rapat rutin",
            place="Aula",
            starts_at=datetime.now(UTC) + timedelta(days=3),
            now=datetime.now(UTC),
        )
        past = create_meeting(
            session=session,
            organiser_id=_person_id(session, KETUA),
            area_code="32.73.07.1001",
            title="Rapat lalu",
            place="Aula",
            starts_at=datetime.now(UTC) - timedelta(hours=3),
            now=datetime.now(UTC),
        )
    walker.send(PSM, choice=f"rsvp:{future.id}:izin")
    walker.send(PSM, "/batal")
    walker.send(KETUA, "/batal")
    walker.send(KETUA, choice=f"attend:{past.id}:start")
    walker.send(KETUA, "1")
    walker.send(KETUA, choice="att:done")
    return list(walker.snapshots.values())


def _person_id(session: Session, phone: str) -> int:
    from storage.people import get_person_by_phone

    person = get_person_by_phone(session=session, phone=phone)
    assert person is not None and person.id is not None
    return person.id


def restore(engine: Engine, snapshot: Snapshot) -> None:
    """Put a conversation back into a recorded state."""
    with transaction(engine) as session:
        state = session.exec(
            select(ConversationState).where(
                ConversationState.channel == "sim", ConversationState.address == snapshot.phone
            )
        ).one()
        state.flow, state.step = snapshot.flow, snapshot.step
        state.data = copy.deepcopy(snapshot.data)
        state.options = copy.deepcopy(snapshot.options)
        state.expires_at = None
        session.add(state)


texts = st.one_of(
    st.sampled_from(NASTY_TEXTS),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=80),
    st.text(st.characters(codec="utf-8"), max_size=400),
    st.from_regex(r"(/[a-z]{1,10} )?[0-9²①１]{0,20}[ ,.]?[A-Za-z]{0,12}", fullmatch=True),
    st.builds(lambda a, b: a + b, st.sampled_from(NASTY_TEXTS), st.sampled_from(NASTY_TEXTS)),
)
choices = st.one_of(
    st.none(),
    st.none(),
    st.sampled_from(NASTY_CHOICES),
    st.text(max_size=70),
)


@pytest.fixture
def team(engine: Engine) -> Engine:
    seed_area(engine)
    add_person(engine, PSM, name="Wati")
    add_person(engine, KETUA, name="Rina", role=PersonRole.KETUA_PSM)
    add_person(engine, TKSK, name="Hendra", role=PersonRole.TKSK, area_code="32.73.07")
    return engine


@settings(
    max_examples=HOSTILE_INPUTS,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_input_in_every_state_breaks_nothing(
    data: st.DataObject,
    team: Engine,
    tmp_path_factory: pytest.TempPathFactory,
    caplog: pytest.LogCaptureFixture,
    request: pytest.FixtureRequest,
) -> None:
    world = _world(team, tmp_path_factory, request)
    snapshot = data.draw(st.sampled_from(world.snapshots), label="state")
    text, choice = data.draw(texts, label="text"), data.draw(choices, label="choice")
    restore(team, snapshot)
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        result = world.services.dispatcher.dispatch(inbound(snapshot.phone, text, choice))
    assert not result.duplicate
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], (snapshot.flow, snapshot.step, text[:80], choice, errors[0].getMessage())


@dataclass
class World:
    """The assembled service and the states reached, made once per test (per database)."""

    services: Services
    snapshots: list[Snapshot]


def _world(
    engine: Engine, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> World:
    # Hypothesis runs the body many times with the same fixtures: build the world once.
    cached: World | None = getattr(request.node, "_hostile_world", None)
    if cached is None:
        services = make_services(engine, tmp_path_factory.mktemp("hostile"))
        cached = World(services, reach_every_state(engine, services))
        request.node._hostile_world = cached
        states = {(s.flow, s.step) for s in cached.snapshots}
        # The walk must really have reached the flows it is meant to cover.
        for flow in (
            "activity",
            "case",
            "case_update",
            "register",
            "meetings",
            "meetings.rsvp_reason",
            "meetings.attendance",
        ):
            assert any(f == flow for f, _ in states), (flow, sorted(map(str, states)))
    return cached


def test_the_walk_reaches_the_states_that_matter(team: Engine, tmp_path: Path) -> None:
    services = make_services(team, tmp_path)
    states = {(s.flow, s.step) for s in reach_every_state(team, services)}
    assert {("case", "nik_found"), ("case", "confirm"), ("activity", "edit_menu")} <= states
    assert {("case", "client_name"), ("case", "ppks"), ("capture", "await_text")} <= states
    assert ("register", "area") in states and ("case_update", "destination") in states
