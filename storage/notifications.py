"""Business-initiated messages to a person: addressed, keyed, and answerable by number."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from storage import outbox
from storage.addressing import Address, latest_address
from storage.models.messaging import ConversationState, OutboxMessage

log = logging.getLogger(__name__)

# Conversation-state key of the options of the last prompt sent while a draft was open.
PROMPT_OPTIONS = "prompt_options"


class Queued(StrEnum):
    """What became of one message to a person."""

    QUEUED = "queued"
    DUPLICATE = "duplicate"  # its key was queued before: a repeat run, nothing new
    NO_IDENTITY = "no_identity"  # the person has never chatted with the bot


def notify_person(
    *,
    session: Session,
    person_id: int,
    kind: str,
    text: str,
    now: datetime,
    idempotency_key: str,
    template_variables: dict[str, str],
    options: list[tuple[str, str]] | None = None,
    not_before: datetime | None = None,
    addresses: Mapping[int, Address] | None = None,
) -> Queued:
    """Queue a message on the person's most recently used chat identity.

    `template_variables` ("1", "2", ... -> text) let WhatsApp send it as an approved template
    outside the 24-hour window. Options offered are also stored as the conversation's current
    options, so that typing "1" answers them, unless the person is in the middle of a flow.
    A run that notifies many people passes `addresses` (`latest_addresses`, one query for all
    of them); without it the person's address is looked up here.
    """
    # Most runs repeat keys already queued (a daily check, a catch-up); look before inserting.
    queued_before = session.exec(
        select(OutboxMessage.id).where(OutboxMessage.idempotency_key == idempotency_key)
    ).first()
    if queued_before is not None:
        return Queued.DUPLICATE
    target = (
        addresses.get(person_id)
        if addresses is not None
        else latest_address(session=session, person_id=person_id)
    )
    if target is None:
        # Only ids in the log: the text may name a client (UU PDP keeps that out of logs).
        log.warning(
            "person %s has no chat identity; %s %s not sent", person_id, kind, idempotency_key
        )
        return Queued.NO_IDENTITY
    pairs = [[key, label] for key, label in options or []]
    row = outbox.enqueue(
        session=session,
        channel=target.channel,
        address=target.address,
        payload={
            "text": text,
            "options": pairs,
            "attachments": [],
            "template_variables": dict(template_variables),
        },
        now=now,
        kind=kind,
        person_id=person_id,
        idempotency_key=idempotency_key,
        not_before=not_before,
    )
    if row is None:
        return Queued.DUPLICATE
    if pairs:
        _offer_options(session=session, channel=target.channel, address=target.address, pairs=pairs)
    return Queued.QUEUED


def _offer_options(*, session: Session, channel: str, address: str, pairs: list[list[str]]) -> None:
    """Make typed numbers answer these options, unless a draft is in progress."""
    state = session.exec(
        select(ConversationState).where(
            ConversationState.channel == channel, ConversationState.address == address
        )
    ).first()
    if state is None:
        try:
            with session.begin_nested():
                session.add(ConversationState(channel=channel, address=address, options=pairs))
        except IntegrityError:  # the person's own message created it meanwhile; let it be
            pass
        return
    if state.flow is None:
        state.options = pairs
    else:
        # A draft keeps its question; the prompt's answers are kept aside so "sudah" typed
        # for the prompt still finds it (the router looks here after the draft's own options).
        state.data = {**state.data, PROMPT_OPTIONS: pairs}
    session.add(state)
