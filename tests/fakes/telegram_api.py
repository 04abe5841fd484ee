"""A fake Telegram Bot API on 127.0.0.1, spoken to by the real PTB client over real HTTP.

It implements the methods the bot uses, records what the bot sent, keeps Telegram's flood
limits (1 message/s per private chat, 20/min per group, 30/s overall: a send beyond them is
answered 429 with `retry_after`, and counted), and can be told to answer the next calls with a
429, a 500, or a stall that runs into the client's timeout. One server per bot token runs per
test session, in a thread of its own; the `fake_telegram` fixture gives each test a clean one.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.fakes.telegram_http import ApiError, serve_in_thread
from tests.fakes.telegram_objects import BOT_USER, Sent

TOKEN = "123456:TEST-fake-token"
SEND_METHODS = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageReplyMarkup"}
)
DOWNLOAD_LIMIT = 20 * 1024 * 1024


@dataclass
class FakeLimits:
    """The flood limits the fake enforces (Telegram's by default)."""

    per_chat_seconds: float = 1.0
    per_group: int = 20
    per_group_seconds: float = 60.0
    overall: int = 30
    overall_seconds: float = 1.0
    # Requests arrive a few milliseconds after the client decided to send them.
    tolerance_seconds: float = 0.01


@dataclass
class _Fault:
    kind: str  # "429", "500", "stall"
    remaining: int
    methods: frozenset[str]
    retry_after: int = 1
    stall_seconds: float = 1.0
    skip: int = 0  # matching calls let through before the fault starts
    chat_id: int | None = None  # only calls to this chat, when given


class FakeTelegram:
    """The fake server's state and the controls tests use."""

    token = TOKEN
    bot_user = BOT_USER

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self.port = 0
        # Ids keep rising across tests, as Telegram's do: no client left over confirms (drops) ours.
        self._ids = itertools.count(1000)
        self._update_ids = itertools.count(5000)
        self._generation = 0
        self.reset()

    # -- controls ----------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """What TELEGRAM_API_BASE_URL is set to."""
        return f"http://127.0.0.1:{self.port}"

    def reset(self, limits: FakeLimits | None = None) -> None:
        """Forget everything: updates, files, records, faults, limits."""
        with self._lock:
            self.limits = limits or FakeLimits()
            self.updates: list[dict[str, Any]] = []
            self.files: dict[str, tuple[bytes | None, int, str]] = {}
            self.sent: list[Sent] = []
            self.calls: list[tuple[str, int]] = []  # (method, HTTP status) of every call
            self.downloads: list[str] = []
            self.answered: list[str] = []
            self.webhook: dict[str, Any] | None = None
            self.blocked: set[int] = set()
            self.missing_chats: set[int] = set()
            self.flood_refusals = 0  # sends refused for breaking the limits
            self.stalls: list[int | None] = []  # chats of the stalls begun
            # Long polls that began while another was open (Telegram ends the older: 409).
            self.overlapping_polls = 0
            self._open_polls = 0
            self._poll_number = 0
            self._faults: list[_Fault] = []
            self._generation += 1
            self._sends: dict[int, deque[float]] = {}
            self._overall: deque[float] = deque()
            self._messages: dict[tuple[int, int], Sent] = {}

    def push_update(self, update: dict[str, Any]) -> None:
        """Queue an update for getUpdates."""
        with self._lock:
            self.updates.append(update)

    def next_update_id(self) -> int:
        """A new update id."""
        return next(self._update_ids)

    def next_message_id(self) -> int:
        """A new message id (shared by both directions, as in a private chat)."""
        return next(self._ids)

    def add_file(self, content: bytes | None, size: int | None = None, kind: str = "photos") -> str:
        """Make a file downloadable; `size` may claim more than `content` holds. Returns its id."""
        file_id = f"file-{next(self._ids)}"
        with self._lock:
            self.files[file_id] = (content, size or len(content or b""), f"{kind}/{file_id}.bin")
        return file_id

    def fail_next(
        self,
        count: int,
        kind: str,
        *,
        retry_after: int = 1,
        stall_seconds: float = 1.0,
        methods: frozenset[str] = SEND_METHODS,
        skip: int = 0,
        chat_id: int | None = None,
    ) -> None:
        """Answer the next `count` calls of `methods` (after `skip`) with 429, 500 or a stall.

        A stall holds the call for `stall_seconds`, then answers 504 without delivering: the
        client has given up (or died) meanwhile.
        """
        with self._lock:
            self._faults.append(
                _Fault(kind, count, methods, retry_after, stall_seconds, skip, chat_id)
            )

    def sent_to(self, chat_id: int, method: str | None = None) -> list[Sent]:
        """What reached one chat, in order."""
        with self._lock:
            return [s for s in self.sent if s.chat_id == chat_id and method in (None, s.method)]

    def texts_to(self, chat_id: int) -> list[str]:
        """The texts (and captions) of the messages sent to a chat, edits left out."""
        return [s.text or "" for s in self.sent_to(chat_id) if not s.method.startswith("edit")]

    async def wait_for(self, condition: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Wait until `condition()` is truthy and return it; fail the test on timeout."""
        deadline = time.monotonic() + timeout
        while True:
            value = condition()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {timeout} s; fake Telegram saw {self.sent!r}")
            await asyncio.sleep(0.02)

    # -- the API -----------------------------------------------------------------------------

    async def handle(self, method: str, params: dict[str, Any]) -> Any:
        """Run one API method and note how it ended; returns its result or raises ApiError."""
        try:
            result = await self._run(method, params)
        except ApiError as exc:
            self.calls.append((method, exc.code))
            raise
        self.calls.append((method, 200))
        return result

    async def _run(self, method: str, params: dict[str, Any]) -> Any:
        fault = self._take_fault(method, params.get("chat_id"))
        if fault is not None:
            if fault.kind == "stall":
                self.stalls.append(fault.chat_id)
                await asyncio.sleep(fault.stall_seconds)  # the client gives up meanwhile
                raise ApiError(504, "Gateway Timeout")
            if fault.kind == "429":
                raise ApiError(429, "Too Many Requests: retry later", fault.retry_after)
            raise ApiError(500, "Internal Server Error")
        if method == "getUpdates":
            return await self._get_updates(params)
        with self._lock:
            if method in SEND_METHODS:
                chat_id = int(params["chat_id"])
                if chat_id in self.blocked:
                    raise ApiError(403, "Forbidden: bot was blocked by the user")
                if chat_id in self.missing_chats:
                    raise ApiError(400, "Bad Request: chat not found")
                self._keep_limits(chat_id)
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found")
            return handler(params)

    def _take_fault(self, method: str, chat_id: Any) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.chat_id is not None and str(fault.chat_id) != str(chat_id):
                    continue
                if method in fault.methods and fault.remaining > 0:
                    if fault.skip > 0:
                        fault.skip -= 1
                        continue
                    fault.remaining -= 1
                    return fault
        return None

    def _keep_limits(self, chat_id: int) -> None:
        """Refuse a send that breaks a flood limit, as Telegram does."""
        limits, now = self.limits, time.monotonic()
        tolerance = limits.tolerance_seconds
        window = self._sends.setdefault(chat_id, deque())
        if chat_id < 0:
            limit, seconds = limits.per_group, limits.per_group_seconds
        else:
            limit, seconds = 1, limits.per_chat_seconds
        checks = [(window, limit, seconds), (self._overall, limits.overall, limits.overall_seconds)]
        for times, count, period in checks:
            while times and times[0] <= now - period + tolerance:
                times.popleft()
            if len(times) >= count:
                self.flood_refusals += 1
                wait = max(1, math.ceil(times[0] + period - now))
                raise ApiError(429, f"Too Many Requests: retry after {wait}", wait)
        window.append(now)
        self._overall.append(now)

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        # As Telegram does, a new long poll ends the one still open: the old one is answered 409
        # (its client may have given up on it already, e.g. after a read timeout).
        with self._lock:
            if self._open_polls:
                self.overlapping_polls += 1
            self._open_polls += 1
            self._poll_number += 1
            number = self._poll_number
        try:
            return await self._long_poll(params, number)
        finally:
            with self._lock:
                self._open_polls -= 1

    async def _long_poll(self, params: dict[str, Any], number: int) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        generation = self._generation
        while True:
            with self._lock:
                if generation != self._generation:
                    return []  # a long poll from a finished test
                if number != self._poll_number:
                    raise ApiError(409, "Conflict: terminated by other getUpdates request")
                # Asking from an offset confirms every update before it: they are gone.
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
                if self.updates or time.monotonic() >= deadline:
                    return list(self.updates[: int(params.get("limit") or 100)])
            await asyncio.sleep(0.02)

    def _api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            **BOT_USER,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _api_setWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = {
            "url": params["url"],
            "secret_token": params.get("secret_token"),
            "allowed_updates": json.loads(params.get("allowed_updates") or "null"),
        }
        return True

    def _api_getWebhookInfo(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"url": (self.webhook or {}).get("url", ""), "pending_update_count": 0}

    def _api_deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        return True

    def _api_getFile(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = params["file_id"]
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        _content, size, path = self.files[file_id]
        if size > DOWNLOAD_LIMIT:
            raise ApiError(400, "Bad Request: file is too big")
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": size,
            "file_path": path,
        }

    def _api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        self.answered.append(params["callback_query_id"])
        return True

    def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        text = params.get("text") or ""
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text.encode("utf-16-le")) // 2 > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return self._record("sendMessage", params, text=text).as_message()

    def _api_sendPhoto(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._record_file("sendPhoto", params, params["photo"]).as_message()

    def _api_sendDocument(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._record_file("sendDocument", params, params["document"]).as_message()

    def _api_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        original = self._editable(params)
        edited = self._record("editMessageText", params, text=params["text"])
        edited.message_id = original.message_id
        self._messages[(original.chat_id, original.message_id)] = edited
        return edited.as_message()

    def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        original = self._editable(params)
        edited = self._record("editMessageReplyMarkup", params, text=original.text)
        edited.message_id = original.message_id
        self._messages[(original.chat_id, original.message_id)] = edited
        return edited.as_message()

    def _editable(self, params: dict[str, Any]) -> Sent:
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self._messages:
            raise ApiError(400, "Bad Request: message to edit not found")
        return self._messages[key]

    def _record_file(self, method: str, params: dict[str, Any], upload: Any) -> Sent:
        if not isinstance(upload, tuple):
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        name, content = upload
        return self._record(method, params, text=params.get("caption"), file=(name, content))

    def _record(
        self,
        method: str,
        params: dict[str, Any],
        *,
        text: str | None,
        file: tuple[str, bytes] | None = None,
    ) -> Sent:
        markup = params.get("reply_markup")
        sent = Sent(
            method=method,
            chat_id=int(params["chat_id"]),
            message_id=self.next_message_id(),
            text=text,
            reply_markup=json.loads(markup) if markup else None,
            file_name=file[0] if file else None,
            file_bytes=file[1] if file else None,
        )
        self.sent.append(sent)
        self._messages[(sent.chat_id, sent.message_id)] = sent
        return sent

    def download(self, path: str) -> bytes | None:
        """The bytes of a file by its path (None when unknown)."""
        with self._lock:
            for content, _size, file_path in self.files.values():
                if file_path == path:
                    self.downloads.append(path)
                    return content or b""
        return None


_shared: dict[str, FakeTelegram] = {}


def shared_fake(token: str = TOKEN) -> FakeTelegram:
    """The session's fake of the bot with `token`, started on first use in its own thread."""
    if token not in _shared:
        _shared[token] = fake = FakeTelegram()
        fake.token, fake.port = token, serve_in_thread(fake)
    return _shared[token]


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegram]:
    """A clean fake Telegram for one test."""
    fake = shared_fake()
    fake.reset()
    yield fake
    fake.reset()
