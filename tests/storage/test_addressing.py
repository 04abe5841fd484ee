"""A message the service starts goes to the chat the person wrote from last."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from storage.addressing import Address, latest_address, latest_addresses
from storage.db import transaction
from storage.people import touch_identity
from tests.factories import add_person, seed_area

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_a_person_is_reached_where_they_wrote_last(engine: Engine) -> None:
    seed_area(engine)
    siti = add_person(engine, "+6281200000001")
    budi = add_person(engine, "+6281200000002", name="Budi")
    nobody = add_person(engine, "+6281200000003", name="Dewi")
    assert siti.id is not None and budi.id is not None and nobody.id is not None
    written = [
        ("whatsapp", "+6281200000001", NOW - timedelta(days=2)),
        ("sim", "+6281200000001", NOW),  # Siti wrote from the simulator last
        ("whatsapp", "+6281200000002", NOW - timedelta(days=1)),
    ]
    with transaction(engine) as session:
        for channel, phone, when in written:
            touch_identity(
                session=session,
                urn=f"{channel}:{phone}",
                channel=channel,
                address=phone,
                now=when,
                phone=phone,
            )

    with transaction(engine) as session:
        assert latest_address(session=session, person_id=siti.id) == Address(
            "sim", "+6281200000001"
        )
        assert latest_address(session=session, person_id=nobody.id) is None
        assert latest_addresses(session=session, person_ids=[siti.id, budi.id, nobody.id]) == {
            siti.id: Address("sim", "+6281200000001"),
            budi.id: Address("whatsapp", "+6281200000002"),
        }
        assert latest_addresses(session=session, person_ids=[]) == {}
