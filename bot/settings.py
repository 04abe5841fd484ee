"""The one settings object, read from the environment or a `.env` file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATA_DIR = Path("data")


class Settings(BaseSettings):
    """Everything the service can be told. Secrets are `SecretStr` so they never print."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    environment: Literal["local", "production", "test"] = "local"
    database_url: str = f"sqlite:///{DEFAULT_DATA_DIR / 'psmbot.sqlite3'}"
    media_dir: Path = DEFAULT_DATA_DIR / "media"
    default_timezone: str = "Asia/Jakarta"
    public_base_url: str = "http://127.0.0.1:8000"
    # The browser simulator lists the roster; on by default only outside production.
    simulator_enabled: bool | None = None

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org"
    telegram_mode: Literal["polling", "webhook"] = "polling"
    telegram_webhook_secret: SecretStr | None = None

    twilio_account_sid: str | None = None
    twilio_auth_token: SecretStr | None = None
    twilio_whatsapp_from: str | None = None
    twilio_api_base_url: str = "https://api.twilio.com"
    twilio_messages_per_second: float = 1.0

    # An abandoned draft is dropped after this long without a message.
    draft_ttl_hours: int = Field(default=72, ge=1)
    # Longest text accepted in one message; longer ones get a polite refusal, nothing stored.
    max_message_chars: int = Field(default=4000, ge=100)
    outbox_max_attempts: int = Field(default=8, ge=1)
    outbox_poll_seconds: float = Field(default=1.0, gt=0)

    @model_validator(mode="after")
    def _refuse_placeholders_outside_local(self) -> Settings:
        """In production a secret left at a placeholder value is an error, not a warning."""
        if self.simulator_enabled is None:
            self.simulator_enabled = self.environment != "production"
        if self.environment == "production":
            for name in ("telegram_bot_token", "twilio_auth_token", "telegram_webhook_secret"):
                value = getattr(self, name)
                if value is not None and value.get_secret_value() in {"changethis", "", "xxx"}:
                    raise ValueError(f"{name.upper()} is a placeholder; set a real value")
        return self

    @property
    def telegram_enabled(self) -> bool:
        """A Telegram token is configured."""
        return self.telegram_bot_token is not None

    @property
    def whatsapp_enabled(self) -> bool:
        """Twilio credentials and a WhatsApp sender are configured."""
        return bool(
            self.twilio_account_sid and self.twilio_auth_token and self.twilio_whatsapp_from
        )
