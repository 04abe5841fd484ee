"""The demo area behind a dashboard test: people by role, a photo on a case and an activity."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.app import Services
from bot.demo import seed_demo
from bot.web.app import create_web_app
from storage.dashboard_access import create_link
from storage.db import transaction
from storage.models.activities import Activity
from storage.models.cases import Case
from storage.models.media import Media
from storage.people import get_person_by_phone
from tests.factories import make_services

# The demo's people (bot/demo.py numbers them in this order).
ADMIN = "+6281200000001"
DINSOS = "+6281200000002"  # Kota Bandung
TKSK = "+6281200000003"  # Kec. Sukajadi
TKSK_SUKASARI = "+6281200000004"  # the neighbouring kecamatan
KETUA_CIPEDES = "+6281200000023"
KETUA_PASTEUR = "+6281200000029"
PSM_PASTEUR = "+6281200000030"
PASTEUR = "32.73.07.1001"
SUKAJADI = "32.73.07"
NIK = "3273014507540001"


def png(size: tuple[int, int] = (320, 240)) -> bytes:
    """A real PNG picture, a house under the sky (decodable, so thumbnails can be made)."""
    from PIL import Image, ImageDraw

    width, height = size
    image = Image.new("RGB", size, "#9fd3e8")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height * 2 // 3, width, height), fill="#6aa84f")
    body = (width // 3, height // 3, width * 2 // 3, height * 5 // 6)
    draw.rectangle(body, fill="#e8d5a9")
    draw.polygon(
        [(width // 4, height // 3), (width // 2, height // 8), (width * 3 // 4, height // 3)],
        fill="#a4332f",
    )
    draw.rectangle(
        (width * 11 // 24, height * 7 // 12, width * 13 // 24, height * 5 // 6), fill="#5b3a1e"
    )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@dataclass
class Demo:
    """The seeded service and the records the tests look at."""

    services: Services
    engine: Engine
    case_id: int  # a case of Kel. Pasteur, with a NIK and a photo
    activity_id: int  # an activity of Kel. Pasteur, with a photo
    case_photo: int
    activity_photo: int


def add_photo(engine: Engine, media_dir: Path, name: str, **owner: int) -> int:
    """Store a PNG under MEDIA_DIR for a case or an activity; its media id."""
    data = png()
    (media_dir / "photos").mkdir(parents=True, exist_ok=True)
    (media_dir / "photos" / name).write_bytes(data)
    with transaction(engine) as session:
        media = Media(
            sha256=name.ljust(64, "0")[:64],
            path=f"photos/{name}",
            content_type="image/png",
            size_bytes=len(data),
            **owner,
        )
        session.add(media)
        session.flush()
        return media.id or 0


def add_held_meeting(
    engine: Engine, area_code: str, starts_at: datetime, *, came: int, stayed_away: int
) -> int:
    """A meeting held in the area, its ketua PSM organising, PSM of the area invited."""
    from storage.models.meetings import Meeting, MeetingAttendance
    from storage.models.people import Person

    with transaction(engine) as session:
        people = session.exec(
            select(Person).where(Person.area_code == area_code).order_by(col(Person.id))
        ).all()
        meeting = Meeting(
            organiser_id=people[0].id or 0,
            area_code=area_code,
            title="Rapat rutin PSM",
            place="Aula kelurahan",
            starts_at=starts_at,
            status="held",
        )
        session.add(meeting)
        session.flush()
        for index, person in enumerate(people[1 : 1 + came + stayed_away]):
            session.add(
                MeetingAttendance(
                    meeting_id=meeting.id or 0, person_id=person.id or 0, attended=index < came
                )
            )
        return meeting.id or 0


def last_week_noon(zone: str = "Asia/Jakarta") -> datetime:
    """Tuesday 10:00 of last week, local time, as UTC."""
    from datetime import time, timedelta
    from zoneinfo import ZoneInfo

    today = datetime.now(ZoneInfo(zone)).date()
    tuesday = today - timedelta(days=today.weekday() + 6)
    return datetime.combine(tuesday, time(10), ZoneInfo(zone)).astimezone(UTC)


def seed(engine: Engine, tmp_path: Path, **settings: object) -> Demo:
    """The demo area seeded up to today, with a photo on one Pasteur case and one activity."""
    seed_demo(engine)
    add_held_meeting(engine, PASTEUR, last_week_noon(), came=3, stayed_away=2)
    services = make_services(engine, tmp_path, **settings)
    with transaction(engine) as session:
        case = session.exec(
            select(Case).where(Case.area_code == PASTEUR).order_by(col(Case.id))
        ).first()
        activity = session.exec(
            select(Activity).where(Activity.area_code == PASTEUR).order_by(col(Activity.id))
        ).first()
        assert case is not None and activity is not None
        case.nik = NIK
        session.add(case)
        case_id, activity_id = case.id or 0, activity.id or 0
    media_dir = services.settings.media_dir
    return Demo(
        services=services,
        engine=engine,
        case_id=case_id,
        activity_id=activity_id,
        case_photo=add_photo(engine, media_dir, "case.png", case_id=case_id),
        activity_photo=add_photo(engine, media_dir, "activity.png", activity_id=activity_id),
    )


def link_for(engine: Engine, phone: str, now: datetime | None = None) -> str:
    """A sign-in token for the person, made as the chat makes it."""
    with transaction(engine) as session:
        person = get_person_by_phone(session=session, phone=phone)
        assert person is not None
        return create_link(session=session, person=person, now=now or datetime.now(UTC))


@asynccontextmanager
async def browser(demo: Demo) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on the web app (cookies kept, like a browser)."""
    app = create_web_app(demo.services, start_services=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://psmbot.test") as client:
        yield client


async def sign_in(client: httpx.AsyncClient, engine: Engine, phone: str) -> None:
    """Open a sign-in link and press its button."""
    token = link_for(engine, phone)
    response = await client.post(f"/dasbor/masuk/{token}")
    assert response.status_code == 303, response.text


def csrf_of(html: str) -> str:
    """The CSRF token in a page's forms."""
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert found is not None, "no CSRF field on the page"
    return found.group(1)


def totals_on(html: str) -> dict[str, str]:
    """The overview's headline tiles: key -> the number shown."""
    return dict(re.findall(r'data-total="(\w+)">\s*<div class="value">([^<]+)</div>', html))


def session_rows(engine: Engine, phone: str) -> list[tuple[datetime | None]]:
    """Revocation times of the person's dashboard sessions."""
    from storage.models.dashboard import DashboardSession

    with Session(engine) as session:
        person = get_person_by_phone(session=session, phone=phone)
        assert person is not None
        return [
            (row.revoked_at,)
            for row in session.exec(
                select(DashboardSession).where(DashboardSession.person_id == person.id)
            ).all()
        ]
