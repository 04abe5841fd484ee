"""A WhatsApp username account (no phone number) linked to its person on the roster.

Such a sender arrives with a business-scoped user id. They type the phone number they are
registered with; the TKSK of that person's kecamatan confirms the link with one tap (as with a
registration), since anyone could type any number. Until then nothing of the roster is shown.
"""

from __future__ import annotations

from handlers.flows import onboarding
from handlers.messages import Option, Reply
from handlers.options import match_option
from handlers.turn import Turn
from storage.audit import audit
from storage.conversations import reset_state
from storage.models.people import Identity, Person, PersonStatus
from storage.people import get_person_by_phone, link_identity
from storage.people_management import approvers_for
from storage.phones import InvalidPhone, is_business_scoped_id, mask_phone, normalise_phone
from storage.regions import display_name, get_region

FLOW = "link"
PREFIX = "link:"


def is_username_sender(turn: Turn) -> bool:
    """The sender hides their number: the address is a user id, not a phone."""
    return turn.inbound.channel == "whatsapp" and is_business_scoped_id(turn.inbound.address)


def stranger(turn: Turn) -> None:
    """An unlinked username account writes: ask for the registered number, or wait for the TKSK."""
    choice = turn.inbound.choice or match_option(turn.inbound.text, turn.state.options)
    if choice == "register:start" or turn.state.flow == onboarding.FLOW:
        onboarding.stranger(turn)  # registration, with the number they typed
        return
    if turn.identity.claimed_person_id is not None:
        turn.say("link.pending")
        return
    if turn.state.flow == FLOW:
        _read_phone(turn)
        return
    reset_state(turn.state)
    turn.state.flow, turn.state.step = FLOW, "phone"
    turn.say("link.ask_phone")


def _read_phone(turn: Turn) -> None:
    try:
        phone = normalise_phone(turn.inbound.text)
    except InvalidPhone:
        turn.say("link.bad_phone")
        return
    person = get_person_by_phone(session=turn.session, phone=phone)
    if person is None or person.status != PersonStatus.APPROVED:
        reset_state(turn.state)
        turn.state.data["phone"] = phone
        turn.say(
            "link.unknown_phone",
            phone=mask_phone(phone),
            options=[Option("register:start", turn.text("register.button"))],
        )
        return
    approvers = approvers_for(
        session=turn.session, area_code=person.area_code, exclude_id=person.id
    )
    reset_state(turn.state)
    if not approvers:
        turn.say("link.no_approver")
        return
    turn.identity.claimed_person_id = person.id
    turn.session.add(turn.identity)
    region = get_region(session=turn.session, code=person.area_code)
    for approver in approvers:
        turn.tell(
            approver,
            "link.request",
            profile=turn.inbound.display_name or "-",
            name=person.name,
            phone=mask_phone(phone),
            area=display_name(region) if region is not None else person.area_code,
        )
        turn.replies[-1].options = [
            Option(f"{PREFIX}approve:{turn.identity.id}", turn.text("link.approve")),
            Option(f"{PREFIX}reject:{turn.identity.id}", turn.text("link.reject")),
        ]
    turn.say("link.submitted", name=person.name)


def answer_request(turn: Turn, choice: str) -> None:
    """The TKSK confirms or refuses a link (link:approve:IDENTITY / link:reject:IDENTITY)."""
    parts = choice.split(":")
    manager = turn.person
    assert manager is not None
    valid = len(parts) == 3 and parts[1] in {"approve", "reject"} and parts[2].isdigit()
    identity = turn.session.get(Identity, int(parts[2])) if valid else None
    claimed = (
        turn.session.get(Person, identity.claimed_person_id)
        if identity is not None and identity.claimed_person_id is not None
        else None
    )
    if identity is None or claimed is None:
        turn.say("link.already_decided")
        return
    if not onboarding.may_manage(manager, claimed):
        turn.say("register.not_allowed")
        return
    approved = parts[1] == "approve"
    identity.claimed_person_id = None
    if approved:
        link_identity(session=turn.session, identity=identity, person=claimed)
    turn.session.add(identity)
    audit(
        session=turn.session,
        action="identity.link" if approved else "identity.link_refused",
        actor_id=manager.id,
        subject_type="person",
        subject_id=claimed.id,
        detail={"channel": identity.channel},
    )
    key = "link.approved" if approved else "link.rejected"
    # Straight to that account: it is the one waiting, whatever else the person uses.
    turn.replies.append(
        Reply(text=turn.text(key, name=claimed.name), to_identity_id=identity.id, kind="notice")
    )
    turn.say("link.decided_approve" if approved else "link.decided_reject", name=claimed.name)
