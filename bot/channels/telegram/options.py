"""How the Telegram channel is configured: its options, from the TELEGRAM_* settings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from bot.channels.base import channel_path
from bot.channels.telegram.limits import TelegramLimits
from bot.settings import Settings

WEBHOOK_PATH = channel_path("telegram", None, "webhook")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram accepts 1-256 characters A-Z, a-z, 0-9, _ and - as a webhook secret.
VALID_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


@dataclass(frozen=True, slots=True)
class TelegramOptions:
    """How the channel talks to Telegram; the defaults are Telegram's own limits."""

    mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str | None = None
    webhook_secret: str | None = None
    limits: TelegramLimits = field(default_factory=TelegramLimits)
    # Connecting is quick or fails; an answer to a send may take long (a PDF upload, a busy
    # Telegram), and a send given up too early is sent twice.
    connect_timeout_seconds: float = 10.0
    send_timeout_seconds: float = 60.0
    poll_timeout_seconds: int = 30
    poll_lease_seconds: float = 30.0
    max_in_flight: int = 48


def valid_secret(secret: str | None) -> bool:
    """A webhook secret Telegram accepts."""
    return secret is not None and VALID_SECRET.fullmatch(secret) is not None


def options_from(settings: Settings, key: str | None = None) -> TelegramOptions:
    """The options the TELEGRAM_* settings describe (for channel row `key`, its own webhook)."""
    secret = settings.telegram_webhook_secret
    return TelegramOptions(
        mode=settings.telegram_mode,
        webhook_url=settings.public_base_url.rstrip("/") + channel_path("telegram", key, "webhook"),
        webhook_secret=secret.get_secret_value() if secret else None,
    )
