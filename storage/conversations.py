"""Conversation state, one row per (channel, address), kept in the database."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session

from storage.models.messaging import ConversationState
from storage.upserts import built_once, insert_for


def load_state(*, session: Session, channel: str, address: str, now: datetime) -> ConversationState:
    """The conversation's state, locked for this transaction; an expired draft starts afresh."""
    # One statement finds or creates the row and locks it for this transaction, so concurrent
    # turns of one chat (an album's photos on several webhooks) queue on it instead of racing
    # to create it. The update on a conflict changes nothing; it is there to return the row.
    values = {"channel": channel, "address": address, "data": {}, "options": [], "updated_at": now}
    state = session.scalars(
        _find_or_create(session), [values], execution_options={"populate_existing": True}
    ).one()
    if state.expires_at is not None and state.expires_at <= now:
        reset_state(state)
        state.data = {"expired_draft": True}
    return state


@built_once
def _find_or_create(dialect: str) -> Any:
    table = ConversationState.__table__  # type: ignore[attr-defined]
    return (
        insert_for(dialect)(ConversationState)
        .on_conflict_do_update(
            index_elements=["channel", "address"], set_={"updated_at": table.c.updated_at}
        )
        .returning(ConversationState)
    )


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
