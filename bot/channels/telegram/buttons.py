"""Reply options as Telegram keyboards, and a pressed button back to its option key.

Telegram carries at most 64 bytes of callback data. A key that fits is the data itself; a longer
key travels as a hash token, and the key is found again in the outbox row that offered it (the
options are in its payload), so any process can resolve a press without a table of its own.
"""

from __future__ import annotations

import base64
import hashlib

from sqlmodel import Session, col, select
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from handlers.messages import Option
from storage.models.messaging import OutboxMessage

CALLBACK_DATA_BYTES = 64
TOKEN_PREFIX = "#o:"
# The onboarding question asks for the phone number through Telegram's own contact button.
SHARE_CONTACT = "share_contact"
# How far back in a chat's outbox a pressed token is looked for.
RESOLVE_LOOKBACK = 200

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup


def callback_data_for(key: str) -> str:
    """The callback data for an option key: the key, or a token when it is too long."""
    if len(key.encode()) <= CALLBACK_DATA_BYTES and not key.startswith(TOKEN_PREFIX):
        return key
    digest = hashlib.sha256(key.encode()).digest()[:18]
    return TOKEN_PREFIX + base64.urlsafe_b64encode(digest).decode()


def markup_for(options: tuple[Option, ...]) -> Markup | None:
    """Buttons for the options: one per row, inline; the contact question as a reply keyboard."""
    if not options:
        return None
    if any(option.key == SHARE_CONTACT for option in options):
        # Only a reply keyboard can ask for the contact; the other options ride along as text
        # buttons, which come back as their label and are matched like a typed answer.
        rows = [
            [KeyboardButton(option.label, request_contact=option.key == SHARE_CONTACT)]
            for option in options
        ]
        return ReplyKeyboardMarkup(rows, one_time_keyboard=True, resize_keyboard=True)
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(option.label, callback_data=callback_data_for(option.key))]
            for option in options
        ]
    )


def resolve_callback(
    *, session: Session, chat_id: str, data: str, channel: str = "telegram"
) -> str:
    """The option key behind pressed callback data (the data itself when it is no token);
    `channel` is the bot's outbox key (a channel row's, for one of several bots)."""
    if not data.startswith(TOKEN_PREFIX):
        return data
    rows = session.exec(
        select(OutboxMessage.payload)
        .where(OutboxMessage.channel == channel, OutboxMessage.address == chat_id)
        .order_by(col(OutboxMessage.id).desc())
        .limit(RESOLVE_LOOKBACK)
    ).all()
    for payload in rows:
        for key, _label in payload.get("options", []):
            if callback_data_for(key) == data:
                return str(key)
    return data
