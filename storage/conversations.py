"""Conversation state, one row per (channel, address), kept in the database."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session, select

from storage.db import insert_missing
from storage.models.messaging import ConversationState


def load_state(*, session: Session, channel: str, address: str, now: datetime) -> ConversationState:
    """The conversation's state, locked for this transaction; an expired draft starts afresh."""
    query = select(ConversationState).where(
        ConversationState.channel == channel, ConversationState.address == address
    )
    if session.get_bind().dialect.name == "postgresql":
        # The row exists before it is locked, so concurrent turns of one chat (an album's
        # photos on several webhooks) queue on it instead of racing to create it.
        insert_missing(
            session=session,
            model=ConversationState,
            values={
                "channel": channel,
                "address": address,
                "data": {},
                "options": [],
                "updated_at": now,
            },
            unique=["channel", "address"],
        )
        query = query.with_for_update()
    state = session.exec(query).first()
    if state is None:
        state = ConversationState(channel=channel, address=address)
        session.add(state)
        session.flush()
    elif state.expires_at is not None and state.expires_at <= now:
        reset_state(state)
        state.data = {"expired_draft": True}
    return state


def reset_state(state: ConversationState) -> None:
    """Leave any flow: no draft, no options."""
    state.flow = None
    state.step = None
    state.data = {}
    state.options = []
    state.expires_at = None


def save_state(
    *, session: Session, state: ConversationState, now: datetime, ttl: timedelta
) -> None:
    """Store the state; a draft in progress expires `ttl` after the last message."""
    state.updated_at = now
    state.expires_at = now + ttl if state.flow else None
    # Handlers change the JSON in place (nested lists and dicts), which the ORM cannot see.
    flag_modified(state, "data")
    flag_modified(state, "options")
    session.add(state)
