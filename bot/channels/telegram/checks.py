"""Updates of a shape the bot cannot read, found before they reach the dispatcher."""

from __future__ import annotations

from telegram import Update

from handlers.messages import Inbound


class UnreadableUpdate(ValueError):
    """An update of a shape the bot cannot read: answered, logged, never retried."""


def shape_problem(update: Update) -> str | None:
    """What makes an update unreadable (a message without a chat, a press without a sender)."""
    query = update.callback_query
    if query is not None:
        if query.from_user is None or not isinstance(query.from_user.id, int):
            return "callback query without a sender"
        if not isinstance(query.id, str) or not isinstance(query.data, str | None):
            return "callback query with fields of the wrong type"
        message = query.message
        if message is not None and not isinstance(getattr(message.chat, "id", None), int):
            return "callback query on a message without a chat"
        return None
    for message in (update.message, update.edited_message):
        if message is None:
            continue
        chat = getattr(message, "chat", None)
        if chat is None or not isinstance(chat.id, int):
            return "message without a chat"
        user = message.from_user
        if user is not None and not isinstance(user.id, int):
            return "message from a sender without an id"
    return None


def typed_problem(inbound: Inbound) -> str | None:
    """A field of the normalised message that is not the text it must be."""
    for name in ("address", "urn", "external_id", "text"):
        if not isinstance(getattr(inbound, name), str):
            return f"{name} is not text"
    for name in ("choice", "display_name", "group_id", "contact_phone"):
        value = getattr(inbound, name)
        if value is not None and not isinstance(value, str):
            return f"{name} is not text"
    return None
