"""The dispatcher: one inbound message becomes one database transaction.

Inside it: drop a duplicate, find the sender, load the conversation, run the handlers, put the
replies in the outbox. Records, state and replies of one message commit together or not at all.
When the handlers fail, none of it stays; a second transaction records the message and queues
an apology, so the draft waits as it was and a redelivery is a duplicate.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from bot.channels.registry import address_is_phone
from bot.metrics import Metrics
from handlers import router
from handlers.i18n import t
from handlers.inbound_text import clean_inbound
from handlers.messages import Inbound, Reply
from handlers.turn import HandlerConfig, Turn
from handlers.wiring import Wiring
from storage import outbox
from storage.addressing import latest_address
from storage.conversations import load_state, save_state
from storage.db import transaction
from storage.inbound import record_inbound
from storage.models.people import Identity, Person
from storage.people import link_alias, touch_identity
from storage.phones import InvalidPhone, normalise_phone

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DispatchResult:
    """What became of one inbound message."""

    duplicate: bool
    replies: int = 0


class Dispatcher:
    """Turns inbound messages into committed effects and queued replies."""

    def __init__(
        self,
        engine: Engine,
        config: HandlerConfig,
        *,
        wiring: Wiring,
        draft_ttl: timedelta,
        on_enqueued: Callable[[], None] | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self._engine = engine
        self._config = config
        self._wiring = wiring
        self._draft_ttl = draft_ttl
        self._on_enqueued = on_enqueued
        self._metrics = metrics

    def dispatch(self, inbound: Inbound) -> DispatchResult:
        """Handle one message exactly once (a repeat of its external id does nothing)."""
        inbound = clean_inbound(inbound)  # hostile text made harmless before anything reads it
        inbound = replace(inbound, address_is_phone=address_is_phone(inbound.channel))
        try:
            result = self._dispatch(inbound)
        except Exception:
            self._count(inbound, "error")
            raise
        self._count(inbound, "duplicate" if result.duplicate else "handled")
        return result

    def _count(self, inbound: Inbound, outcome: str) -> None:
        if self._metrics is not None:
            self._metrics.inbound.labels(inbound.channel, outcome).inc()

    def _dispatch(self, inbound: Inbound) -> DispatchResult:
        try:
            return self._turn(inbound)
        except _HandlersFailed:
            # Nothing of the turn stayed; the message is recorded all the same, so a platform
            # redelivering it finds a duplicate instead of failing again forever.
            log.exception("handlers failed on %s message %s", inbound.channel, inbound.kind)
            return self._apologise(inbound)

    def _turn(self, inbound: Inbound) -> DispatchResult:
        now = inbound.received_at
        with transaction(self._engine) as session:
            received = _receive(session, inbound)
            if received is None:
                return DispatchResult(duplicate=True)
            identity, person = received
            state = load_state(
                session=session, channel=inbound.channel, address=inbound.address, now=now
            )
            turn = Turn(
                session=session,
                inbound=inbound,
                now=now,
                identity=identity,
                person=person,
                state=state,
                config=self._config,
                forms=self._wiring.forms,
            )
            try:
                router.handle(turn, self._wiring)
            except OperationalError:
                raise  # the database itself (a lost connection, a deadlock): worth a redelivery
            except Exception as exc:
                raise _HandlersFailed from exc  # leaving the block undoes the turn's writes
            save_state(session=session, state=state, now=now, ttl=self._draft_ttl)
            queued = outbox.enqueue_all(
                session=session,
                messages=_addressed(session, inbound, person, turn.replies),
                now=now,
            )
        self._enqueued(queued)
        return DispatchResult(duplicate=False, replies=queued)

    def _apologise(self, inbound: Inbound) -> DispatchResult:
        """Record a message the handlers failed on and say sorry; the conversation stays."""
        with transaction(self._engine) as session:
            received = _receive(session, inbound)
            if received is None:
                return DispatchResult(duplicate=True)
            _identity, person = received
            sorry = Reply(text=t(person.locale if person else "id", "error.internal"))
            queued = outbox.enqueue_all(
                session=session,
                messages=_addressed(session, inbound, person, [sorry]),
                now=inbound.received_at,
            )
        self._enqueued(queued)
        return DispatchResult(duplicate=False, replies=queued)

    def _enqueued(self, queued: int) -> None:
        if queued and self._on_enqueued is not None:
            self._on_enqueued()


class _HandlersFailed(Exception):
    """The handlers raised: the turn's transaction is rolled back, the cause chained."""


def _receive(session: Session, inbound: Inbound) -> tuple[Identity, Person | None] | None:
    """Log the message and find its sender; None when it was received before (a duplicate)."""
    now = inbound.received_at
    fresh = record_inbound(
        session=session,
        channel=inbound.reply_channel,  # platform ids are unique per bot or number
        external_id=inbound.external_id,
        urn=inbound.urn,
        kind=inbound.kind,
        now=now,
    )
    if not fresh:
        log.info("duplicate %s message %s ignored", inbound.channel, inbound.external_id)
        return None
    identity = touch_identity(
        session=session,
        urn=inbound.urn,
        channel=inbound.channel,
        channel_key=inbound.channel_key,
        address=_private_address(inbound),
        now=now,
        phone=_phone_of(inbound),
        display_name=inbound.display_name,
    )
    if inbound.also_known_as:
        link_alias(session=session, identity=identity, urn=inbound.also_known_as, now=now)
    person = session.get(Person, identity.person_id) if identity.person_id else None
    return identity, person


def _addressed(
    session: Session, inbound: Inbound, person: Person | None, replies: list[Reply]
) -> list[outbox.NewMessage]:
    """Replies, each to its chat: the sender's, a named identity's or a person's."""
    messages = []
    for reply in replies:
        target = session.get(Identity, reply.to_identity_id) if reply.to_identity_id else None
        if target is not None:
            channel = target.channel_key or target.channel
            address, person_id = target.address, target.person_id
        elif reply.to_person_id is None:
            channel, address = inbound.reply_channel, inbound.address
            person_id = person.id if person else None
        else:
            reached = latest_address(session=session, person_id=reply.to_person_id)
            if reached is None:
                log.warning("person %s has no chat identity; notice not sent", reply.to_person_id)
                continue
            channel, address = reached.channel, reached.address
            person_id = reply.to_person_id
        messages.append(
            outbox.NewMessage(
                channel=channel,
                address=address,
                payload=reply.to_payload(),
                kind=reply.kind,
                person_id=person_id,
            )
        )
    return messages


def _private_address(inbound: Inbound) -> str:
    """Where messages meant for the sender alone go: never a group chat.

    In a group, the chat is the group's; the person's own chat is the one keyed by their user
    id (on Telegram a private chat's id is the user's id).
    """
    if inbound.is_group_chat:
        return inbound.urn.split(":", 1)[1]
    return inbound.address


def _phone_of(inbound: Inbound) -> str | None:
    """The sender's phone, where the channel's address is one (its declaration says)."""
    if not inbound.address_is_phone:
        return None
    try:
        return normalise_phone(inbound.address)
    except InvalidPhone:
        return None
