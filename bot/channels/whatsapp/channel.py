"""The WhatsApp channel through Twilio: signed webhooks in, rate-limited messages out.

Inside a contact's 24-hour window a message goes as free-form text (options as a numbered list,
long texts split, attachments as signed media links); outside it only an approved template may
go, chosen by the outbox row's kind. With no template the row is held and admins are told:
sending free-form would only fail at WhatsApp (error 63016).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.channels.base import RecordPart, SendResult, SendStatus, channel_path
from bot.channels.twilio_messaging.rest import (
    MessageRequest,
    RebasedHttpClient,
    create_message,
    make_client,
)
from bot.channels.twilio_messaging.status import record_callback
from bot.channels.twilio_messaging.webhooks import WebhookSignature
from bot.channels.whatsapp.inbound import CHANNEL, MediaFetcher, address_of, normalise
from bot.channels.whatsapp.media_links import media_link, media_path
from bot.channels.whatsapp.render import (
    MissingVariable,
    content_variables,
    split_text,
    with_options,
)
from bot.channels.whatsapp.window import (
    Recipient,
    alert_admins,
    await_window,
    load_recipient,
    release_waiting,
)
from bot.sending.limiter import Rate, SendLimiter
from bot.settings import Settings
from handlers.i18n import t
from handlers.messages import Attachment, Inbound, OutboundMessage
from storage.db import transaction
from storage.models.messaging import INTERACTIVE_KINDS, InboundMessage, OutboxStatus
from storage.models.people import Person, PersonStatus
from storage.people import get_identity
from storage.phones import InvalidPhone, is_business_scoped_id, normalise_phone
from storage.types import utcnow

log = logging.getLogger(__name__)

INBOUND_PATH = channel_path(CHANNEL, None, "inbound")
STATUS_PATH = channel_path(CHANNEL, None, "status")

Clock = Callable[[], datetime]


class WhatsAppChannel:
    """Twilio's WhatsApp API behind the channel interface."""

    code: ClassVar[str] = CHANNEL
    exclusive: ClassVar[bool] = True

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        *,
        clock: Clock = utcnow,
        key: str | None = None,
    ) -> None:
        if not (
            settings.twilio_account_sid
            and settings.twilio_auth_token
            and settings.twilio_whatsapp_from
        ):
            raise ValueError("WhatsApp needs TWILIO_ACCOUNT_SID, _AUTH_TOKEN and _WHATSAPP_FROM")
        self._settings = settings
        self._engine = engine
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

    async def already_seen(self, message_sid: str) -> bool:
        """A repeat delivery of a message handled before (skip downloading its media again)."""

        def look() -> bool:
            with Session(self._engine) as session:
                found = session.exec(
                    select(InboundMessage.id).where(
                        InboundMessage.channel == (self.key or self.code),
                        InboundMessage.external_id == message_sid,
                    )
                ).first()
            return found is not None

        return await asyncio.to_thread(look)

    async def receive(self, form: Mapping[str, str]) -> Inbound:
        """The webhook as an Inbound; media of unregistered numbers is not downloaded."""
        registered = await asyncio.to_thread(self._is_registered, address_of(form.get("From", "")))
        inbound = await normalise(
            form, now=self._clock(), fetcher=self._fetcher if registered else None
        )
        return replace(inbound, channel_key=self.key)

    async def release_waiting(self, address: str) -> int:
        """After a message from `address`: what waited for its window may go now."""

        def release() -> int:
            with transaction(self._engine) as session:
                return release_waiting(
                    session=session,
                    channel=self.key or self.code,
                    address=address,
                    now=self._clock(),
                )

        return await asyncio.to_thread(release)

    def _is_registered(self, address: str) -> bool:
        with Session(self._engine) as session:
            if is_business_scoped_id(address):  # a username account: by its linked identity
                identity = get_identity(session=session, urn=f"{self.code}:{address}")
                person_id = identity.person_id if identity is not None else None
                person = session.get(Person, person_id) if person_id else None
            else:
                try:
                    phone = normalise_phone(address)
                except InvalidPhone:
                    return False
                person = session.exec(select(Person).where(Person.phone == phone)).first()
        return person is not None and person.active and person.status == PersonStatus.APPROVED

    async def record_status(self, form: Mapping[str, str]) -> OutboxStatus | None:
        """Apply one status callback to its outbox row."""
        return await record_callback(self._engine, form)

    def media_file(self, token: str) -> Path:
        """The file a signed media link names (InvalidLink otherwise)."""
        return media_path(self._secret, self._settings.media_dir, token, now=self._clock())

    # Messages out.

    async def send(self, message: OutboundMessage, record_part: RecordPart) -> SendResult:
        """Free-form inside the 24-hour window, a template outside it, held without one."""
        now = self._clock()
        recipient = await asyncio.to_thread(self._recipient, message)
        if recipient.in_window(now):
            return await self._send_free_form(message, recipient, now, record_part)
        if recipient.awaits_window:
            return SendResult(SendStatus.HELD, error="waits for the contact to write")
        result = await self._send_template(message, recipient, now)
        if result.status is SendStatus.SENT and message.attachments:
            # A template carries no report files: they follow once the contact answers.
            await asyncio.to_thread(self._await_window, message.outbox_id, now)
        return result

    def _recipient(self, message: OutboundMessage) -> Recipient:
        with Session(self._engine) as session:
            return load_recipient(
                session=session, outbox_id=message.outbox_id, address=message.address
            )

    async def _send_free_form(
        self,
        message: OutboundMessage,
        recipient: Recipient,
        now: datetime,
        record_part: RecordPart,
    ) -> SendResult:
        hint = t(recipient.locale, "whatsapp.options_hint")
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

    async def _send_template(
        self, message: OutboundMessage, recipient: Recipient, now: datetime
    ) -> SendResult:
        template = self._settings.whatsapp_templates.get(message.kind)
        if template is None:
            error = f"outside WhatsApp's 24-hour window and no template for kind {message.kind!r}"
            await self._held(message, recipient, now, "whatsapp.admin.no_template")
            return SendResult(SendStatus.HELD, error=error)
        try:
            variables = content_variables(
                template.variables, recipient.template_variables, options=message.options
            )
        except MissingVariable as exc:
            await self._held(
                message, recipient, now, "whatsapp.admin.missing_variable", variable=exc.name
            )
            return SendResult(
                SendStatus.HELD,
                error=f"template for kind {message.kind!r} needs {exc.name!r}, not given",
            )
        request = self._request(
            message, content_sid=template.content_sid, content_variables=variables
        )
        return await self._create(request, urgent=message.urgent)

    async def _held(
        self, message: OutboundMessage, recipient: Recipient, now: datetime, key: str, **values: str
    ) -> None:
        """Log a held message; for a business-initiated one, tell the admins (once a day)."""
        log.error(
            "WhatsApp outbox %s (kind %s) held outside the 24-hour window: %s",
            message.outbox_id,
            message.kind,
            key,
        )
        if message.kind in INTERACTIVE_KINDS or recipient.is_alert:
            return

        def alert() -> int:
            with transaction(self._engine) as session:
                return alert_admins(
                    session=session,
                    key=key,
                    kind=message.kind,
                    now=now,
                    timezone=self._settings.default_timezone,
                    **values,
                )

        await asyncio.to_thread(alert)

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

    def _await_window(self, outbox_id: int, now: datetime) -> None:
        with transaction(self._engine) as session:
            await_window(session=session, outbox_id=outbox_id, now=now)

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
