"""A claim returns what the send needs about its recipient, in the claiming statement."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, event
from sqlmodel import Session

from storage import outbox
from storage.db import transaction
from storage.models.messaging import Lane
from storage.models.people import Person
from storage.people import get_identity, touch_identity
from tests.factories import add_person, seed_area

NOW = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)
LINKED = "+6281234567001"  # wrote yesterday; their person reads English
STRANGER = "+6281234567002"  # wrote, belongs to no one
SILENT = "+6281234567003"  # never wrote; the row names its person


def set_locale(engine: Engine, person_id: int, locale: str) -> None:
    with transaction(engine) as session:
        person = session.get(Person, person_id)
        assert person is not None
        person.locale = locale
        session.add(person)


def test_each_claimed_row_carries_its_contacts_last_message_and_language(engine: Engine) -> None:
    seed_area(engine)
    linked = add_person(engine, LINKED)
    silent = add_person(engine, SILENT, name="Dedi")
    assert linked.id is not None and silent.id is not None
    set_locale(engine, linked.id, "en")
    set_locale(engine, silent.id, "en")
    with transaction(engine) as session:
        for phone, ago in ((LINKED, timedelta(days=1)), (STRANGER, timedelta(hours=2))):
            touch_identity(
                session=session,
                urn=f"whatsapp:{phone}",
                channel="whatsapp",
                address=phone,
                now=NOW - ago,
                phone=phone,
            )
        # Another channel's identity of the same address says nothing about this one.
        touch_identity(
            session=session, urn=f"sms:{SILENT}", channel="sms", address=SILENT, now=NOW, phone=None
        )
        for phone, person_id in ((LINKED, None), (STRANGER, None), (SILENT, silent.id)):
            outbox.enqueue(
                session=session,
                channel="whatsapp",
                address=phone,
                payload={"text": "Halo"},
                now=NOW,
                person_id=person_id,
            )
    with Session(engine) as session:
        identity = get_identity(session=session, urn=f"whatsapp:{LINKED}")
        assert identity is not None and identity.person_id == linked.id

    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        with transaction(engine) as session:
            claimed = outbox.claim(
                session=session,
                channel="whatsapp",
                lane=Lane.INTERACTIVE,
                holder="sender-1",
                now=NOW,
                limit=10,
                visibility=timedelta(seconds=45),
            )
    finally:
        event.remove(engine, "before_cursor_execute", count)

    recipients = {row.address: (row.last_inbound_at, row.locale) for row in claimed}
    assert recipients == {
        LINKED: (NOW - timedelta(days=1), "en"),
        STRANGER: (NOW - timedelta(hours=2), None),
        SILENT: (None, "en"),
    }
    assert sum("UPDATE" in statement.upper() for statement in statements) == 1
    assert not any(statement.lstrip().upper().startswith("SELECT") for statement in statements)
