"""What flows in and out of the conversation core, the same for every channel."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# Payload keys the sending side writes and an adapter reads (names as stored since WhatsApp
# was the only channel to use them; rows queued before keep working).
# An alert to admins about a held message (its own holding alerts no one).
ALERT_MARK = "whatsapp_alert"
# A message that goes only once the contact writes (the files after a template).
AWAITS_WINDOW = "whatsapp_awaits_window"
# Values for the template that may carry the message instead.
TEMPLATE_VARIABLES = "template_variables"


@dataclass(frozen=True, slots=True)
class InboundMedia:
    """A photo or document that came with a message, already saved under MEDIA_DIR."""

    path: str
    content_type: str
    sha256: str
    size_bytes: int


@dataclass(frozen=True, slots=True)
class Location:
    """A shared location."""

    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class Inbound:
    """One message from a person, normalised by a channel adapter."""

    channel: str  # "telegram", "whatsapp", "sim"
    address: str  # where replies go: chat id or phone
    urn: str  # who sent it: "telegram:123", "whatsapp:+62812...", "sim:+62812..."
    external_id: str  # platform message id, unique per channel
    received_at: datetime
    text: str = ""
    choice: str | None = None  # option key when a button was pressed
    media: tuple[InboundMedia, ...] = ()
    location: Location | None = None
    contact_phone: str | None = None  # a shared contact (Telegram onboarding)
    contact_is_own: bool = False
    display_name: str | None = None
    group_id: str | None = None  # media group (album) the message belongs to
    is_group_chat: bool = False
    # The address is the sender's phone number (WhatsApp, SMS, the simulator); the dispatcher
    # sets it from the channel's declaration, so the conversation core names no channel.
    address_is_phone: bool = False
    # Something the adapter refused before the core saw it (e.g. file too large).
    rejected: str | None = None
    # Another URN the platform gave for the same sender (a WhatsApp user id beside the phone).
    also_known_as: str | None = None
    # The channel row that received it (several bots or numbers of one kind); None for the
    # channel the environment configures.
    channel_key: str | None = None

    @property
    def reply_channel(self) -> str:
        """The outbox channel that answers it: the one it came in on."""
        return self.channel_key or self.channel

    @property
    def kind(self) -> str:
        """A short label for the inbound log."""
        if self.choice:
            return "choice"
        if self.media:
            return "media"
        if self.location:
            return "location"
        if self.contact_phone:
            return "contact"
        return "text"


@dataclass(frozen=True, slots=True)
class Option:
    """A choice offered with a reply: a button, or a numbered line where there are none."""

    key: str
    label: str


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a reply (chart PNG, PDF, XLSX), stored under MEDIA_DIR."""

    path: str
    content_type: str
    filename: str


@dataclass(slots=True)
class Reply:
    """A message to send back (or to someone else, when `to_person_id` is set)."""

    text: str
    options: list[Option] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    to_person_id: int | None = None
    # To a chat identity that belongs to no one yet (a username account awaiting its link).
    to_identity_id: int | None = None
    kind: str = "reply"

    def to_payload(self) -> dict[str, Any]:
        """The JSON kept in the outbox."""
        return {
            "text": self.text,
            "options": [[o.key, o.label] for o in self.options],
            "attachments": [[a.path, a.content_type, a.filename] for a in self.attachments],
        }


@dataclass(frozen=True, slots=True)
class OutboundMessage:
    """An outbox row as an adapter sees it."""

    outbox_id: int
    channel: str
    address: str
    kind: str
    text: str
    options: tuple[Option, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    # Platform ids of the parts already delivered by an earlier attempt (any process).
    parts_sent: tuple[str, ...] = ()
    # Replies and notices are urgent: they go before bulk messages waiting for the same slot.
    urgent: bool = True
    # The recipient's language (of the row's person, else of the address's identity).
    locale: str = "id"
    # Values for a platform template standing in for the message (WhatsApp outside its window).
    template_variables: dict[str, Any] = field(default_factory=dict, hash=False)
    # When the contact last wrote on this channel (None: never).
    last_inbound_at: datetime | None = None
    # The row waits for the contact to write before it may go.
    awaits_window: bool = False
    # The row is itself an alert about a held message.
    is_alert: bool = False

    @classmethod
    def from_payload(
        cls,
        outbox_id: int,
        channel: str,
        address: str,
        kind: str,
        payload: dict[str, Any],
        *,
        parts_sent: tuple[str, ...] = (),
        urgent: bool = True,
        locale: str | None = None,
        last_inbound_at: datetime | None = None,
    ) -> OutboundMessage:
        """Rebuild from the outbox JSON and what the claim read about the recipient."""
        variables = payload.get(TEMPLATE_VARIABLES)
        return cls(
            outbox_id=outbox_id,
            channel=channel,
            address=address,
            kind=kind,
            text=str(payload.get("text", "")),
            options=tuple(Option(k, label) for k, label in payload.get("options", [])),
            attachments=tuple(Attachment(*a) for a in payload.get("attachments", [])),
            parts_sent=parts_sent,
            urgent=urgent,
            locale=locale or "id",
            template_variables=dict(variables) if isinstance(variables, dict) else {},
            last_inbound_at=last_inbound_at,
            awaits_window=bool(payload.get(AWAITS_WINDOW)),
            is_alert=bool(payload.get(ALERT_MARK)),
        )
