"""Twilio's signed webhooks: the X-Twilio-Signature check and the form it covers."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from sqlalchemy import Engine
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from twilio.request_validator import RequestValidator

from bot.channels.twilio_messaging.status import record_callback

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Twilio-Signature"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


class WebhookSignature:
    """Checks that a webhook was signed by Twilio with our auth token, for our public URL."""

    def __init__(self, auth_token: str, public_base_url: str) -> None:
        self._validator = RequestValidator(auth_token)
        self._public_base_url = public_base_url.rstrip("/")

    def public_url(self, path: str, query: str = "") -> str:
        """The URL Twilio called (and signed): PUBLIC_BASE_URL, so it holds behind a proxy."""
        url = self._public_base_url + path
        return f"{url}?{query}" if query else url

    def valid(self, url: str, params: Mapping[str, str], signature: str) -> bool:
        """The signature is the one Twilio makes for `url` and `params` with our auth token."""
        return bool(signature) and bool(self._validator.validate(url, dict(params), signature))


async def signed_form(request: Request, signature: WebhookSignature) -> dict[str, str] | None:
    """The form fields when the request carries Twilio's signature for them, else None."""
    try:
        form: FormData = await request.form()
    except Exception:  # a malformed multipart or urlencoded body
        log.warning("refused %s: the body is not a form", request.url.path)
        return None
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    if len(fields) != len(form.multi_items()):
        return None  # Twilio posts each field once and never a file
    url = signature.public_url(request.url.path, request.url.query)
    if not signature.valid(url, fields, request.headers.get(SIGNATURE_HEADER, "")):
        log.warning("refused %s without a valid Twilio signature", request.url.path)
        return None
    return fields


def forbidden() -> Response:
    """The answer to a request Twilio did not sign."""
    return PlainTextResponse("invalid signature", status_code=403)


def empty_twiml() -> Response:
    """The answer to an inbound message: nothing to say in TwiML (replies go by the outbox)."""
    return Response(EMPTY_TWIML, media_type="text/xml")


async def status_callback(
    request: Request, signature: WebhookSignature, engine: Engine
) -> Response:
    """A delivery status (queued, sent, delivered, read, failed, undelivered), when signed."""
    fields = await signed_form(request, signature)
    if fields is None:
        return forbidden()
    await record_callback(engine, fields)
    return Response(status_code=204)
