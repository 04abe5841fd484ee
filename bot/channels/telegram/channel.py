"""The Telegram channel: python-telegram-bot as transport, the core's dispatcher as the brain.

Updates come by long polling (`TELEGRAM_MODE=polling`, no public address needed) or by webhook
(`webhook`: Telegram posts to `/telegram/webhook` with a secret header). Either way each update
becomes an `Inbound` and goes to the dispatcher; replies leave through the outbox and `send`.
PTB's `Application` and `ConversationHandler` are not used: conversation state lives in the
database, so any process can take any update. In polling mode only the process holding the
`poller:telegram` lease (`poller:<key>` for a channel row) polls; the others wait to take over.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import Engine
from sqlmodel import Session
from telegram import CallbackQuery, Update
from telegram.error import (
    BadRequest,
    InvalidToken,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bot.channels.base import RecordPart, SendResult, SendStatus
from bot.channels.telegram.buttons import resolve_callback
from bot.channels.telegram.checks import UnreadableUpdate, shape_problem, typed_problem
from bot.channels.telegram.inbound import (
    ALLOWED_UPDATES,
    CHANNEL,
    InboundContext,
    external_id_of,
    to_inbound,
)
from bot.channels.telegram.limits import ChatLocks, PtbRateLimiter, SendKind, answer_hook
from bot.channels.telegram.options import TelegramOptions, valid_secret
from bot.channels.telegram.outbound import TelegramOutbound, retry_after_seconds
from bot.channels.telegram.text import MESSAGE_LIMIT
from bot.channels.text_parts import utf16_len
from bot.leases import LeaseKeeper, process_holder
from handlers.inbound_text import clean_external_id
from handlers.messages import OutboundMessage
from storage.db import reading
from storage.inbound import already_received

if TYPE_CHECKING:
    from bot.dispatcher import Dispatcher

log = logging.getLogger(__name__)

# An update that keeps failing is given up after this many tries, so it cannot block the rest.
MAX_UPDATE_ATTEMPTS = 5


class TelegramChannel:
    """Receives Telegram updates (polling or webhook) and sends outbox messages."""

    code: ClassVar[str] = CHANNEL
    exclusive: ClassVar[bool] = True

    def __init__(
        self,
        *,
        token: str,
        api_base_url: str,
        engine: Engine,
        dispatcher: Dispatcher,
        media_dir: Path,
        options: TelegramOptions | None = None,
        key: str | None = None,
    ) -> None:
        self.options = options or TelegramOptions()
        # A channel row's key when this is one of several bots; None for the environment's.
        self.key = key
        if self.options.mode == "webhook" and not valid_secret(self.options.webhook_secret):
            raise ValueError(
                "TELEGRAM_MODE=webhook needs TELEGRAM_WEBHOOK_SECRET: 1-256 of A-Z a-z 0-9 _ -"
            )
        base = api_base_url.rstrip("/")
        connect = self.options.connect_timeout_seconds
        send = self.options.send_timeout_seconds
        self.max_in_flight = self.options.max_in_flight
        self.limiter = self.options.limits.limiter()
        self.bot: ExtBot[SendKind] = ExtBot(
            token,
            base_url=f"{base}/bot",
            base_file_url=f"{base}/file/bot",
            request=HTTPXRequest(
                connection_pool_size=self.max_in_flight + 16,
                connect_timeout=connect,
                read_timeout=send,
                write_timeout=send,
                pool_timeout=connect,
                # The limiter dates a send by its answer's first bytes, not its parsed body.
                httpx_kwargs={"event_hooks": {"response": [answer_hook(self.limiter)]}},
            ),
            # Long polling holds the connection for poll_timeout; PTB adds it to read_timeout.
            get_updates_request=HTTPXRequest(connect_timeout=connect, read_timeout=connect),
            rate_limiter=PtbRateLimiter(self.limiter),
        )
        self._engine = engine
        self._dispatcher = dispatcher
        self._media_dir = media_dir
        self._outbound = TelegramOutbound(self.bot, media_dir, self.limiter)
        self._connected = False
        self._task: asyncio.Task[None] | None = None
        self._chat_locks = ChatLocks()
        self._failures: dict[int, int] = {}

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Connect (getMe, then set or delete the webhook); poll in the background if polling."""
        try:
            await self._connect()
        except TelegramError as exc:
            log.warning("Telegram not reachable at start (%s); retrying in the background", exc)
        self._task = asyncio.create_task(self._run(), name="telegram")

    async def stop(self) -> None:
        """Stop polling and close the HTTP clients (the webhook stays set for the next start)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        with contextlib.suppress(TelegramError):
            await self.bot.shutdown()
        self._connected = False

    async def _connect(self) -> None:
        await self.bot.initialize()
        if self.options.mode == "webhook":
            assert self.options.webhook_url and self.options.webhook_secret
            await self.bot.set_webhook(
                self.options.webhook_url,
                secret_token=self.options.webhook_secret,
                allowed_updates=ALLOWED_UPDATES,
            )
        else:
            # getUpdates is refused while a webhook is set (e.g. after switching modes).
            await self.bot.delete_webhook()
        self._connected = True
        log.info("Telegram bot @%s connected (%s)", self.bot.username, self.options.mode)

    async def _run(self) -> None:
        delay = 1.0
        while not self._connected:
            await asyncio.sleep(delay)
            try:
                await self._connect()
            except (InvalidToken, BadRequest) as exc:  # a setting to fix, not a hiccup to wait out
                log.error("Telegram refused the settings (%s); no updates will arrive", exc)
                return
            except TelegramError as exc:
                log.warning("Telegram still not reachable: %s", exc)
                delay = min(delay * 2, 60.0)
        if self.options.mode == "polling":
            await self._poll_while_holding_the_lease()

    async def _poll_while_holding_the_lease(self) -> None:
        """Only one process may poll a bot: the one holding the poller lease."""
        keeper = LeaseKeeper(
            self._engine,
            f"poller:{self.key or CHANNEL}",
            process_holder("poller"),
            ttl_seconds=self.options.poll_lease_seconds,
        )
        keeping = asyncio.create_task(keeper.keep(), name="telegram-poller-lease")
        try:
            while True:
                await keeper.wait_held()
                log.info("polling Telegram for updates (this process holds the poller lease)")
                await self._poll(keeper.valid)
                log.warning("poller lease lost; another process polls Telegram now")
        finally:
            keeping.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeping
            await asyncio.to_thread(keeper.release)

    async def _poll(self, may_poll: Callable[[], bool] = lambda: True) -> None:
        """Long-poll getUpdates; the offset moves past an update only once it is handled."""
        offset: int | None = None
        delay = 1.0
        while may_poll():
            try:
                updates = await self.bot.get_updates(
                    offset=offset,
                    timeout=self.options.poll_timeout_seconds,
                    allowed_updates=ALLOWED_UPDATES,
                )
            except TimedOut:
                continue
            except RetryAfter as exc:
                await asyncio.sleep(retry_after_seconds(exc))
                continue
            except InvalidToken:
                log.error("TELEGRAM_BOT_TOKEN was refused by Telegram; polling stopped")
                return
            except TelegramError as exc:  # network trouble, or a webhook set by someone else
                log.warning("getUpdates failed: %s", exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 60.0)
                continue
            delay = 1.0
            for update in updates:
                if not await self._handle_polled(update):
                    await asyncio.sleep(delay)
                    break
                offset = update.update_id + 1

    async def _handle_polled(self, update: Update) -> bool:
        """Handle one polled update; False to fetch it again later (it failed, not for good)."""
        try:
            await self.process(update)
        except UnreadableUpdate as exc:
            log.warning("Telegram update %s dropped: %s", update.update_id, exc)
        except Exception:
            tries = self._failures.get(update.update_id, 0) + 1
            self._failures[update.update_id] = tries
            log.exception("Telegram update %s failed (try %d)", update.update_id, tries)
            if tries < MAX_UPDATE_ATTEMPTS:
                return False
            log.error("Telegram update %s given up", update.update_id)
        self._failures.pop(update.update_id, None)
        return True

    # -- receiving ---------------------------------------------------------------------------

    def secret_matches(self, header: str | None) -> bool:
        """The webhook request carries our secret token (compared in constant time)."""
        secret = self.options.webhook_secret
        if not header or not secret:
            return False
        return hmac.compare_digest(header.encode(), secret.encode())

    async def process_json(self, data: dict[str, Any]) -> None:
        """Handle one update posted to the webhook; UnreadableUpdate when it makes no sense."""
        try:
            update = Update.de_json(data, self.bot)
        except Exception as exc:  # the library's parsing fails in many ways on a wrong shape
            raise UnreadableUpdate(f"not an update: {type(exc).__name__}") from exc
        await self.process(update)

    async def process(self, update: Update) -> None:
        """One update: normalise it and dispatch it, one at a time per chat."""
        problem = shape_problem(update)
        if problem is not None:
            raise UnreadableUpdate(problem)
        chat = update.effective_chat
        user = update.effective_user
        key = str(chat.id if chat else user.id if user else update.update_id)
        # One update at a time per chat: an album's photos must join one draft, in order.
        async with self._chat_locks.turn(key):
            query = update.callback_query
            if query is not None:
                await self._answer(query)  # always, so the button stops spinning
            # Cleaned as the dispatcher will store it, so the repeat check looks for that id.
            external_id = clean_external_id(external_id_of(update))
            # A pressed button or a file is looked up first (to skip re-resolving the choice
            # or the download); a plain message goes straight to the dispatcher, whose inbound
            # log drops a repeat in the same statement that records it.
            message = update.effective_message
            look_first = query is not None or (
                message is not None and message.effective_attachment is not None
            )
            if look_first and await asyncio.to_thread(self._already_handled, external_id):
                # A webhook retry or a polling restart; skip even the media download.
                log.info("duplicate Telegram update %s ignored", external_id)
                return
            try:
                inbound = await to_inbound(update, self._inbound_context())
            except (AttributeError, TypeError, ValueError) as exc:
                # The library takes any JSON type for a field (a text that is an object, data
                # that is a number); reading such an update fails here, before any effect.
                raise UnreadableUpdate(f"fields of the wrong type ({exc})") from exc
            if inbound is None:
                return
            inbound = replace(inbound, channel_key=self.key)
            problem = typed_problem(inbound)
            if problem is not None:
                raise UnreadableUpdate(problem)
            result = await asyncio.to_thread(self._dispatcher.dispatch, inbound)
            if query is not None and not result.duplicate:
                await self._show_choice(query)

    def _inbound_context(self) -> InboundContext:
        return InboundContext(
            bot=self.bot,
            media_dir=self._media_dir,
            bot_username=self.bot.username if self._connected else None,
            resolve_choice=self._resolve_choice,
        )

    async def _resolve_choice(self, chat_id: str, data: str) -> str:
        def resolve() -> str:
            with Session(self._engine) as session:
                return resolve_callback(
                    session=session, chat_id=chat_id, data=data, channel=self.key or CHANNEL
                )

        return await asyncio.to_thread(resolve)

    def _already_handled(self, external_id: str) -> bool:
        with reading(self._engine) as session:
            return already_received(
                session=session, channel=self.key or CHANNEL, external_id=external_id
            )

    async def _answer(self, query: CallbackQuery) -> None:
        try:
            await query.answer()
        except TelegramError as exc:  # too old, or already answered by an earlier delivery
            log.info("callback query %s not answered: %s", query.id, exc)

    async def _show_choice(self, query: CallbackQuery) -> None:
        """Mark the pressed button's label under the question and take the buttons away."""
        message = query.message
        if message is None or not message.is_accessible:
            return
        chat_id, message_id = message.chat.id, message.message_id
        label = _label_of(query)
        text = getattr(message, "text", None)
        # Labels carry their own emoji (✅ Simpan, ❌ Batal); a plain marker goes before them.
        marked = f"{text}\n\n» {label}"
        try:
            if text and label and utf16_len(marked) <= MESSAGE_LIMIT:
                await self.bot.edit_message_text(marked, chat_id=chat_id, message_id=message_id)
            else:
                await self.bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id)
        except TelegramError as exc:  # too old, not modified, flood: the answer stands anyway
            log.info("buttons of message %s left as they were: %s", message_id, exc)

    # -- sending -----------------------------------------------------------------------------

    async def send(self, message: OutboundMessage, record_part: RecordPart) -> SendResult:
        """Deliver one outbox message within Telegram's limits."""
        try:
            await self.bot.initialize()  # returns at once when already connected
        except TelegramError as exc:
            return SendResult(SendStatus.RETRY, error=f"Telegram not reachable: {exc}")
        return await self._outbound.send(message, record_part)

    def recorded(self, message: OutboundMessage, result: SendResult) -> None:
        """Nothing to do once an outcome is stored."""


def _label_of(query: CallbackQuery) -> str | None:
    message = query.message
    markup = getattr(message, "reply_markup", None)
    for row in getattr(markup, "inline_keyboard", ()):
        for button in row:
            if button.callback_data == query.data:
                return str(button.text)
    return None
