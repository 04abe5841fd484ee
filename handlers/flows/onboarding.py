"""Who may use the bot: roster recognition, contact share, registration requests, approval,
deactivation. Until a person is approved, no data is shown to them."""

from __future__ import annotations

from sqlmodel import col, select

from handlers.flows import menu
from handlers.messages import Option
from handlers.options import match_option
from handlers.turn import Turn
from storage.audit import audit
from storage.conversations import reset_state
from storage.models.people import Person, PersonRole
from storage.models.regions import RegionLevel
from storage.people import get_person_by_phone, link_identity
from storage.phones import InvalidPhone, normalise_phone
from storage.regions import find_regions_by_name, get_region, within

FLOW = "register"
COORDINATORS = (PersonRole.TKSK, PersonRole.DINSOS, PersonRole.ADMIN)
# Requests listed at once under "Persetujuan" (each with its two buttons).
MAX_PENDING_SHOWN = 5
# Channels where the address is the phone number; elsewhere (Telegram) it must be shared.
PHONE_CHANNELS = {"whatsapp", "sim"}


def phone_of(turn: Turn) -> str | None:
    """The sender's phone number, when the channel or a shared contact tells it."""
    if turn.state.data.get("phone"):
        return str(turn.state.data["phone"])
    if turn.inbound.channel in PHONE_CHANNELS:
        try:
            return normalise_phone(turn.inbound.address)
        except InvalidPhone:
            return None
    return None


def stranger(turn: Turn) -> None:
    """Someone not (yet) approved writes: recognise, ask for the contact, or offer to register."""
    inbound = turn.inbound
    if turn.state.flow == FLOW:
        register_step(turn)
        return
    if inbound.contact_phone:
        _contact_shared(turn)
        return
    if turn.person is not None and turn.person.status == "pending":
        turn.say("register.pending")
        return
    choice = inbound.choice or match_option(inbound.text, turn.state.options)
    if choice == "register:start":
        _start_registration(turn)
        return
    if phone_of(turn) is None:
        turn.say(
            "onboarding.share_contact",
            options=[Option("share_contact", turn.text("onboarding.share_button"))],
        )
        return
    turn.say("unknown_sender", options=[Option("register:start", turn.text("register.button"))])


def _contact_shared(turn: Turn) -> None:
    inbound = turn.inbound
    if not inbound.contact_is_own:
        turn.say(
            "onboarding.not_own_contact",
            options=[Option("share_contact", turn.text("onboarding.share_button"))],
        )
        return
    try:
        phone = normalise_phone(inbound.contact_phone or "")
    except InvalidPhone:
        turn.say("onboarding.bad_contact")
        return
    person = get_person_by_phone(session=turn.session, phone=phone)
    if person is not None and person.status == "approved":
        link_identity(session=turn.session, identity=turn.identity, person=person)
        turn.person = person
        if not person.active:
            turn.say("inactive_sender")
            return
        menu.greet(turn)
        return
    turn.state.data["phone"] = phone
    turn.say("unknown_sender", options=[Option("register:start", turn.text("register.button"))])


def _start_registration(turn: Turn) -> None:
    phone = phone_of(turn)
    reset_state(turn.state)
    turn.state.flow = FLOW
    turn.state.step = "name"
    turn.state.data = {"phone": phone}
    turn.say("register.ask_name")


def register_step(turn: Turn) -> None:
    """Name, then kelurahan; then the TKSK is asked to approve."""
    data = turn.state.data
    text = " ".join(turn.inbound.text.split())
    if turn.state.step == "name":
        if not 3 <= len(text) <= 80 or text.startswith("/"):
            turn.say("register.hint_name")
            return
        data["name"] = text
        turn.state.step = "area"
        turn.say("register.ask_area")
        return
    choice = turn.inbound.choice or match_option(text, turn.state.options)
    if choice and choice.startswith("area:"):
        code = choice.split(":", 1)[1]
    else:
        found = find_regions_by_name(session=turn.session, name=text, level=RegionLevel.VILLAGE)
        if not found:
            turn.say("register.unknown_area", area=text[:60])
            return
        if len(found) > 1:
            options = []
            for region in found[:8]:
                parent = get_region(session=turn.session, code=region.parent_code or "")
                options.append(
                    Option(
                        f"area:{region.code}", f"{region.name} ({parent.name if parent else '-'})"
                    )
                )
            turn.say("register.pick_area", options=options)
            return
        code = found[0].code
    _submit(turn, code)


def _submit(turn: Turn, area_code: str) -> None:
    data = turn.state.data
    phone = data.get("phone")
    person = get_person_by_phone(session=turn.session, phone=phone) if phone else None
    if person is None:
        person = Person(name=data["name"], phone=phone, area_code=area_code, status="pending")
    else:
        person.name, person.area_code, person.status = data["name"], area_code, "pending"
    turn.session.add(person)
    turn.session.flush()
    link_identity(session=turn.session, identity=turn.identity, person=person)
    reset_state(turn.state)
    region = get_region(session=turn.session, code=area_code)
    reached = 0
    for approver in _approvers(turn, area_code):
        delivered = turn.tell(
            approver,
            "register.request",
            name=person.name,
            area=region.name if region else area_code,
            number=person.id,
            phone=shown_phone(person.phone),
        )
        if delivered:
            reached += 1
            turn.replies[-1].options = [
                Option(f"reg:approve:{person.id}", turn.text("register.approve")),
                Option(f"reg:reject:{person.id}", turn.text("register.reject")),
            ]
    turn.say("register.submitted" if reached else "register.no_approver")


def shown_phone(phone: str | None) -> str:
    """A phone number as people write it (0812-3456-7890), for a coordinator's private chat.

    Approval requests only ever go to the approver's private chat (group chats get no
    personal data at all), so the number is shown whole for the coordinator to call.
    """
    if not phone:
        return "-"
    local = "0" + phone[3:] if phone.startswith("+62") else phone
    return f"{local[:4]}-{local[4:8]}-{local[8:]}".rstrip("-")


def _approvers(turn: Turn, area_code: str) -> list[Person]:
    """The TKSK of the kelurahan's kecamatan; failing that, Dinas Sosial and admins above it."""
    district = area_code.rsplit(".", 1)[0]
    regency = district.rsplit(".", 1)[0]
    for roles, areas in (
        ((PersonRole.TKSK,), (district,)),
        ((PersonRole.DINSOS, PersonRole.ADMIN), (regency, regency[:2])),
    ):
        found = list(
            turn.session.exec(
                select(Person).where(
                    col(Person.role).in_(roles),
                    col(Person.area_code).in_(areas),
                    col(Person.active).is_(True),
                    Person.status == "approved",
                )
            ).all()
        )
        if found:
            return found
    return []


def list_pending(turn: Turn) -> None:
    """ "Persetujuan": registration requests of the coordinator's area still waiting."""
    manager = turn.person
    assert manager is not None
    if manager.role not in COORDINATORS:
        turn.say("manage.only_coordinators")
        return
    pending = [
        person
        for person in turn.session.exec(
            select(Person).where(Person.status == "pending").order_by(col(Person.id))
        ).all()
        if may_manage(manager, person)
    ]
    if not pending:
        turn.say("register.none_pending")
        return
    lines = [turn.text("register.pending_title", count=len(pending))]
    options: list[Option] = []
    for person in pending[:MAX_PENDING_SHOWN]:
        region = get_region(session=turn.session, code=person.area_code)
        lines.append(
            turn.text(
                "register.pending_item",
                number=person.id,
                name=person.name,
                area=region.name if region else person.area_code,
                phone=shown_phone(person.phone),
            )
        )
        options += [
            Option(f"reg:approve:{person.id}", f"✅ {person.name}"),
            Option(f"reg:reject:{person.id}", f"❌ {person.name}"),
        ]
    turn.say_text("\n".join(lines), options=options)


def may_manage(manager: Person, person: Person) -> bool:
    """A coordinator manages the people of their own area."""
    return manager.role in COORDINATORS and (
        manager.role == PersonRole.ADMIN or within(person.area_code, manager.area_code)
    )


def answer_request(turn: Turn, choice: str) -> None:
    """The TKSK approves or rejects a registration request (reg:approve:ID / reg:reject:ID)."""
    _, verdict, person_id = choice.split(":")
    applicant = turn.session.get(Person, int(person_id))
    manager = turn.person
    assert manager is not None
    if applicant is None or not may_manage(manager, applicant):
        turn.say("register.not_allowed")
        return
    if applicant.status != "pending":
        turn.say("register.already_decided", name=applicant.name)
        return
    applicant.status = "approved" if verdict == "approve" else "rejected"
    if verdict == "approve":
        applicant.approved_at = turn.now
    turn.session.add(applicant)
    audit(
        session=turn.session,
        action=f"person.{verdict}",
        actor_id=manager.id,
        subject_type="person",
        subject_id=applicant.id,
    )
    turn.tell(
        applicant,
        "register.approved" if verdict == "approve" else "register.rejected",
        name=applicant.name,
    )
    turn.say("register.decided_" + verdict, name=applicant.name)


def set_active(turn: Turn, *, active: bool) -> None:
    """/nonaktifkan 0812… and /aktifkan 0812…: a coordinator (de)activates a PSM."""
    manager = turn.person
    assert manager is not None
    if manager.role not in COORDINATORS:
        turn.say("manage.only_coordinators")
        return
    parts = turn.inbound.text.split(maxsplit=1)
    try:
        phone = normalise_phone(parts[1] if len(parts) > 1 else "")
    except InvalidPhone:
        turn.say("manage.usage")
        return
    person = get_person_by_phone(session=turn.session, phone=phone)
    if person is None or not may_manage(manager, person):
        turn.say("manage.not_found")
        return
    person.active = active
    turn.session.add(person)
    audit(
        session=turn.session,
        action="person.activate" if active else "person.deactivate",
        actor_id=manager.id,
        subject_type="person",
        subject_id=person.id,
    )
    turn.say("manage.activated" if active else "manage.deactivated", name=person.name)
