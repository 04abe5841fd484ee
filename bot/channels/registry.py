"""The channels this service knows, in the order they are built (the simulator first).

A new channel is a package under `bot/channels/` declaring one `ChannelType`, and one line here.
"""

from __future__ import annotations

from bot.channels.base import ChannelType
from bot.channels.simulator.channel_type import SIMULATOR
from bot.channels.sms.channel_type import SMS
from bot.channels.telegram.channel_type import TELEGRAM
from bot.channels.whatsapp.channel_type import WHATSAPP

CHANNEL_TYPES: tuple[ChannelType, ...] = (
    SIMULATOR,
    WHATSAPP,
    TELEGRAM,
    SMS,
)

_BY_CODE = {channel_type.code: channel_type for channel_type in CHANNEL_TYPES}


def channel_type(code: str) -> ChannelType | None:
    """The declaration of the channel with this code, if there is one."""
    return _BY_CODE.get(code)


def address_is_phone(code: str) -> bool:
    """On this channel the sender's address is their phone number."""
    found = _BY_CODE.get(code)
    return found is not None and found.phone_addresses
