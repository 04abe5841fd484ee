"""The service with SMS on (and WhatsApp off), its web app, and the fake Twilio."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine

from tests.fakes.twilio_api import ACCOUNT_SID, FakeTwilio, SentMessage, WhatsAppWorld

SMS_FROM = "+15005550006"


class SmsWorld(WhatsAppWorld):
    """Twilio's side of SMS: signed webhooks in, the Messages API the fake records."""

    def __init__(self, fake: FakeTwilio, engine: Engine, tmp_path: Path, **overrides: object):
        values: dict[str, object] = {"twilio_sms_from": SMS_FROM, "twilio_whatsapp_from": None}
        values.update(overrides)
        super().__init__(fake, engine, tmp_path, **values)

    def sms_fields(self, phone: str, body: str, *, sid: str | None = None) -> dict[str, str]:
        """The form of an inbound SMS, as Twilio posts it."""
        message_sid = sid or f"SM{uuid.uuid4().hex}"
        return {
            "ToCountry": "US",
            "SmsMessageSid": message_sid,
            "NumMedia": "0",
            "SmsSid": message_sid,
            "SmsStatus": "received",
            "Body": body,
            "To": SMS_FROM,
            "FromCountry": "ID",
            "NumSegments": "1",
            "MessageSid": message_sid,
            "AccountSid": ACCOUNT_SID,
            "From": phone,
            "ApiVersion": "2010-04-01",
        }

    async def text(self, phone: str, body: str, **kwargs: Any) -> httpx.Response:
        """A person sends an SMS; the webhook arrives signed."""
        return await self.post("/sms/inbound", self.sms_fields(phone, body, **kwargs))

    def sms_to(self, phone: str) -> list[SentMessage]:
        """SMS the service sent to one number, in order."""
        return [m for m in self.twilio.messages if m.to == phone]

    async def sms_status(self, sid: str, status: str) -> httpx.Response:
        """A status callback for a sent SMS."""
        fields = {
            "MessageSid": sid,
            "SmsSid": sid,
            "MessageStatus": status,
            "SmsStatus": status,
            "AccountSid": ACCOUNT_SID,
            "From": SMS_FROM,
            "ApiVersion": "2010-04-01",
        }
        return await self.post("/sms/status", fields)
