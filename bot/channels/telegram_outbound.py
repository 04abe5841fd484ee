"""Sending one outbox message to Telegram: text parts, keyboard, files, and what went wrong.

One outbox message can take several Telegram messages (a long text in parts, a report with its
PNG, PDF and XLSX). Parts already delivered are remembered, so a retry after a 429 or a server
error carries on where it stopped instead of sending the first parts again.

After a failure in a chat, later messages to that chat wait as well (they are answered RETRY
with the same delay), so a retried message is not overtaken by the one queued behind it.
"""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections import OrderedDict
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from telegram import Bot, InputFile, LinkPreviewOptions
from telegram import Message as TelegramMessage
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from bot.channels.base import SendResult, SendStatus
from bot.channels.telegram_buttons import Markup, markup_for
from bot.channels.telegram_limits import ChatLocks
from bot.channels.telegram_text import split_text
from handlers.messages import Attachment, OutboundMessage

log = logging.getLogger(__name__)

PHOTO_TYPES = {"image/png", "image/jpeg"}
# A message queued behind a failed one waits a little longer than it, to stay behind it.
FOLLOW_MARGIN_SECONDS = 0.05
MAX_REMEMBERED = 10_000


@dataclass(frozen=True, slots=True)
class _Part:
    """One Telegram message of an outbox message: a text part or a file."""

    text: str | None = None
    attachment: Attachment | None = None
    markup: Markup | None = None


@dataclass(slots=True)
class _Hold:
    """A chat that must not be sent to before `until` (monotonic seconds)."""

    until: float
    delay: float = 0.0  # the wait asked of the message that failed
    failures: int = 0


def plan(message: OutboundMessage) -> list[_Part]:
    """The Telegram messages for an outbox message; the keyboard goes on the last text part."""
    texts = split_text(message.text)
    parts = [_Part(text=text) for text in texts]
    parts += [_Part(attachment=attachment) for attachment in message.attachments]
    markup = markup_for(message.options)
    if parts and markup is not None:
        index = len(texts) - 1 if texts else len(parts) - 1
        parts[index] = _Part(parts[index].text, parts[index].attachment, markup)
    return parts


class TelegramOutbound:
    """Delivers outbox messages through a PTB bot and maps its errors to send results."""

    def __init__(
        self,
        bot: Bot,
        media_dir: Path,
        *,
        retry_base_seconds: float = 2.0,
        retry_max_seconds: float = 600.0,
    ) -> None:
        self._bot = bot
        self._media_dir = media_dir
        self._retry_base = retry_base_seconds
        self._retry_max = retry_max_seconds
        # outbox id -> (parts delivered, id of the message that carries the keyboard)
        self._progress: OrderedDict[int, tuple[int, int | None]] = OrderedDict()
        self._holds: dict[str, _Hold] = {}
        self._chat_locks = ChatLocks()

    async def send(self, message: OutboundMessage) -> SendResult:
        """Deliver every part not yet delivered; one result for the whole message."""
        # One message at a time per chat, first come first served, even when two sender passes
        # overlap: the earlier row, waiting for its slot, is not overtaken by a later one.
        async with self._chat_locks.turn(message.address):
            return await self._send(message)

    async def _send(self, message: OutboundMessage) -> SendResult:
        chat = message.address
        hold = self._holds.get(chat)
        if hold is not None and hold.until > time.monotonic():
            # The whole delay, not what is left of it: this row is recorded after the one it
            # waits for, so it falls due after it and the two go out in their order.
            return SendResult(
                SendStatus.RETRY,
                retry_after=hold.delay + FOLLOW_MARGIN_SECONDS,
                error="an earlier message to this chat is waiting",
            )
        parts = plan(message)
        if not parts:
            return SendResult(SendStatus.FAILED, error="nothing to send")
        done, keyboard_id = self._progress.get(message.outbox_id, (0, None))
        last_id: int | None = None
        try:
            for index in range(done, len(parts)):
                sent = await self._send_part(_chat_id(chat), parts[index])
                last_id = sent.message_id
                if parts[index].markup is not None:
                    keyboard_id = sent.message_id
                self._remember(message.outbox_id, index + 1, keyboard_id)
        except RetryAfter as exc:
            delay = retry_after_seconds(exc)
            self._hold(chat, delay, failed=False)
            return SendResult(SendStatus.RETRY, retry_after=delay, error=str(exc))
        except Forbidden as exc:  # the user blocked the bot, or it was removed from the group
            return self._final(message, SendStatus.UNDELIVERABLE, exc)
        except ChatMigrated as exc:
            return self._final(message, SendStatus.FAILED, exc)
        except BadRequest as exc:  # chat not found, a file Telegram refuses, ...
            return self._final(message, SendStatus.FAILED, exc)
        except (NetworkError, InvalidToken) as exc:  # timeouts, 5xx, a token being replaced
            delay = self._hold(chat, None, failed=True)
            return SendResult(SendStatus.RETRY, retry_after=delay, error=str(exc) or repr(exc))
        except TelegramError as exc:
            return self._final(message, SendStatus.FAILED, exc)
        except OSError as exc:  # an attachment missing from MEDIA_DIR
            return self._final(message, SendStatus.FAILED, exc)
        self._holds.pop(chat, None)
        self._progress.pop(message.outbox_id, None)
        # The message with the keyboard is the one a button press will point back to.
        delivered = keyboard_id if keyboard_id is not None else last_id
        return SendResult(SendStatus.SENT, external_id=str(delivered))

    async def _send_part(self, chat_id: int | str, part: _Part) -> TelegramMessage:
        if part.attachment is None:
            return await self._bot.send_message(
                chat_id,
                part.text or "",
                reply_markup=part.markup,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        attachment = part.attachment
        data = await asyncio.to_thread((self._media_dir / attachment.path).read_bytes)
        upload = InputFile(data, filename=attachment.filename)
        if attachment.content_type in PHOTO_TYPES:
            return await self._bot.send_photo(chat_id, upload, reply_markup=part.markup)
        return await self._bot.send_document(chat_id, upload, reply_markup=part.markup)

    def _hold(self, chat: str, seconds: float | None, *, failed: bool) -> float:
        """Stop sending to a chat for a while; without `seconds`, back off exponentially."""
        hold = self._holds.setdefault(chat, _Hold(until=0.0))
        if failed:
            hold.failures += 1
        if seconds is None:
            seconds = min(self._retry_base * 2 ** (hold.failures - 1), self._retry_max)
        hold.until, hold.delay = time.monotonic() + seconds, seconds
        return seconds

    def _remember(self, outbox_id: int, done: int, keyboard_id: int | None) -> None:
        self._progress[outbox_id] = (done, keyboard_id)
        self._progress.move_to_end(outbox_id)
        while len(self._progress) > MAX_REMEMBERED:
            self._progress.popitem(last=False)

    def _final(self, message: OutboundMessage, status: SendStatus, exc: Exception) -> SendResult:
        self._progress.pop(message.outbox_id, None)
        self._holds.pop(message.address, None)
        return SendResult(status, error=str(exc) or repr(exc))


def _chat_id(address: str) -> int | str:
    try:
        return int(address)
    except ValueError:
        return address  # an @channelusername


def retry_after_seconds(exc: RetryAfter) -> float:
    """The wait Telegram asked for, in seconds."""
    with warnings.catch_warnings():
        # PTB 22 is moving `retry_after` from int to timedelta; either is fine here.
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
