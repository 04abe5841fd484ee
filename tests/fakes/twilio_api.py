"""A fake Twilio REST API on 127.0.0.1, and Twilio's side of the webhooks.

It speaks real HTTP, so the official `twilio` client and the media downloader are exercised as
they are in production: the Messages API records what was sent (or fails with 429/500/400 when
told to), media sits behind basic auth and redirects to a second path (Twilio's CDN), and inbound
webhooks are signed with the algorithm Twilio uses (the library's own validator computes it).
"""

from __future__ import annotations

import base64
import itertools
import json
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from sqlalchemy import Engine
from twilio.request_validator import RequestValidator

from bot.app import Services
from bot.web.app import create_web_app
from tests.factories import make_services

ACCOUNT_SID = "AC" + "1" * 32
AUTH_TOKEN = "fake-twilio-auth-token-0001"
SENDER = "whatsapp:+14155238886"
PUBLIC_BASE_URL = "https://psmbot.example.org"


@dataclass
class SentMessage:
    """One message the service created through the Messages API."""

    sid: str
    to: str
    from_: str
    body: str = ""
    media_urls: list[str] = field(default_factory=list)
    content_sid: str | None = None
    content_variables: dict[str, str] | None = None
    status_callback: str | None = None
    at: float = 0.0  # when the request arrived (monotonic)


@dataclass
class Failure:
    """An error the Messages API answers with instead of accepting the next message."""

    status: int
    code: int
    message: str
    retry_after: float | None = None


@dataclass
class StoredMedia:
    data: bytes
    content_type: str


class FakeTwilio:
    """The fake API server; use as a context manager."""

    def __init__(self) -> None:
        self.messages: list[SentMessage] = []
        self.failures: list[Failure] = []
        self.api_calls = 0
        self.media: dict[str, StoredMedia] = {}
        self.media_requests: list[tuple[str, bool]] = []  # (path, had credentials)
        self._sids = itertools.count(1)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        """Where the fake listens."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> FakeTwilio:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # What tests arrange.

    def fail_next(
        self, status: int, code: int, message: str = "", *, retry_after: float | None = None
    ) -> None:
        """Answer the next Messages API call with this error."""
        self.failures.append(Failure(status, code, message or f"error {code}", retry_after))

    def add_media(self, data: bytes, content_type: str) -> str:
        """Store a file a user sent; returns its URL as Twilio gives it in a webhook."""
        media_sid = "ME" + uuid.uuid4().hex
        self.media[media_sid] = StoredMedia(data, content_type)
        message_sid = "MM" + uuid.uuid4().hex
        return (
            f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{message_sid}"
            f"/Media/{media_sid}"
        )

    def settings(self, **overrides: object) -> dict[str, object]:
        """Settings that point the service at this fake."""
        values: dict[str, object] = {
            "twilio_account_sid": ACCOUNT_SID,
            "twilio_auth_token": AUTH_TOKEN,
            "twilio_whatsapp_from": SENDER,
            "twilio_api_base_url": self.base_url,
            "public_base_url": PUBLIC_BASE_URL,
            "twilio_messages_per_second": 200.0,
        }
        values.update(overrides)
        return values

    # What tests look at.

    def sent_to(self, phone: str) -> list[SentMessage]:
        """Messages created for one phone number, in order."""
        with self._lock:
            return [m for m in self.messages if m.to == f"whatsapp:{phone}"]

    # The server side.

    def _create_message(
        self, form: dict[str, list[str]]
    ) -> tuple[int, dict[str, Any], float | None]:
        with self._lock:
            self.api_calls += 1
            if self.failures:
                failure = self.failures.pop(0)
                body = {
                    "code": failure.code,
                    "message": failure.message,
                    "more_info": f"https://www.twilio.com/docs/errors/{failure.code}",
                    "status": failure.status,
                }
                return failure.status, body, failure.retry_after
            sid = f"SM{next(self._sids):032x}"
            variables = form.get("ContentVariables", [None])[0]
            message = SentMessage(
                sid=sid,
                to=form.get("To", [""])[0],
                from_=form.get("From", [""])[0],
                body=form.get("Body", [""])[0],
                media_urls=form.get("MediaUrl", []),
                content_sid=form.get("ContentSid", [None])[0],
                content_variables=json.loads(variables) if variables else None,
                status_callback=form.get("StatusCallback", [None])[0],
                at=time.monotonic(),
            )
            self.messages.append(message)
        now = formatdate(usegmt=True)
        return (
            201,
            {
                "sid": sid,
                "account_sid": ACCOUNT_SID,
                "to": message.to,
                "from": message.from_,
                "body": message.body,
                "status": "queued",
                "num_media": str(len(message.media_urls)),
                "date_created": now,
                "date_updated": now,
                "api_version": "2010-04-01",
            },
            None,
        )


def _handler_for(fake: FakeTwilio) -> type[BaseHTTPRequestHandler]:
    expected = "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Keep test output quiet."""

        def _json(
            self, status: int, body: dict[str, Any], retry_after: float | None = None
        ) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if retry_after is not None:
                self.send_header("Retry-After", f"{retry_after:g}")
            self.end_headers()
            self.wfile.write(data)

        def _authorised(self) -> bool:
            if self.headers.get("Authorization") == expected:
                return True
            self._json(401, {"code": 20003, "message": "Authenticate", "status": 401})
            return False

        def do_POST(self) -> None:
            path = urlsplit(self.path).path
            length = int(self.headers.get("Content-Length", "0"))
            form = parse_qs(self.rfile.read(length).decode(), keep_blank_values=True)
            if path != f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json":
                self._json(404, {"code": 20404, "message": "Not found", "status": 404})
                return
            if self._authorised():
                self._json(*fake._create_message(form))

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            parts = path.strip("/").split("/")
            if path == f"/2010-04-01/Accounts/{ACCOUNT_SID}.json":
                if self._authorised():  # what `psmbot doctor` asks to check the credentials
                    self._json(200, {"sid": ACCOUNT_SID, "status": "active"})
                return
            fake.media_requests.append((path, "Authorization" in self.headers))
            if len(parts) == 7 and parts[5] == "Media" and parts[6] in fake.media:
                if self._authorised():
                    # Twilio answers its media URL with a redirect to the file on its CDN.
                    self.send_response(307)
                    self.send_header("Location", f"/cdn/{parts[6]}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                return
            if len(parts) == 2 and parts[0] == "cdn" and parts[1] in fake.media:
                stored = fake.media[parts[1]]
                self.send_response(200)
                self.send_header("Content-Type", stored.content_type)
                self.send_header("Content-Length", str(len(stored.data)))
                self.end_headers()
                self.wfile.write(stored.data)
                return
            self._json(404, {"code": 20404, "message": "Not found", "status": 404})

    return Handler


def sign(url: str, fields: dict[str, str], token: str = AUTH_TOKEN) -> str:
    """The X-Twilio-Signature Twilio sends with a webhook to `url`."""
    return str(RequestValidator(token).compute_signature(url, fields))


class WhatsAppWorld:
    """The service with WhatsApp on, its web app, and this fake as Twilio."""

    def __init__(self, fake: FakeTwilio, engine: Engine, tmp_path: Path, **overrides: object):
        self.twilio = fake
        self.services: Services = make_services(engine, tmp_path, **fake.settings(**overrides))
        self.app = create_web_app(self.services, start_services=False)
        self.http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app), base_url="http://testserver"
        )

    async def aclose(self) -> None:
        """Close the web client and the channel."""
        await self.http.aclose()
        for adapter in self.services.adapters.values():
            await adapter.stop()

    async def post(
        self, path: str, fields: dict[str, str], *, signature: str | None = None
    ) -> httpx.Response:
        """A webhook as Twilio posts it: signed for the public URL unless told otherwise."""
        headers = {}
        if signature is None:
            signature = sign(PUBLIC_BASE_URL + path, fields)
        if signature:
            headers["X-Twilio-Signature"] = signature
        return await self.http.post(path, data=fields, headers=headers)

    def message_fields(
        self,
        phone: str,
        body: str = "",
        *,
        media: tuple[tuple[bytes, str], ...] = (),
        sid: str | None = None,
        name: str = "Siti",
        **extra: str,
    ) -> dict[str, str]:
        """The form of an inbound WhatsApp message, as Twilio sends it."""
        message_sid = sid or f"SM{uuid.uuid4().hex}"
        fields = {
            "SmsMessageSid": message_sid,
            "MessageSid": message_sid,
            "SmsSid": message_sid,
            "AccountSid": ACCOUNT_SID,
            "From": f"whatsapp:{phone}",
            "To": SENDER,
            "Body": body,
            "NumMedia": str(len(media)),
            "NumSegments": "1",
            "ProfileName": name,
            "WaId": phone.lstrip("+"),
            "SmsStatus": "received",
            "MessageType": "image" if media else "text",
            "ApiVersion": "2010-04-01",
        }
        for index, (data, content_type) in enumerate(media):
            fields[f"MediaUrl{index}"] = self.twilio.add_media(data, content_type)
            fields[f"MediaContentType{index}"] = content_type
        fields.update(extra)
        return fields

    async def say(self, phone: str, body: str = "", **kwargs: Any) -> httpx.Response:
        """A person sends a WhatsApp message; the webhook arrives signed."""
        return await self.post("/whatsapp/inbound", self.message_fields(phone, body, **kwargs))

    async def deliver(self) -> int:
        """Let the sender loop send everything due."""
        return await self.services.sender.drain()

    async def status(self, sid: str, status: str, error_code: str = "") -> httpx.Response:
        """A status callback for a sent message."""
        fields = {
            "MessageSid": sid,
            "SmsSid": sid,
            "MessageStatus": status,
            "SmsStatus": status,
            "AccountSid": ACCOUNT_SID,
            "From": SENDER,
            "ApiVersion": "2010-04-01",
        }
        if error_code:
            fields["ErrorCode"] = error_code
        return await self.post("/whatsapp/status", fields)


def running_fake() -> Iterator[FakeTwilio]:
    """For a fixture: `yield from running_fake()`."""
    with FakeTwilio() as fake:
        yield fake
