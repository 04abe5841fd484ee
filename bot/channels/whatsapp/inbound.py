"""A Twilio WhatsApp webhook as the core's `Inbound`: sender, text, media, location, choice."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

import httpx

from bot.media import MAX_MEDIA_BYTES, MediaRejected, check_media, store_media
from handlers.messages import Inbound, InboundMedia, Location
from storage.phones import is_business_scoped_id

log = logging.getLogger(__name__)

CHANNEL = "whatsapp"
DOWNLOAD_TIMEOUT = httpx.Timeout(20.0, connect=5.0)
# Twilio allows ten media per message; WhatsApp sends one, but be ready for more.
MAX_MEDIA_PER_MESSAGE = 10


def address_of(sender: str) -> str:
    """`whatsapp:+62812...` -> `+62812...`; `whatsapp:ID.123...` -> `ID.123...`."""
    return sender.strip().removeprefix("whatsapp:").strip()


def user_id_of(form: Mapping[str, str]) -> str | None:
    """The sender's business-scoped user id, from `From` or `ExternalUserId`, when given.

    A WhatsApp user with a username may hide their number: Twilio then sends the id in `From`;
    when both are known the id comes beside the phone, in `ExternalUserId`.
    """
    for candidate in (form.get("ExternalUserId", ""), address_of(form.get("From", ""))):
        if is_business_scoped_id(candidate):
            return address_of(candidate)
    return None


def location_of(form: Mapping[str, str]) -> Location | None:
    """A shared location, when the message is one."""
    try:
        latitude, longitude = float(form["Latitude"]), float(form["Longitude"])
    except (KeyError, ValueError):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return Location(latitude, longitude)


def media_count(form: Mapping[str, str]) -> int:
    """How many media the message says it carries."""
    try:
        return max(0, min(int(form.get("NumMedia", "0") or 0), MAX_MEDIA_PER_MESSAGE))
    except ValueError:
        return 0


class MediaFetcher:
    """Downloads Twilio media: basic auth to Twilio's API, then its redirect to the CDN."""

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        rebase: Callable[[str], str],
        media_dir: Path,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._auth = (account_sid, auth_token)
        self._rebase = rebase
        self._media_dir = media_dir
        self._transport = transport
        self._client: httpx.AsyncClient | None = None

    async def close(self) -> None:
        """Close the connection pool."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(
                timeout=DOWNLOAD_TIMEOUT, follow_redirects=True, transport=self._transport
            )
        return self._client

    async def fetch(self, url: str, content_type: str, *, now: datetime) -> InboundMedia:
        """Download one file into MEDIA_DIR; MediaRejected says why it was refused."""
        check_media(content_type, None)
        target = self._rebase(url)
        # The credentials go only to Twilio's API; httpx drops them on the cross-host redirect.
        auth = self._auth if _same_host(target, self._rebase("https://api.twilio.com/")) else None
        try:
            async with self._http().stream("GET", target, auth=auth) as response:
                if response.status_code != 200:
                    log.warning("media download %s answered %s", url, response.status_code)
                    raise MediaRejected("download_failed")
                declared = response.headers.get("content-length")
                if declared is not None and declared.isdigit() and int(declared) > MAX_MEDIA_BYTES:
                    raise MediaRejected("too_large")
                data = bytearray()
                async for chunk in response.aiter_bytes():
                    data.extend(chunk)
                    if len(data) > MAX_MEDIA_BYTES:
                        raise MediaRejected("too_large")
                served_type = response.headers.get("content-type", "")
        except httpx.HTTPError as exc:
            log.warning("media download %s failed: %s", url, type(exc).__name__)
            raise MediaRejected("download_failed") from exc
        # Trust what the CDN served when it is a type we take; Twilio's field otherwise.
        try:
            check_media(served_type, None)
            kind = served_type
        except MediaRejected:
            kind = content_type
        return await asyncio.to_thread(store_media, self._media_dir, bytes(data), kind, now=now)


def _same_host(url: str, other: str) -> bool:
    return httpx.URL(url).netloc == httpx.URL(other).netloc


async def normalise(
    form: Mapping[str, str],
    *,
    now: datetime,
    fetcher: MediaFetcher | None,
) -> Inbound:
    """Build the Inbound for one webhook; media is downloaded only when a fetcher is given."""
    address = address_of(form.get("From", ""))
    user_id = user_id_of(form)
    button_payload = form.get("ButtonPayload", "").strip()
    text = form.get("Body", "")
    if not text.strip() and form.get("ButtonText"):
        text = form["ButtonText"]
    media: list[InboundMedia] = []
    rejected: str | None = None
    if fetcher is not None:
        for index in range(media_count(form)):
            url = form.get(f"MediaUrl{index}")
            if not url:
                continue
            try:
                media.append(
                    await fetcher.fetch(url, form.get(f"MediaContentType{index}", ""), now=now)
                )
            except MediaRejected as exc:
                rejected = exc.reason
                break
    return Inbound(
        channel=CHANNEL,
        address=address,
        urn=f"{CHANNEL}:{address}",
        external_id=form.get("MessageSid") or form.get("SmsMessageSid", ""),
        received_at=now,
        text=text,
        choice=button_payload or None,
        # A refused file refuses the message: the core answers why, nothing half-stored.
        media=() if rejected else tuple(media),
        location=location_of(form),
        display_name=form.get("ProfileName") or None,
        rejected=rejected,
        also_known_as=f"{CHANNEL}:{user_id}" if user_id and user_id != address else None,
    )
