"""The people and the Telegram updates of `bench.inbound`."""

from __future__ import annotations

import time
from typing import Any

from sqlmodel import Session, select

from storage.db import make_engine
from storage.models.regions import Region
from tests.factories import AREA, add_person, seed_area
from tests.fakes.telegram_service import link_telegram

SECRET = "inbound-bench-secret"
FIRST_USER = 700_000
# A registered PSM's day: quick captures, their confirmations, a numbered answer.
TEXTS = [
    "kmrn dampingi penyaluran BPNT di balai RW 05, 32 KPM hadir",
    "Simpan",
    "td pagi sosialisasi PKH di masjid rw 7, 25 org",
    "1",
]


def seed_people(url: str, count: int) -> list[int]:
    """`count` PSMs with linked Telegram accounts; their user ids."""
    engine = make_engine(url)
    with Session(engine) as session:
        has_area = session.exec(select(Region.code).where(Region.code == AREA[0])).first()
    if has_area is None:
        seed_area(engine)
    users = [FIRST_USER + n for n in range(count)]
    for n, user in enumerate(users):
        person = add_person(engine, f"+62813{n:08d}", f"PSM {n}")
        link_telegram(engine, person, user)
    engine.dispose()
    return users


def update_for(users: list[int], n: int) -> dict[str, Any]:
    """The n-th update: users in turn, each going through TEXTS."""
    user = users[n % len(users)]
    text = TEXTS[(n // len(users)) % len(TEXTS)]
    person = {"id": user, "is_bot": False, "first_name": "PSM"}
    return {
        "update_id": n,
        "message": {
            "message_id": n,
            "date": int(time.time()),
            "chat": {"id": user, "type": "private", "first_name": "PSM"},
            "from": person,
            "text": text,
        },
    }
