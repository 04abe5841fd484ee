"""The WhatsApp channel through Twilio: signed webhooks in, rate-limited messages out.

Inside a contact's 24-hour window a message goes as free-form text (options as a numbered list,
long texts split, attachments as signed media links); outside it only an approved template may
go, chosen by the outbox row's kind. With no template the row is held (the sender tells the
admins): sending free-form would only fail at WhatsApp (error 63016). Everything a send needs
comes in the message; the database is the webhook routes' and the sender's business.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from bot.channels.base import RecordPart, SendResult, SendStatus, channel_path
from bot.channels.twilio_messaging.rest import (
    MessageRequest,
    RebasedHttpClient,
    create_message,
    make_client,
)
from bot.channels.twilio_messaging.webhooks import WebhookSignature
from bot.channels.whatsapp.inbound import CHANNEL, MediaFetcher, address_of, normalise
from bot.channels.whatsapp.media_links import media_link, media_path
from bot.channels.whatsapp.render import (
    MissingVariable,
    content_variables,
    split_text,
    with_options,
)
from bot.channels.whatsapp.window import in_window
from bot.sending.limiter import Rate, SendLimiter
from bot.settings import Settings
from handlers.i18n import t
from handlers.messages import Attachment, Inbound, OutboundMessage
from storage.types import utcnow

INBOUND_PATH = channel_path(CHANNEL, None, "inbound")
STATUS_PATH = channel_path(CHANNEL, None, "status")

Clock = Callable[[], datetime]


class WhatsAppChannel:
    """Twilio's WhatsApp API behind the channel interface."""

    code: ClassVar[str] = CHANNEL
    exclusive: ClassVar[bool] = True

    def __init__(
        self, settings: Settings, *, clock: Clock = utcnow, key: str | None = None
    ) -> None:
        if not (
            settings.twilio_account_sid
            and settings.twilio_auth_token
            and settings.twilio_whatsapp_from
        ):
            raise ValueError("WhatsApp needs TWILIO_ACCOUNT_SID, _AUTH_TOKEN and _WHATSAPP_FROM")
        self._settings = settings
        self._clock = clock
        # A channel row's key when this is one of several numbers; None for the environment's.
        self.key = key
        self.status_path = channel_path(CHANNEL, key, "status")
        self._media_prefix = f"/{CHANNEL}/{key}" if key else ""
        self._secret = settings.twilio_auth_token.get_secret_value()
        self._from = "whatsapp:" + address_of(settings.twilio_whatsapp_from)
        self._client = make_client(
            settings.twilio_account_sid, self._secret, settings.twilio_api_base_url
        )
        assert isinstance(self._client.http_client, RebasedHttpClient)
        rate = settings.twilio_messages_per_second
        self.limiter = SendLimiter(Rate.per_second(rate))
        # Enough sends in flight to keep the rate with a slow answer or two; Twilio's client
        # blocks, so each one takes a thread of this pool.
        self.max_in_flight = max(4, min(64, int(rate * 4)))
        self._calls = ThreadPoolExecutor(self.max_in_flight, thread_name_prefix="twilio")
        self.signature = WebhookSignature(self._secret, settings.public_base_url)
        self._fetcher = MediaFetcher(
            account_sid=settings.twilio_account_sid,
            auth_token=self._secret,
            rebase=self._client.http_client.rebase,
            media_dir=settings.media_dir,
        )

    async def start(self) -> None:
        """Nothing to open: connections are made on first use."""

    async def stop(self) -> None:
        """Close the download connections."""
        await self._fetcher.close()

    def recorded(self, message: OutboundMessage, result: SendResult) -> None:
        """Nothing to do once an outcome is stored."""

    # Webhooks in.

    async def receive(self, form: Mapping[str, str], *, registered: bool) -> Inbound:
        """The webhook as an Inbound; media is downloaded only for a `registered` sender."""
        inbound = await normalise(
            form, now=self._clock(), fetcher=self._fetcher if registered else None
        )
        return replace(inbound, channel_key=self.key)

    def media_file(self, token: str) -> Path:
        """The file a signed media link names (InvalidLink otherwise)."""
        return media_path(self._secret, self._settings.media_dir, token, now=self._clock())

    # Messages out.

    async def send(self, message: OutboundMessage, record_part: RecordPart) -> SendResult:
        """Free-form inside the 24-hour window, a template outside it, held without one."""
        now = self._clock()
        if in_window(message.last_inbound_at, now):
            return await self._send_free_form(message, now, record_part)
        if message.awaits_window:
            return SendResult(SendStatus.HELD, error="waits for the contact to write")
        result = await self._send_template(message)
        if result.status is SendStatus.SENT and message.attachments:
            # A template carries no report files: they follow once the contact answers.
            return replace(result, await_window=True)
        return result

    async def _send_free_form(
        self, message: OutboundMessage, now: datetime, record_part: RecordPart
    ) -> SendResult:
        hint = t(message.locale, "options.numbered_hint")
        body = with_options(message.text, message.options, hint)
        requests = [self._request(message, body=part) for part in split_text(body)]
        for attachment in message.attachments:
            if not self._attachment_exists(attachment):
                return SendResult(SendStatus.FAILED, error=f"attachment missing: {attachment.path}")
            requests.append(self._request(message, media_url=self._link(attachment, now)))
        if not requests:
            return SendResult(SendStatus.FAILED, error="empty message")
        done = len(message.parts_sent)
        last_sid = message.parts_sent[-1] if message.parts_sent else None
        for index in range(done, len(requests)):
            result = await self._create(requests[index], urgent=message.urgent)
            if result.status is not SendStatus.SENT:
                return result
            last_sid = result.external_id
            if index < len(requests) - 1 and last_sid:
                await record_part(last_sid)
        # Status callbacks follow the last part: the one with the options or the file.
        return SendResult(SendStatus.SENT, external_id=last_sid)

    async def _send_template(self, message: OutboundMessage) -> SendResult:
        template = self._settings.whatsapp_templates.get(message.kind)
        if template is None:
            error = f"outside WhatsApp's 24-hour window and no template for kind {message.kind!r}"
            return SendResult(SendStatus.HELD, error=error, held_reason="no_template")
        try:
            variables = content_variables(
                template.variables, message.template_variables, options=message.options
            )
        except MissingVariable as exc:
            return SendResult(
                SendStatus.HELD,
                error=f"template for kind {message.kind!r} needs {exc.name!r}, not given",
                held_reason=f"missing_variable:{exc.name}",
            )
        request = self._request(
            message, content_sid=template.content_sid, content_variables=variables
        )
        return await self._create(request, urgent=message.urgent)

    def _request(self, message: OutboundMessage, **fields: str) -> MessageRequest:
        return MessageRequest(
            to=f"whatsapp:{message.address}",
            from_=self._from,
            status_callback=self.signature.public_url(self.status_path),
            **fields,
        )

    async def _create(self, request: MessageRequest, *, urgent: bool) -> SendResult:
        loop = asyncio.get_running_loop()
        async with self.limiter.slot(None, urgent=urgent):
            return await loop.run_in_executor(self._calls, create_message, self._client, request)

    def _attachment_exists(self, attachment: Attachment) -> bool:
        root = self._settings.media_dir.resolve()
        target = (root / attachment.path).resolve()
        return target.is_relative_to(root) and target.is_file()

    def _link(self, attachment: Attachment, now: datetime) -> str:
        return media_link(
            self._settings.public_base_url,
            self._secret,
            attachment.path,
            attachment.filename,
            now=now,
            prefix=self._media_prefix,
        )
