"""What every channel is: the adapter interface and the declaration a channel package makes.

A channel lives in its own package under `bot/channels/` (adapter, inbound normaliser, renderer,
webhook routes) and declares itself in one `ChannelType`; `registry.CHANNEL_TYPES` lists them.
The composition root builds the enabled ones, the web app mounts their routes, the dispatcher
asks them whether an address is a phone number.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar, Protocol, TypeVar

from sqlalchemy import Engine
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import BaseRoute

from bot.sending.limiter import SendLimiter
from bot.settings import Settings
from handlers.messages import OutboundMessage

if TYPE_CHECKING:
    from bot.dispatcher import Dispatcher


class SendStatus(StrEnum):
    """How one send attempt ended."""

    SENT = "sent"
    RETRY = "retry"  # transient: rate limit, timeout, server error
    UNDELIVERABLE = "undeliverable"  # the user blocked the bot, the address is invalid
    FAILED = "failed"  # permanent for this message
    HELD = "held"  # not sendable as it is (e.g. WhatsApp window closed, no template)


@dataclass(frozen=True, slots=True)
class SendResult:
    """The outcome of one send attempt."""

    status: SendStatus
    external_id: str | None = None
    retry_after: float | None = None
    error: str | None = None
    # The answer never came (a read timeout): the platform may have delivered the message, so
    # it is not sent again at once.
    ambiguous: bool = False
    # The platform refused for going too fast (429): counted apart in the metrics.
    rate_limited: bool = False
    # Why a HELD message cannot go, for the sending side to tell the admins: `no_template`,
    # `missing_variable:<name>` (the admins' text is `<channel>.admin.<reason before ":">`).
    held_reason: str | None = None
    # SENT as a stand-in (a template without the files): the full message is to go again
    # once the contact writes.
    await_window: bool = False


# Saves the platform id of one delivered part of a multi-part message (awaited before the next
# part goes), so that a retry in any process sends only the parts not delivered yet.
RecordPart = Callable[[str], Awaitable[None]]


class ChannelAdapter(Protocol):
    """A chat platform: sends outbox messages, and knows how fast it may."""

    code: ClassVar[str]  # "telegram", "whatsapp", "sim"; also the URN scheme
    # One sender per deployment (it holds the channel's lease), so the platform's limits,
    # kept in its `limiter`, hold for all processes together. False for a channel without
    # limits (the simulator), which every process may send on.
    exclusive: ClassVar[bool]
    # Sends in flight at once, at most; the sender claims new rows as sends finish.
    max_in_flight: int

    @property
    def limiter(self) -> SendLimiter | None:
        """The channel's limits (None for a channel without any)."""

    async def start(self) -> None:
        """Open connections (and start receiving, for polling channels)."""

    async def stop(self) -> None:
        """Close connections."""

    async def send(self, message: OutboundMessage, record_part: RecordPart) -> SendResult:
        """Deliver the parts of one message not delivered yet, within the platform's limits."""
        ...

    def recorded(self, message: OutboundMessage, result: SendResult) -> None:
        """The outcome of a send is stored (the simulator wakes its readers here)."""


A = TypeVar("A", bound=ChannelAdapter)


@dataclass(frozen=True, slots=True)
class ChannelDeps:
    """What the service shares with the channels it builds."""

    engine: Engine
    # Channels that receive without a web request (Telegram polling) hand it each message.
    dispatcher: Dispatcher
    # The channel row being built (its key names it in the outbox and in its webhook paths);
    # None for the channel the environment configures.
    key: str | None = None


def channel_path(code: str, key: str | None, name: str) -> str:
    """A channel's endpoint: `/whatsapp/inbound`, or `/whatsapp/<key>/inbound` for a row."""
    return f"/{code}/{key}/{name}" if key else f"/{code}/{name}"


def served_adapter(request: Request, kind: type[A]) -> A:
    """The adapter a webhook request is for: the route's `{key}`, else the environment's.

    404 for a channel this service does not know; 410 for a channel row turned off (its
    messages could not be answered); 503 for one whose settings are incomplete, so that the
    platform tries again once it runs.
    """
    services = request.app.state.services
    code = kind.code
    key = request.path_params.get("key")
    adapter = services.adapters.get(key or code)
    if isinstance(adapter, kind) and key != code:
        return adapter
    if key is not None and key in services.turned_off:
        raise HTTPException(status_code=410, detail="this channel is turned off")
    if key is not None and key in services.unstarted:
        raise HTTPException(status_code=503, detail="this channel is not configured yet")
    raise HTTPException(status_code=404)


def no_routes(settings: Settings) -> Sequence[BaseRoute] | None:
    """A channel that serves no web endpoint."""
    return None


@dataclass(frozen=True, slots=True)
class ChannelType:
    """A channel as its package declares it, once; `registry.CHANNEL_TYPES` lists them."""

    # The outbox lane, the identities' channel and the URN scheme (`telegram:123`).
    code: str
    # How people call it (logs, the doctor).
    name: str
    # The address is the sender's phone number (WhatsApp, SMS, the simulator), so a message
    # links the sender to the person registered with it; elsewhere the contact is shared.
    phone_addresses: bool
    # The longest text one platform message may carry, in UTF-16 units; None without a limit.
    message_limit: int | None
    # The settings turn it on (its credentials are set).
    enabled: Callable[[Settings], bool]
    # The adapter, from the settings and what the service shares.
    build: Callable[[Settings, ChannelDeps], ChannelAdapter]
    # Its web endpoints as the settings ask for them; None when it serves none.
    routes: Callable[[Settings], Sequence[BaseRoute] | None] = no_routes
    # Paths of its inbound webhooks, timed for the latency histogram under `code`.
    webhook_paths: tuple[str, ...] = ()
    # The settings fields it reads: a channel row takes each from `<PREFIX>_<FIELD>` in the
    # environment, falling back to the environment's own value...
    settings_fields: tuple[str, ...] = ()
    # ...except these, which every row must set itself (a bot token, a sender number).
    own_fields: tuple[str, ...] = ()
    # The field of its send rate, which a channel row's rate sets; None for fixed limits.
    rate_field: str | None = None
