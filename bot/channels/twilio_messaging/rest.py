"""The Twilio REST client, pointed at TWILIO_API_BASE_URL, and what its answers mean for a send."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from twilio.base.exceptions import TwilioRestException, TwilioServiceException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client
from urllib3.exceptions import NewConnectionError

from bot.channels.base import SendResult, SendStatus

log = logging.getLogger(__name__)

TWILIO_API = "https://api.twilio.com"
# Twilio refuses a message body longer than 1,600 characters, on WhatsApp as on SMS (a long
# SMS goes in segments that the phone joins again); each channel declares it as its limit.
MAX_BODY_CHARS = 1600
# Twilio answers in well under a second; a send given up too early would be sent twice.
REQUEST_TIMEOUT_SECONDS = 30.0

# Twilio error codes that mean the recipient cannot be reached on WhatsApp at all.
# 21211 invalid To, 21614 not a mobile number, 21610 recipient opted out, 63003 not on WhatsApp,
# 63024 invalid recipient, 21408 sending to this region not enabled.
UNREACHABLE_CODES = {21211, 21408, 21610, 21614, 63003, 63024}
# Free-form outside the 24-hour window; the window check should make this impossible.
WINDOW_CLOSED_CODE = 63016


class RebasedHttpClient(TwilioHttpClient):
    """Sends every request meant for api.twilio.com to another base (a proxy, a test fake)."""

    def __init__(self, base_url: str, *, timeout: float = REQUEST_TIMEOUT_SECONDS) -> None:
        super().__init__(timeout=timeout)
        self.base_url = base_url.rstrip("/")
        # Retry-After of the last response, per thread: sends run in worker threads.
        self._last = threading.local()

    def rebase(self, url: str) -> str:
        """The same URL on the configured base (other hosts are left alone)."""
        parts = urlsplit(url)
        if not parts.netloc.endswith("twilio.com") or self.base_url == TWILIO_API:
            return url
        base = urlsplit(self.base_url)
        return urlunsplit(
            (base.scheme, base.netloc, base.path + parts.path, parts.query, parts.fragment)
        )

    def request(
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        """Make the request on the configured base and remember its Retry-After."""
        self._last.retry_after = None
        response = super().request(
            method,
            self.rebase(url),
            params=params,
            data=data,
            headers=headers,
            auth=auth,
            timeout=timeout,
            allow_redirects=allow_redirects,
        )
        self._last.retry_after = _seconds(response.headers)
        return response

    def last_retry_after(self) -> float | None:
        """Retry-After of the last response made in this thread."""
        value: float | None = getattr(self._last, "retry_after", None)
        return value


def make_client(account_sid: str, auth_token: str, base_url: str) -> Client:
    """A Twilio client whose requests go to `base_url`."""
    # An explicit (non-empty) environment keeps TWILIO_REGION/TWILIO_EDGE from the process
    # environment from rewriting hosts behind our back.
    return Client(
        account_sid,
        auth_token,
        http_client=RebasedHttpClient(base_url),
        environment={"PSMBOT": "1"},
    )


@dataclass(frozen=True, slots=True)
class MessageRequest:
    """One call to the Messages API."""

    to: str
    from_: str
    status_callback: str
    body: str | None = None
    media_url: str | None = None
    content_sid: str | None = None
    content_variables: str | None = None

    def arguments(self) -> dict[str, Any]:
        """Keyword arguments for `client.messages.create`."""
        arguments: dict[str, Any] = {
            "to": self.to,
            "from_": self.from_,
            "status_callback": self.status_callback,
        }
        if self.body:
            arguments["body"] = self.body
        if self.media_url:
            arguments["media_url"] = [self.media_url]
        if self.content_sid:
            arguments["content_sid"] = self.content_sid
            if self.content_variables:
                arguments["content_variables"] = self.content_variables
        return arguments


def create_message(client: Client, request: MessageRequest) -> SendResult:
    """Call the Messages API (blocking) and say how it went; SENT carries the message SID."""
    http = client.http_client
    try:
        message = client.messages.create(**request.arguments())
    except (TwilioRestException, TwilioServiceException) as exc:
        retry_after = http.last_retry_after() if isinstance(http, RebasedHttpClient) else None
        return outcome_of_error(exc.status, exc.code, str(getattr(exc, "msg", "")), retry_after)
    except requests.RequestException as exc:
        # Never connected: not sent, try again soon. Otherwise (a read timeout, a connection
        # dropped while waiting) Twilio may have queued it: not repeated at once.
        return SendResult(
            SendStatus.RETRY,
            error=f"network: {type(exc).__name__}",
            ambiguous=not _never_connected(exc),
        )
    return SendResult(SendStatus.SENT, external_id=message.sid)


def _never_connected(exc: requests.RequestException) -> bool:
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = exc.args[0] if exc.args else None
    return isinstance(getattr(reason, "reason", reason), NewConnectionError)


def outcome_of_error(
    status: int, code: int | None, message: str, retry_after: float | None
) -> SendResult:
    """Map an API error to a send outcome: retry transient ones, stop on permanent ones."""
    error = f"twilio {status}" + (f" code {code}" if code else "")
    if message:
        error += f": {message}"
    if status == 429:
        return SendResult(SendStatus.RETRY, retry_after=retry_after, error=error, rate_limited=True)
    if status >= 500:
        return SendResult(SendStatus.RETRY, retry_after=retry_after, error=error)
    if code in UNREACHABLE_CODES:
        return SendResult(SendStatus.UNDELIVERABLE, error=error)
    if code == WINDOW_CLOSED_CODE:
        return SendResult(SendStatus.HELD, error=error)
    return SendResult(SendStatus.FAILED, error=error)


def _seconds(headers: Mapping[str, str] | None) -> float | None:
    """A Retry-After header in seconds (the HTTP-date form is not used by Twilio)."""
    if not headers:
        return None
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None
