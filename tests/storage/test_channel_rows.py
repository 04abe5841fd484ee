"""Channel rows: checked when added, and turning one off leaves no chat waiting on it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from storage import outbox
from storage.addressing import Address, latest_addresses
from storage.channels import (
    DISABLED_ERROR,
    ChannelRowError,
    add_channel,
    list_channels,
    set_enabled,
)
from storage.db import transaction
from storage.models.messaging import OutboxMessage, OutboxStatus
from storage.people import touch_identity
from tests.factories import add_person, seed_area

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
KINDS = {"telegram", "whatsapp", "sms", "sim"}


def add(engine: Engine, key: str = "wa-sulsel", **fields: object) -> None:
    values: dict[str, object] = {
        "type": "whatsapp",
        "name": "WhatsApp Sulsel",
        "env_prefix": "SULSEL",
        "known_types": KINDS,
        "now": NOW,
    }
    values.update(fields)
    with transaction(engine) as session:
        add_channel(session=session, key=key, **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("key", "fields", "problem"),
    [
        ("WA Sulsel", {}, "lower-case letters"),
        ("whatsapp", {}, "names the default channel"),
        ("wa-sulsel", {"type": "fax"}, "kind 'fax' is not one of"),
        ("wa-sulsel", {"env_prefix": "sulsel"}, "upper-case letters"),
        ("wa-sulsel", {"messages_per_second": 0.0}, "more than 0"),
    ],
)
def test_a_row_that_cannot_work_is_refused_with_the_reason(
    engine: Engine, key: str, fields: dict[str, object], problem: str
) -> None:
    with pytest.raises(ChannelRowError, match=problem):
        add(engine, key, **fields)
    with Session(engine) as session:
        assert list_channels(session=session) == []


def test_a_key_is_taken_once(engine: Engine) -> None:
    add(engine)
    with pytest.raises(ChannelRowError, match="already a channel 'wa-sulsel'"):
        add(engine, type="sms")


def test_turning_a_row_off_gives_up_what_it_had_to_send_and_reroutes_its_people(
    engine: Engine,
) -> None:
    seed_area(engine)
    andi = add_person(engine, "+6281234567002", "Andi Baso", area_code="73.71.09.1008")
    assert andi.id is not None
    add(engine)
    add(engine, "wa-sulbar", env_prefix="SULBAR")
    with transaction(engine) as session:
        touch_identity(
            session=session,
            urn="whatsapp:+6281234567002",
            channel="whatsapp",
            channel_key="wa-sulsel",
            address="+6281234567002",
            now=NOW,
            phone="+6281234567002",
        )
        for channel in ("wa-sulsel", "wa-sulbar", "whatsapp"):
            outbox.enqueue(
                session=session,
                channel=channel,
                address="+6281234567002",
                payload={"text": channel},
                now=NOW,
            )
    with Session(engine) as session:
        before = latest_addresses(session=session, person_ids=[andi.id])

    with transaction(engine) as session:
        given_up = set_enabled(session=session, key="wa-sulsel", enabled=False)
        missing = set_enabled(session=session, key="nope", enabled=False)
    with Session(engine) as session:
        after = latest_addresses(session=session, person_ids=[andi.id])
        rows = {
            row.channel: (row.status, row.last_error)
            for row in session.exec(select(OutboxMessage)).all()
        }
        on = [row.key for row in list_channels(session=session, enabled_only=True)]

    assert (given_up, missing) == (1, None)
    assert before == {andi.id: Address("wa-sulsel", "+6281234567002")}
    assert after == {andi.id: Address("whatsapp", "+6281234567002")}
    assert rows == {
        "wa-sulsel": (OutboxStatus.FAILED, DISABLED_ERROR),
        "wa-sulbar": (OutboxStatus.PENDING, None),
        "whatsapp": (OutboxStatus.PENDING, None),
    }
    assert on == ["wa-sulbar"]
