"""Sending one outbox message to Telegram: text parts, keyboard, files, and what went wrong.

One outbox message can take several Telegram messages (a long text in parts, a report with its
PNG, PDF and XLSX). Each delivered part is recorded in the outbox row before the next one goes,
so a retry, in this process or another, carries on where it stopped.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
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
    TimedOut,
)

from bot.channels.base import RecordPart, SendResult, SendStatus
from bot.channels.telegram.buttons import Markup, markup_for
from bot.channels.telegram.limits import SendKind
from bot.channels.telegram.text import MESSAGE_LIMIT
from bot.channels.text_parts import split_text
from bot.sending.limiter import SendLimiter
from handlers.messages import Attachment, OutboundMessage

log = logging.getLogger(__name__)

PHOTO_TYPES = {"image/png", "image/jpeg"}


@dataclass(frozen=True, slots=True)
class _Part:
    """One Telegram message of an outbox message: a text part or a file."""

    text: str | None = None
    attachment: Attachment | None = None
    markup: Markup | None = None


def plan(message: OutboundMessage) -> list[_Part]:
    """The Telegram messages for an outbox message; the keyboard goes on the last text part."""
    texts = split_text(message.text, MESSAGE_LIMIT)
    parts = [_Part(text=text) for text in texts]
    parts += [_Part(attachment=attachment) for attachment in message.attachments]
    markup = markup_for(message.options)
    if parts and markup is not None:
        index = len(texts) - 1 if texts else len(parts) - 1
        parts[index] = _Part(parts[index].text, parts[index].attachment, markup)
    return parts


class TelegramOutbound:
    """Delivers outbox messages through a PTB bot and maps its errors to send results."""

    def __init__(self, bot: Bot, media_dir: Path, limiter: SendLimiter) -> None:
        self._bot = bot
        self._media_dir = media_dir
        self._limiter = limiter

    async def send(self, message: OutboundMessage, record_part: RecordPart) -> SendResult:
        """Deliver every part not yet delivered; one result for the whole message."""
        chat = message.address
        parts = plan(message)
        if not parts:
            return SendResult(SendStatus.FAILED, error="nothing to send")
        ids = list(message.parts_sent)
        kind = SendKind(outbox=True, urgent=message.urgent)
        try:
            for index in range(len(ids), len(parts)):
                sent = await self._send_part(_chat_id(chat), parts[index], kind)
                ids.append(str(sent.message_id))
                if index < len(parts) - 1:
                    await record_part(ids[-1])
        except RetryAfter as exc:
            delay = retry_after_seconds(exc)
            self._limiter.block(chat, delay)
            return SendResult(
                SendStatus.RETRY, retry_after=delay, error=str(exc), rate_limited=True
            )
        except Forbidden as exc:  # the user blocked the bot, or it was removed from the group
            return SendResult(SendStatus.UNDELIVERABLE, error=_describe(exc))
        except (ChatMigrated, BadRequest) as exc:  # chat not found, a file Telegram refuses
            return SendResult(SendStatus.FAILED, error=_describe(exc))
        except TimedOut as exc:
            # Refused before it left (no connection, pool full): repeat soon. Timed out while
            # out: Telegram may have delivered it, so it is not repeated at once.
            sent_out = not isinstance(exc.__cause__, (httpx.ConnectTimeout, httpx.PoolTimeout))
            if "Pool timeout" in str(exc):
                sent_out = False
            return SendResult(SendStatus.RETRY, error=_describe(exc), ambiguous=sent_out)
        except (NetworkError, InvalidToken) as exc:  # 5xx, connection refused, a token replaced
            return SendResult(SendStatus.RETRY, error=_describe(exc))
        except TelegramError as exc:
            return SendResult(SendStatus.FAILED, error=_describe(exc))
        except OSError as exc:  # an attachment missing from MEDIA_DIR
            return SendResult(SendStatus.FAILED, error=_describe(exc))
        # The message with the keyboard is the one a button press will point back to.
        keyboard = next((i for i, part in enumerate(parts) if part.markup is not None), None)
        return SendResult(SendStatus.SENT, external_id=ids[-1 if keyboard is None else keyboard])

    async def _send_part(self, chat_id: int | str, part: _Part, kind: SendKind) -> TelegramMessage:
        if part.attachment is None:
            return await self._bot.send_message(
                chat_id,
                part.text or "",
                reply_markup=part.markup,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                rate_limit_args=kind,  # type: ignore[call-arg]
            )
        attachment = part.attachment
        data = await asyncio.to_thread((self._media_dir / attachment.path).read_bytes)
        upload = InputFile(data, filename=attachment.filename)
        if attachment.content_type in PHOTO_TYPES:
            return await self._bot.send_photo(
                chat_id,
                upload,
                reply_markup=part.markup,
                rate_limit_args=kind,  # type: ignore[call-arg]
            )
        return await self._bot.send_document(
            chat_id,
            upload,
            reply_markup=part.markup,
            rate_limit_args=kind,  # type: ignore[call-arg]
        )


def _chat_id(address: str) -> int | str:
    try:
        return int(address)
    except ValueError:
        return address  # an @channelusername


def _describe(exc: Exception) -> str:
    return str(exc) or repr(exc)


def retry_after_seconds(exc: RetryAfter) -> float:
    """The wait Telegram asked for, in seconds."""
    with warnings.catch_warnings():
        # PTB 22 is moving `retry_after` from int to timedelta; either is fine here.
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
