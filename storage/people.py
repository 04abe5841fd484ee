"""People and their chat identities."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from storage.models.people import Identity, Person, PersonStatus
from storage.phones import InvalidPhone, is_business_scoped_id, normalise_phone
from storage.types import utcnow
from storage.upserts import built_once, insert_for


def get_person_by_phone(*, session: Session, phone: str) -> Person | None:
    """The person registered with this E.164 number."""
    return session.exec(select(Person).where(Person.phone == phone)).first()


def get_identity(*, session: Session, urn: str) -> Identity | None:
    """The identity with this URN."""
    return session.exec(select(Identity).where(Identity.urn == urn)).first()


def is_approved_sender(*, session: Session, channel: str, address: str) -> bool:
    """The address belongs to an active, approved person (by phone, or a linked user id)."""
    if is_business_scoped_id(address):  # a username account: by its linked identity
        identity = get_identity(session=session, urn=f"{channel}:{address}")
        person_id = identity.person_id if identity is not None else None
        person = session.get(Person, person_id) if person_id else None
    else:
        try:
            phone = normalise_phone(address)
        except InvalidPhone:
            return False
        person = get_person_by_phone(session=session, phone=phone)
    return person is not None and person.active and person.status == PersonStatus.APPROVED


def identities_of(*, session: Session, person_id: int) -> list[Identity]:
    """Every chat identity of a person, most recently active first."""
    rows = session.exec(select(Identity).where(Identity.person_id == person_id)).all()
    return sorted(rows, key=lambda i: i.last_inbound_at or i.created_at, reverse=True)


def touch_identity(
    *,
    session: Session,
    urn: str,
    channel: str,
    address: str,
    now: datetime,
    phone: str | None,
    display_name: str | None = None,
    channel_key: str | None = None,
) -> Identity:
    """Find or create the identity behind an inbound message and record its last contact.

    Channels that give the phone number (WhatsApp, the simulator) are linked to the person
    registered with it; Telegram identities are linked when the user shares their contact.
    """
    # One statement finds or creates the row, records the contact and locks the row for the
    # turn; concurrent first messages of one sender meet on the unique URN.
    values = {
        "urn": urn,
        "channel": channel,
        "channel_key": channel_key,
        "address": address,
        "display_name": display_name or None,
        "created_at": now,
        "last_inbound_at": now,
    }
    identity = session.scalars(
        _touch(session), [values], execution_options={"populate_existing": True}
    ).one()
    if identity.person_id is None and phone:
        person = get_person_by_phone(session=session, phone=phone)
        if person is not None:
            identity.person_id = person.id
            session.add(identity)
            session.flush()
    return identity


@built_once
def _touch(dialect: str) -> Any:
    table = Identity.__table__  # type: ignore[attr-defined]
    insert = insert_for(dialect)(Identity)
    return insert.on_conflict_do_update(
        index_elements=["urn"],
        set_={
            "address": insert.excluded.address,
            # Replies and later messages leave through the bot or number it wrote to last.
            "channel_key": insert.excluded.channel_key,
            "last_inbound_at": insert.excluded.last_inbound_at,
            "display_name": func.coalesce(insert.excluded.display_name, table.c.display_name),
        },
    ).returning(Identity)


def link_alias(*, session: Session, identity: Identity, urn: str, now: datetime) -> None:
    """Record a second URN of the same sender (a WhatsApp user id beside the phone).

    Both then identify the same person: whichever is linked lends its person to the other.
    """
    alias = get_identity(session=session, urn=urn)
    if alias is None:
        channel, address = urn.split(":", 1)
        alias = Identity(urn=urn, channel=channel, address=address, created_at=now)
    if identity.person_id is None and alias.person_id is not None:
        identity.person_id = alias.person_id
        session.add(identity)
    elif alias.person_id is None:
        alias.person_id = identity.person_id
    session.add(alias)
    session.flush()


def link_identity(*, session: Session, identity: Identity, person: Person) -> None:
    """Attach an identity to a person (e.g. after a Telegram contact share)."""
    identity.person_id = person.id
    session.add(identity)


def upsert_person(
    *,
    session: Session,
    phone: str,
    name: str,
    role: str,
    area_code: str,
) -> tuple[Person, bool]:
    """Create or update the person with this phone; returns (person, created)."""
    person = get_person_by_phone(session=session, phone=phone)
    created = person is None
    if person is None:
        person = Person(phone=phone, name=name, role=role, area_code=area_code)  # type: ignore[arg-type]
    else:
        person.name, person.area_code = name, area_code
        person.role = role  # type: ignore[assignment]
        person.updated_at = utcnow()
    session.add(person)
    session.flush()
    return person, created
