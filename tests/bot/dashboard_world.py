"""The week of Kec. Sukajadi seen from the dashboard: one signed-in browser per coordinator.

Adds to `tests.reports.week`: a TKSK of the neighbouring Kec. Sukasari, an admin of
the province, two pending registrations (one in Pasteur, one in Sarijadi next door) and a
meeting a few days from now.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import Engine
from starlette.applications import Starlette

from storage.dashboard_access import create_link
from storage.db import transaction
from storage.models.meetings import Meeting, MeetingAttendance
from storage.models.people import Identity, Person, PersonRole
from tests.reports.week import KECAMATAN, PASTEUR, SARIJADI, Week, build_week

NEIGHBOUR = "32.73.01"  # Kec. Sukasari, where Sarijadi lies
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class World:
    """Who is who, and the ids the tests ask for."""

    week: Week
    ids: dict[str, int]


def build_world(engine: Engine) -> World:
    """The week, plus the people and the meeting the dashboard tests need."""
    week = build_week(engine)
    ids = {key: person.id or 0 for key, person in week.people.items()}
    now = datetime.now(UTC)
    with transaction(engine) as session:

        def person(
            key: str, name: str, phone: str, role: PersonRole, area: str, **extra: str
        ) -> None:
            row = Person(name=name, phone=phone, role=role, area_code=area, **extra)
            session.add(row)
            session.flush()
            ids[key] = row.id or 0

        person("wawan", "Wawan Sukasari", "+6281377770001", PersonRole.TKSK, NEIGHBOUR)
        person("admin", "Admin Provinsi", "+6281377770002", PersonRole.ADMIN, "32")
        person(
            "rina", "Rina Pendaftar", "+6281377770003", PersonRole.PSM, PASTEUR, status="pending"
        )
        person(
            "tono", "Tono Pendaftar", "+6281377770004", PersonRole.PSM, SARIJADI, status="pending"
        )
        session.add(
            Identity(
                urn="sim:+6281377770003",
                channel="sim",
                address="+6281377770003",
                person_id=ids["rina"],
            )
        )
        coming = Meeting(
            organiser_id=ids["tksk"],
            area_code=KECAMATAN,
            title="Rapat koordinasi bulan depan",
            place="Kantor Kecamatan",
            starts_at=now + timedelta(days=3),
        )
        session.add(coming)
        session.flush()
        for key, answer in (("siti", "hadir"), ("euis", "izin"), ("asep", "tidak")):
            session.add(
                MeetingAttendance(meeting_id=coming.id or 0, person_id=ids[key], rsvp=answer)
            )
        ids["coming"] = coming.id or 0
    return World(week, ids)


def sign_in_token(engine: Engine, person_id: int) -> str:
    """A one-time sign-in link's token, as the chat would send it."""
    with transaction(engine) as session:
        person = session.get(Person, person_id)
        assert person is not None
        return create_link(session=session, person=person, now=datetime.now(UTC))


@asynccontextmanager
async def browser(
    app: Starlette, engine: Engine, person_id: int | None
) -> AsyncIterator[httpx.AsyncClient]:
    """A client signed in as the person (through the one-time link), or not at all."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        if person_id is not None:
            token = sign_in_token(engine, person_id)
            await client.post(f"/dasbor/masuk/{token}")
        yield client


async def csrf_of(client: httpx.AsyncClient, page: str = "/dasbor/roster") -> str:
    """The CSRF token the page's forms carry."""
    found = CSRF.search((await client.get(page)).text)
    assert found is not None, "no form on the page"
    return found.group(1)
