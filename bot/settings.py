"""The one settings object, read from the environment or a `.env` file."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATA_DIR = Path("data")


class WhatsAppTemplate(BaseModel):
    """An approved WhatsApp template (Twilio Content SID) and the names of its variables."""

    content_sid: str = Field(pattern=r"^HX[0-9a-fA-F]{32}$")
    # Variable {{1}} is the first name here, {{2}} the second, ...
    variables: list[str] = Field(default_factory=list)


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
    twilio_messages_per_second: float = Field(default=1.0, gt=0)
    # Outbox kind -> template, as JSON: {"meeting_reminder": {"content_sid": "HX...",
    # "variables": ["name", "date"]}}. Used outside WhatsApp's 24-hour window.
    whatsapp_templates: dict[str, WhatsAppTemplate] = Field(default_factory=dict)

    # Fernet keys for the encrypted columns (NIK, case problem), newest first, separated by
    # commas. Required in production; elsewhere a key is kept in `encryption_key_file`.
    data_encryption_keys: SecretStr | None = None
    encryption_key_file: Path = DEFAULT_DATA_DIR / "encryption.key"

    # UU PDP retention (days): the inbound message log, the content of sent outbox messages,
    # and closed cases with their media. `psmbot retention purge` (and the nightly job at
    # `retention_purge_time`, the deployment's default zone) deletes what is older.
    retention_inbound_days: int = Field(default=90, ge=1)
    retention_outbox_days: int = Field(default=90, ge=1)
    retention_closed_case_days: int = Field(default=1825, ge=30)
    retention_purge_time: time = time(2, 30)

    # An abandoned draft is dropped after this long without a message.
    draft_ttl_hours: int = Field(default=72, ge=1)
    # Longest text accepted in one message; longer ones get a polite refusal, nothing stored.
    max_message_chars: int = Field(default=4000, ge=100)
    outbox_max_attempts: int = Field(default=8, ge=1)
    outbox_poll_seconds: float = Field(default=1.0, gt=0)

    # The scheduler (meeting reminders, follow-ups, nudges, weekly reports). Off in tests that
    # exercise other parts, so a real clock never adds messages to what they check.
    scheduler_enabled: bool = True
    # Seconds a scheduler holds its database lease; another instance takes over after that.
    scheduler_lease_seconds: int = Field(default=60, ge=10)
    # Non-urgent messages are not sent between these local times; they wait for the morning.
    quiet_hours_start: time = time(21, 0)
    quiet_hours_end: time = time(6, 0)
    # A case with no update for this many days prompts its PSM; after the second number of
    # days more, the TKSK is told. Checked daily at the local time below.
    followup_days: int = Field(default=14, ge=1)
    followup_escalation_days: int = Field(default=7, ge=1)
    followup_time: time = time(9, 0)
    # The weekly nudge to a PSM with no report yet (Monday = 0 ... Friday = 4), local time.
    nudge_weekday: int = Field(default=4, ge=0, le=6)
    nudge_time: time = time(16, 0)

    @model_validator(mode="after")
    def _refuse_placeholders_outside_local(self) -> Settings:
        """In production a secret left at a placeholder value is an error, not a warning."""
        if self.simulator_enabled is None:
            self.simulator_enabled = self.environment != "production"
        if self.environment == "production":
            keys = self.data_encryption_keys
            if keys is None or not keys.get_secret_value().strip():
                raise ValueError("DATA_ENCRYPTION_KEYS is required in production")
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
