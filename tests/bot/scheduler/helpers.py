"""Builders for scheduler tests: people in Makassar (WITA), a scheduler on a given clock."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.scheduler import Scheduler, SchedulerConfig
from bot.sending.sender import OutboxSender
from storage import outbox
from storage.db import transaction
from storage.models.messaging import OutboxMessage
from storage.models.people import Person, PersonRole
from storage.people import identities_of, touch_identity
from tests.factories import SimChat, add_person, make_services, seed_area

WITA = "Asia/Makassar"
PANDANG = "73.71.09.1008"  # Kel. Pandang, Kec. Panakkukang, Kota Makassar
PANAKKUKANG = "73.71.09"
KETUA = "+6281300000001"
PSM_A = "+6281300000002"
PSM_B = "+6281300000003"
PSM_OFFLINE = "+6281300000004"
TKSK = "+6281300000005"


def local(text: str, zone: str = WITA) -> datetime:
    """`2026-12-07 09:00` in a zone, as an aware datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


def reachable(engine: Engine, phone: str) -> None:
    """Give a person a chat identity on the simulator channel, as if they had written once."""
    with transaction(engine) as session:
        touch_identity(
            session=session,
            urn=f"sim:{phone}",
            channel="sim",
            address=phone,
            now=local("2026-11-01 08:00"),
            phone=phone,
        )


def makassar_team(engine: Engine) -> dict[str, Person]:
    """A ketua PSM, two reachable PSM, one PSM who never chatted, and their TKSK."""
    seed_area(engine)
    people = {
        "ketua": add_person(engine, KETUA, "Andi Ketua", PersonRole.KETUA_PSM, PANDANG),
        "a": add_person(engine, PSM_A, "Besse Rahma", PersonRole.PSM, PANDANG),
        "b": add_person(engine, PSM_B, "Caco Amir", PersonRole.PSM, PANDANG),
        "offline": add_person(engine, PSM_OFFLINE, "Daeng Offline", PersonRole.PSM, PANDANG),
        "tksk": add_person(engine, TKSK, "Evi TKSK", PersonRole.TKSK, PANAKKUKANG),
    }
    for phone in (KETUA, PSM_A, PSM_B, TKSK):
        reachable(engine, phone)
    return people


@dataclass
class FakeReports:
    """Stands in for `queue_period_report`: records each call and queues one row per key."""

    calls: list[dict[str, Any]] = field(default_factory=list)

    def __call__(
        self,
        *,
        session: Session,
        person: Person,
        area_code: str,
        period: str,
        start: date,
        now: datetime,
        idempotency_key: str,
        not_before: datetime | None = None,
    ) -> bool:
        self.calls.append(
            {"person": person.id, "area": area_code, "period": period, "start": start}
        )
        assert person.id is not None
        target = identities_of(session=session, person_id=person.id)[0]
        row = outbox.enqueue(
            session=session,
            channel=target.channel,
            address=target.address,
            payload={"text": f"Laporan {period} {start}", "template_variables": {"1": "x"}},
            now=now,
            kind=f"{period}_report",
            person_id=person.id,
            idempotency_key=idempotency_key,
            not_before=not_before,
        )
        return row is not None


def make_scheduler(
    engine: Engine,
    tmp_path: Path,
    *,
    holder: str = "instance-a",
    reports: FakeReports | None = None,
    **config: Any,
) -> Scheduler:
    """A scheduler on the test database; its clock is whatever each call is given."""
    return Scheduler(
        engine,
        SchedulerConfig(media_dir=str(tmp_path / "media"), **config),
        report_queuer=reports or FakeReports(),
        holder=holder,
    )


def take_over(scheduler: Scheduler, *, guard_seconds: float = 60.0) -> None:
    """Wait on the wall clock until `scheduler` gets the lease a dead instance left behind.

    The guard only stops a hang: the lease lapses after its own length, however loaded the
    machine is.
    """
    deadline = time.monotonic() + guard_seconds
    while not scheduler.try_acquire():
        assert time.monotonic() < deadline, "the dead instance's lease never lapsed"
        time.sleep(0.2)


def rows(engine: Engine, kind: str | None = None) -> list[OutboxMessage]:
    """Outbox rows, oldest first, of one kind when given."""
    with Session(engine) as session:
        query = select(OutboxMessage).order_by(col(OutboxMessage.id))
        if kind is not None:
            query = query.where(OutboxMessage.kind == kind)
        return list(session.exec(query).all())


class Clock:
    """A clock the test sets; the outbox sender reads it instead of the wall clock."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def chat_at(engine: Engine, tmp_path: Path, phone: str, clock: Clock) -> SimChat:
    """A simulator chat whose sender runs on `clock`, so messages dated then are delivered."""
    services = make_services(engine, tmp_path)
    services.sender = OutboxSender(engine, services.adapters, clock=clock)
    return SimChat(services, phone)
