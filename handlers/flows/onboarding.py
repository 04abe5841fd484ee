"""Who may use the bot: roster recognition, contact share, registration requests, approval,
deactivation. Until a person is approved, no data is shown to them."""

from __future__ import annotations

from handlers import payloads
from handlers.flows import menu
from handlers.messages import Option
from handlers.options import match_option
from handlers.turn import Turn
from storage.channels import area_of
from storage.conversations import reset_state
from storage.models.people import Person, PersonStatus
from storage.models.regions import Region, RegionLevel
from storage.people import get_person_by_phone, link_identity
from storage.people_changes import Decision, decide_registration, pending_registrations
from storage.people_changes import set_active as change_active
from storage.people_management import COORDINATORS, Refusal, approvers_for, management_refusal
from storage.phones import InvalidPhone, normalise_phone
from storage.regions import find_regions_by_name, get_region

FLOW = "register"
# Requests listed at once under "Persetujuan" (each with its two buttons).
MAX_PENDING_SHOWN = 5


def phone_of(turn: Turn) -> str | None:
    """The sender's phone number, when the channel or a shared contact tells it."""
    if turn.state.data.get("phone"):
        return str(turn.state.data["phone"])
    if turn.inbound.address_is_phone:  # elsewhere (Telegram) it must be shared
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
    if turn.person is not None and turn.person.status == PersonStatus.PENDING:
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
    if person is not None and person.status == PersonStatus.APPROVED:
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
        # Only a kelurahan this conversation offered: a pressed payload can name any code.
        code = choice.split(":", 1)[1]
        region = get_region(session=turn.session, code=code)
        if (
            not payloads.was_offered(choice, turn.state.options)
            or region is None
            or region.level != RegionLevel.VILLAGE
        ):
            turn.say("register.area_not_offered", options=_offered(turn))
            return
    else:
        found = _villages_named(turn, text)
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


def _villages_named(turn: Turn, name: str) -> list[Region]:
    """Kelurahan of that name: first within the area of the bot or number written to (a
    province's own channel row), then anywhere."""
    session = turn.session
    within = area_of(session=session, key=turn.inbound.channel_key)
    if within:
        found = find_regions_by_name(
            session=session, name=name, level=RegionLevel.VILLAGE, within=within
        )
        if found:
            return found
    return find_regions_by_name(session=session, name=name, level=RegionLevel.VILLAGE)


def _offered(turn: Turn) -> list[Option]:
    """The kelurahan options still standing (to ask again after a wrong pick)."""
    return [Option(key, label) for key, label in turn.state.options if key.startswith("area:")]


def _submit(turn: Turn, area_code: str) -> None:
    data = turn.state.data
    phone = data.get("phone")
    person = get_person_by_phone(session=turn.session, phone=phone) if phone else None
    if person is None:
        person = Person(
            name=data["name"], phone=phone, area_code=area_code, status=PersonStatus.PENDING
        )
    else:
        person.name, person.area_code, person.status = data["name"], area_code, PersonStatus.PENDING
    turn.session.add(person)
    turn.session.flush()
    link_identity(session=turn.session, identity=turn.identity, person=person)
    reset_state(turn.state)
    region = get_region(session=turn.session, code=area_code)
    reached = 0
    for approver in approvers_for(session=turn.session, area_code=area_code):
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


def list_pending(turn: Turn) -> None:
    """ "Persetujuan": registration requests of the coordinator's area still waiting."""
    manager = turn.person
    assert manager is not None
    if manager.role not in COORDINATORS:
        turn.say("manage.only_coordinators")
        return
    pending = [
        person
        for person in pending_registrations(session=turn.session)
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
    """The manager outranks the person within their own area (an admin manages anyone)."""
    return management_refusal(manager, person) is None


def answer_request(turn: Turn, choice: str) -> None:
    """The TKSK approves or rejects a registration request (reg:approve:ID / reg:reject:ID)."""
    _, verdict, person_id = choice.split(":")  # the router checked the shape
    applicant = turn.session.get(Person, int(person_id))
    manager = turn.person
    assert manager is not None
    if applicant is None:
        turn.say("register.not_allowed")
        return
    decision = decide_registration(
        session=turn.session,
        manager=manager,
        applicant=applicant,
        approve=verdict == "approve",
        now=turn.now,
    )
    if decision is Decision.NOT_ALLOWED:
        turn.say("register.not_allowed")
        return
    if decision is Decision.ALREADY_DECIDED:
        turn.say("register.already_decided", name=applicant.name)
        return
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
    if person is None:
        turn.say("manage.not_found")
        return
    refusal = change_active(
        session=turn.session, manager=manager, person=person, active=active, now=turn.now
    )
    if refusal in (Refusal.OUT_OF_AREA, Refusal.NOT_COORDINATOR):
        turn.say("manage.not_found")
        return
    if refusal is not None:
        turn.say(f"manage.{refusal.value}", name=person.name)
        return
    turn.say("manage.activated" if active else "manage.deactivated", name=person.name)
