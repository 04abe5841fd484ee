"""A Twilio SMS webhook as the core's `Inbound`: the sender's phone and the text, nothing more."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from handlers.messages import Inbound

CHANNEL = "sms"
SID = re.compile(r"[A-Za-z0-9]{1,64}")
SENDER = re.compile(r"\+?[0-9]{6,15}")
# Twilio joins a long SMS from its segments into one body of at most 1,600 characters;
# anything far longer is not from Twilio.
MAX_BODY_CHARS = 65_536


def shape_problem(fields: Mapping[str, str]) -> str | None:
    """What is wrong with an inbound webhook's fields, or None when it has Twilio's shape."""
    if not SID.fullmatch(fields.get("MessageSid", "")):
        return "MessageSid is required (letters and digits)"
    if not SENDER.fullmatch(fields.get("From", "").strip()):
        return "From must be a phone number (+<digits>)"
    if len(fields.get("Body", "")) > MAX_BODY_CHARS:
        return "Body is too long"
    return None


def normalise(fields: Mapping[str, str], *, now: datetime) -> Inbound:
    """The Inbound of one SMS; an MMS's pictures are not fetched (the channel is text only)."""
    address = fields.get("From", "").strip()
    return Inbound(
        channel=CHANNEL,
        address=address,
        urn=f"{CHANNEL}:{address}",
        external_id=fields.get("MessageSid", ""),
        received_at=now,
        text=fields.get("Body", ""),
    )
