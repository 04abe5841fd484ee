"""Telegram updates as the core's `Inbound` messages, with their photos downloaded."""

from __future__ import annotations

import asyncio
import logging
import mimetypes
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from telegram import Bot, CallbackQuery, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, NetworkError, TelegramError

from bot.media import MediaRejected, check_media, store_media
from handlers.messages import Inbound, InboundMedia, Location
from storage.phones import InvalidPhone, normalise_phone

log = logging.getLogger(__name__)

CHANNEL = "telegram"
# The update types the bot asks Telegram for (polling and webhook alike).
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
GROUP_TYPES = {ChatType.GROUP, ChatType.SUPERGROUP}
DOWNLOAD_ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class InboundContext:
    """What turning an update into an Inbound needs: the bot, the media folder, choices."""

    bot: Bot
    media_dir: Path
    bot_username: str | None
    # (chat id, callback data) -> option key; reads the outbox, so it runs off the event loop.
    resolve_choice: Callable[[str, str], Awaitable[str]]


def external_id_of(update: Update) -> str:
    """The id the inbound log dedupes on: the update id, then the chat and message ids."""
    # The update id makes a webhook retry or a polling restart a repeat. The chat and message
    # (or callback query) ids follow because Telegram may restart update ids at a random number
    # after a quiet week, and an old id must not swallow a new message.
    if update.callback_query is not None:
        return f"{update.update_id}:cb:{update.callback_query.id}"
    message = update.effective_message
    if message is not None:
        return f"{update.update_id}:{message.chat.id}:{message.message_id}"
    return str(update.update_id)


async def to_inbound(update: Update, context: InboundContext) -> Inbound | None:
    """The Inbound for an update, or None for updates the bot does not answer."""
    if update.callback_query is not None:
        return await _from_callback(update, update.callback_query, context)
    if update.edited_message is not None:
        return _from_edit(update, update.edited_message)
    if update.message is not None:
        return await _from_message(update, update.message, context)
    return None


def is_group(message: Message) -> bool:
    """The message is in a group or supergroup."""
    return message.chat.type in GROUP_TYPES


def _received_at(message: Message) -> datetime:
    """When Telegram got the message (a backlog keeps its own day), never later than now."""
    now = datetime.now(UTC)
    return min(message.date, now) if message.date else now


def _base(update: Update, message: Message, **fields: Any) -> Inbound:
    user = message.from_user
    assert user is not None
    return Inbound(
        channel=CHANNEL,
        address=str(message.chat.id),
        urn=f"{CHANNEL}:{user.id}",
        external_id=external_id_of(update),
        received_at=_received_at(message),
        display_name=user.full_name,
        is_group_chat=is_group(message),
        **fields,
    )


async def _from_message(
    update: Update, message: Message, context: InboundContext
) -> Inbound | None:
    user = message.from_user
    if user is None or user.is_bot or message.chat.type == ChatType.CHANNEL:
        return None
    text = message.text or message.caption or ""
    if is_group(message):
        # In groups only commands meant for this bot are answered, and never with personal
        # data (the core points registered users to the private chat).
        if not _is_command_for(text, context.bot_username):
            return None
        return _base(update, message, text=text)
    fields: dict[str, Any] = {"text": text, "group_id": message.media_group_id}
    when = _received_at(message)
    if message.photo:
        largest = message.photo[-1]
        fields.update(
            await _download(context, largest.file_id, largest.file_size, "image/jpeg", when)
        )
    elif message.document is not None:
        document = message.document
        content_type = (
            document.mime_type
            or mimetypes.guess_type(document.file_name or "")[0]
            or "application/octet-stream"
        )
        fields.update(
            await _download(context, document.file_id, document.file_size, content_type, when)
        )
    elif message.location is not None:
        fields["location"] = Location(message.location.latitude, message.location.longitude)
    elif message.contact is not None:
        fields["contact_phone"] = _contact_phone(message.contact.phone_number)
        fields["contact_is_own"] = message.contact.user_id == user.id
    elif (
        message.voice
        or message.audio
        or message.video
        or message.video_note
        or message.animation
        or message.sticker
    ):
        fields["rejected"] = "file_type"
    elif not text:
        return None  # service messages: pinned, chat photo changed, ...
    return _base(update, message, **fields)


def _from_edit(update: Update, message: Message) -> Inbound | None:
    """An edited message gets one polite notice; the core does not re-read it."""
    user = message.from_user
    if user is None or user.is_bot or message.chat.type != ChatType.PRIVATE:
        return None
    if message.location is not None:
        return None  # a live location moving arrives as edits; nothing to say to it
    return _base(update, message, text="", rejected="edited")


async def _from_callback(
    update: Update, query: CallbackQuery, context: InboundContext
) -> Inbound | None:
    message = query.message
    user = query.from_user
    chat_id = str(message.chat.id) if message is not None else str(user.id)
    group = message is not None and message.chat.type in GROUP_TYPES
    return Inbound(
        channel=CHANNEL,
        address=chat_id,
        urn=f"{CHANNEL}:{user.id}",
        external_id=external_id_of(update),
        received_at=datetime.now(UTC),
        choice=await context.resolve_choice(chat_id, query.data or ""),
        display_name=user.full_name,
        is_group_chat=group,
    )


async def _download(
    context: InboundContext,
    file_id: str,
    size: int | None,
    content_type: str,
    when: datetime,
) -> dict[str, Any]:
    """Fetch one file into MEDIA_DIR: {"media": (...)} or {"rejected": reason}."""
    try:
        check_media(content_type, size)  # before downloading: type, and the 20 MB limit
    except MediaRejected as refused:
        return {"rejected": refused.reason}
    data: bytes | None = None
    for attempt in range(DOWNLOAD_ATTEMPTS):
        try:
            telegram_file = await context.bot.get_file(file_id)
            data = bytes(await telegram_file.download_as_bytearray())
            break
        except BadRequest as exc:
            # "file is too big": the Bot API refuses downloads over 20 MB.
            reason = "too_large" if "too big" in str(exc).lower() else "download_failed"
            log.warning("telegram file %s not downloaded: %s", file_id, exc)
            return {"rejected": reason}
        except NetworkError as exc:  # timeouts and server errors: try again shortly
            log.warning("telegram file %s download attempt %d: %s", file_id, attempt + 1, exc)
            await asyncio.sleep(0.2 * 2**attempt)
        except TelegramError as exc:
            log.warning("telegram file %s not downloaded: %s", file_id, exc)
            break
    if data is None:
        return {"rejected": "download_failed"}
    try:
        media: InboundMedia = await asyncio.to_thread(
            store_media, context.media_dir, data, content_type, now=when
        )
    except MediaRejected as refused:
        return {"rejected": refused.reason}
    return {"media": (media,)}


def _is_command_for(text: str, bot_username: str | None) -> bool:
    """`/kasus` or `/kasus@this_bot`, but not `/kasus@another_bot` or plain chatter."""
    if not text.startswith("/") or len(text) < 2:
        return False
    command = text[1:].split(maxsplit=1)[0]
    if "@" not in command:
        return True
    addressee = command.split("@", 1)[1]
    return bot_username is not None and addressee.lower() == bot_username.lower()


def _contact_phone(raw: str) -> str:
    """A shared contact's number in E.164; Telegram gives it without the plus."""
    for candidate in (raw, "+" + raw.lstrip("+")):
        try:
            return normalise_phone(candidate)
        except InvalidPhone:
            continue
    return raw
