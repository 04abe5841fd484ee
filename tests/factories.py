"""Small builders for test data and a scripted chat through the simulator channel."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from bot.app import Services, build_services
from bot.channels.registry import CHANNEL_TYPES
from bot.settings import Settings
from handlers.messages import Inbound, InboundMedia, Location
from storage.channels import add_channel
from storage.db import transaction
from storage.models.people import Person, PersonRole
from storage.outbox_views import messages_for
from storage.people import upsert_person
from storage.region_list import official_subset
from storage.region_sync import insert_regions

# Official areas enough for the tests: Kel. Pasteur and Cipedes of Kec. Sukajadi, Kota Bandung
# (WIB), and Kel. Pandang of Kec. Panakkukang, Kota Makassar (WITA).
AREA = ["32.73.07.1001", "32.73.07.1002", "73.71.09.1008"]


def seed_area(engine: Engine) -> None:
    """The official regions of AREA and the areas above them."""
    with transaction(engine) as session:
        insert_regions(session=session, records=official_subset(AREA))


def add_person(
    engine: Engine,
    phone: str,
    name: str = "Siti Aminah",
    role: PersonRole = PersonRole.PSM,
    area_code: str = "32.73.07.1001",
) -> Person:
    """Register a person (the area must exist)."""
    with transaction(engine) as session:
        person, _ = upsert_person(
            session=session, phone=phone, name=name, role=role, area_code=area_code
        )
        return person


def add_channel_row(
    engine: Engine, key: str, kind: str, *, env_prefix: str = "SULSEL", **fields: object
) -> None:
    """A channel row (another bot or number of `kind`), its settings under `env_prefix`."""
    with transaction(engine) as session:
        add_channel(
            session=session,
            key=key,
            type=kind,
            name=str(fields.pop("name", key)),
            env_prefix=env_prefix,
            known_types={channel_type.code for channel_type in CHANNEL_TYPES},
            now=datetime.now(UTC),
            **fields,  # type: ignore[arg-type]
        )


def test_settings(tmp_path: Path, **overrides: object) -> Settings:
    """Settings for a test: no .env, media under tmp_path."""
    values: dict[str, object] = {
        "environment": "test",
        "media_dir": tmp_path / "media",
        "database_url": "sqlite://",
        # Tests that want the scheduler turn it on and drive its clock themselves.
        "scheduler_enabled": False,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def make_services(engine: Engine, tmp_path: Path, **overrides: object) -> Services:
    """The assembled service on a test database."""
    return build_services(test_settings(tmp_path, **overrides), engine=engine)


@dataclass
class Said:
    """A message the bot sent, as the simulator shows it."""

    text: str
    options: list[list[str]]

    def option_labels(self) -> list[str]:
        """The labels of the options offered."""
        return [label for _, label in self.options]


class SimChat:
    """A person chatting through the simulator channel; returns what the bot answered."""

    def __init__(self, services: Services, phone: str) -> None:
        self.services = services
        self.phone = phone
        self.cursor = 0

    async def send(
        self,
        text: str = "",
        *,
        choice: str | None = None,
        media: tuple[InboundMedia, ...] = (),
        location: Location | None = None,
        external_id: str | None = None,
        at: datetime | None = None,
        group_id: str | None = None,
    ) -> list[Said]:
        """Send one message, let the sender deliver, return the new replies."""
        inbound = Inbound(
            channel="sim",
            address=self.phone,
            urn=f"sim:{self.phone}",
            external_id=external_id or uuid.uuid4().hex,
            received_at=at or datetime.now(UTC),
            text=text,
            choice=choice,
            media=media,
            location=location,
            group_id=group_id,
        )
        self.services.dispatcher.dispatch(inbound)
        await self.services.deliver()
        return self.new_messages()

    def new_messages(self) -> list[Said]:
        """Messages delivered since the last look."""
        with Session(self.services.engine) as session:
            rows = messages_for(
                session=session, channel="sim", address=self.phone, after_id=self.cursor
            )
        if rows:
            self.cursor = max(row.id or 0 for row in rows)
        return [Said(r.payload.get("text", ""), r.payload.get("options", [])) for r in rows]
