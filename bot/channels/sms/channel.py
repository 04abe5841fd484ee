"""The SMS channel through Twilio: signed webhooks in, plain-text messages out.

SMS has no buttons, files or formatting: options go as numbered lines (answered with the number
or the label), a long text in parts of at most 1,600 characters, and attachments are not sent
(a message that is only files fails; the text of one with files goes alone). There is no
messaging window as on WhatsApp: any message may go at any time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime
from typing import ClassVar

from bot.channels.base import RecordPart, SendResult, SendStatus, channel_path
from bot.channels.sms.inbound import CHANNEL, normalise
from bot.channels.sms.render import split_text, with_options
from bot.channels.twilio_messaging.rest import MessageRequest, create_message, make_client
from bot.channels.twilio_messaging.webhooks import WebhookSignature
from bot.sending.limiter import Rate, SendLimiter
from bot.settings import Settings
from handlers.i18n import t
from handlers.messages import Inbound, OutboundMessage
from storage.types import utcnow

log = logging.getLogger(__name__)

INBOUND_PATH = channel_path(CHANNEL, None, "inbound")
STATUS_PATH = channel_path(CHANNEL, None, "status")


class SmsChannel:
    """Twilio's Messaging API for SMS behind the channel interface."""

    code: ClassVar[str] = CHANNEL
    exclusive: ClassVar[bool] = True

    def __init__(self, settings: Settings, *, key: str | None = None) -> None:
        if not (
            settings.twilio_account_sid and settings.twilio_auth_token and settings.twilio_sms_from
        ):
            raise ValueError("SMS needs TWILIO_ACCOUNT_SID, _AUTH_TOKEN and _SMS_FROM")
        # A channel row's key when this is one of several numbers; None for the environment's.
        self.key = key
        self.status_path = channel_path(CHANNEL, key, "status")
        secret = settings.twilio_auth_token.get_secret_value()
        self._from = settings.twilio_sms_from.strip()
        self._client = make_client(
            settings.twilio_account_sid, secret, settings.twilio_api_base_url
        )
        self.signature = WebhookSignature(secret, settings.public_base_url)
        rate = settings.twilio_messages_per_second
        self.limiter = SendLimiter(Rate.per_second(rate))
        # Twilio's client blocks: each send in flight takes a thread of this pool.
        self.max_in_flight = max(4, min(64, int(rate * 4)))
        self._calls = ThreadPoolExecutor(self.max_in_flight, thread_name_prefix="twilio-sms")

    async def start(self) -> None:
        """Nothing to open: connections are made on first use."""

    async def stop(self) -> None:
        """Nothing to close."""

    def recorded(self, message: OutboundMessage, result: SendResult) -> None:
        """Nothing to do once an outcome is stored."""

    # Webhooks in.

    def receive(self, fields: Mapping[str, str], now: datetime | None = None) -> Inbound:
        """The webhook's fields as an Inbound."""
        return replace(normalise(fields, now=now or utcnow()), channel_key=self.key)

    # Messages out.

    async def send(self, message: OutboundMessage, record_part: RecordPart) -> SendResult:
        """The text in parts, options as numbered lines; the parts already sent are skipped."""
        body = with_options(
            message.text, message.options, t(message.locale, "options.numbered_hint")
        )
        parts = split_text(body)
        if message.attachments:
            log.warning(
                "SMS outbox %s: %d attachment(s) not sent (SMS carries text only)",
                message.outbox_id,
                len(message.attachments),
            )
        if not parts:
            return SendResult(SendStatus.FAILED, error="nothing to send as SMS (text only)")
        done = len(message.parts_sent)
        last_sid = message.parts_sent[-1] if message.parts_sent else None
        for index in range(done, len(parts)):
            result = await self._create(
                MessageRequest(
                    to=message.address,
                    from_=self._from,
                    status_callback=self.signature.public_url(self.status_path),
                    body=parts[index],
                ),
                urgent=message.urgent,
            )
            if result.status is not SendStatus.SENT:
                return result
            last_sid = result.external_id
            if index < len(parts) - 1 and last_sid:
                await record_part(last_sid)
        # Status callbacks follow the last part, the one with the options.
        return SendResult(SendStatus.SENT, external_id=last_sid)

    async def _create(self, request: MessageRequest, *, urgent: bool) -> SendResult:
        loop = asyncio.get_running_loop()
        async with self.limiter.slot(None, urgent=urgent):
            return await loop.run_in_executor(self._calls, create_message, self._client, request)
