"""The Telegram channel's section of the settings (TELEGRAM_*), part of `bot.settings.Settings`."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, SecretStr


class TelegramSettings(BaseModel):
    """One bot: its token, how updates arrive, and the Bot API's address."""

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org"
    telegram_mode: Literal["polling", "webhook"] = "polling"
    telegram_webhook_secret: SecretStr | None = None

    @property
    def telegram_enabled(self) -> bool:
        """A Telegram token is configured."""
        return self.telegram_bot_token is not None
