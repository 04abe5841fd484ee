"""The one settings object, read from the environment or a `.env` file.

Each channel keeps its own section in its package (`bot/channels/<name>/settings.py`); the
settings object is made of them and of what the rest of the service needs.
"""

from __future__ import annotations

import ipaddress
from datetime import time
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.channels.sms.settings import SmsSettings
from bot.channels.telegram.settings import TelegramSettings
from bot.channels.whatsapp.settings import WhatsAppSettings, WhatsAppTemplate

__all__ = ["Settings", "WhatsAppTemplate"]

DEFAULT_DATA_DIR = Path("data")
# Environments where the browser simulator may be on without a token.
LOCAL_ENVIRONMENTS = ("local", "test")
# Values people leave in a `.env` copied from an example.
PLACEHOLDERS = {
    "",
    "changethis",
    "changeme",
    "change-me",
    "change_me",
    "xxx",
    "secret",
    "token",
    "placeholder",
    "todo",
    "test",
}


def _real(value: SecretStr | None) -> bool:
    """A secret that is set and is no placeholder."""
    if value is None:
        return False
    text = value.get_secret_value().strip()
    return text.lower() not in PLACEHOLDERS and not set(text.lower()) <= {"x"}


def _loopback(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


class Settings(TelegramSettings, WhatsAppSettings, SmsSettings, BaseSettings):
    """Everything the service can be told. Secrets are `SecretStr` so they never print."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    environment: Literal["local", "production", "test"] = "local"
    database_url: str = f"sqlite:///{DEFAULT_DATA_DIR / 'psmbot.sqlite3'}"
    media_dir: Path = DEFAULT_DATA_DIR / "media"
    default_timezone: str = "Asia/Jakarta"
    public_base_url: str = "http://127.0.0.1:8000"
    # The browser simulator lists the roster and lets anyone write as any number: on by
    # default only for local use with no platform credential; outside local it needs a token.
    simulator_enabled: bool | None = None
    simulator_token: SecretStr | None = None
    # Production runs on PostgreSQL; SQLite there only when someone says so.
    allow_sqlite_in_production: bool = False

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
    # How often a sender looks for due rows when nothing woke it (other processes' replies).
    outbox_poll_seconds: float = Field(default=0.5, gt=0)
    # A sender's claim on a row lasts this long unless renewed (it is, while the send runs);
    # a killed process's rows go out again after it. Longer than any send may take.
    outbox_claim_seconds: float = Field(default=45.0, ge=5)
    # The lease of the one sender per channel; another process takes over after it lapses.
    sender_lease_seconds: float = Field(default=15.0, ge=2)
    # /healthz answers 503 when a due outbox row has waited longer than this.
    outbox_stall_seconds: float = Field(default=300.0, gt=0)
    # Render jobs (reports): tries before the recipient and the admins are told it failed.
    render_max_attempts: int = Field(default=4, ge=1)

    # The scheduler (meeting reminders, follow-ups, nudges, weekly reports). Off in tests that
    # exercise other parts, so a real clock never adds messages to what they check.
    scheduler_enabled: bool = True
    # Seconds a scheduler holds its database lease; another instance takes over after that.
    scheduler_lease_seconds: int = Field(default=60, ge=2)
    # How often the scheduler looks for due report subscriptions and meeting moments.
    scheduler_tick_seconds: float = Field(default=30.0, gt=0)
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
    def _safe_defaults(self) -> Settings:
        """Refuse what would be unsafe in a real deployment, before anything starts."""
        local = self.environment in LOCAL_ENVIRONMENTS
        if self.simulator_enabled is None:
            self.simulator_enabled = local and not self.has_platform_credentials
        if self.simulator_enabled and not local and not _real(self.simulator_token):
            raise ValueError(
                "SIMULATOR_ENABLED outside local use needs SIMULATOR_TOKEN (a long random value; "
                "the simulator is then reached at /simulator?token=...)"
            )
        if self.environment == "production":
            keys = self.data_encryption_keys
            if keys is None or not keys.get_secret_value().strip():
                raise ValueError("DATA_ENCRYPTION_KEYS is required in production")
            self._refuse_in_production()
        return self

    def _refuse_in_production(self) -> None:
        for name in (
            "telegram_bot_token",
            "twilio_auth_token",
            "telegram_webhook_secret",
            "simulator_token",
        ):
            value = getattr(self, name)
            if value is not None and not _real(value):
                raise ValueError(f"{name.upper()} is a placeholder; set a real value")
        if self.twilio_account_sid is not None and self.twilio_account_sid.lower() in PLACEHOLDERS:
            raise ValueError("TWILIO_ACCOUNT_SID is a placeholder; set a real value")
        if self.database_url.startswith("sqlite") and not self.allow_sqlite_in_production:
            raise ValueError(
                "ENVIRONMENT=production needs PostgreSQL (DATABASE_URL=postgresql://...); "
                "set ALLOW_SQLITE_IN_PRODUCTION=1 to run on SQLite anyway"
            )
        host = (urlsplit(self.public_base_url).hostname or "").lower()
        if not host or host == "localhost" or _loopback(host):
            raise ValueError(
                f"PUBLIC_BASE_URL={self.public_base_url} is not reachable from outside; set the "
                "https address the platforms call (e.g. https://psmbot.example.go.id)"
            )

    @property
    def has_platform_credentials(self) -> bool:
        """Any Telegram or Twilio credential is set (a real deployment, not a demo)."""
        return bool(self.telegram_bot_token or self.twilio_account_sid or self.twilio_auth_token)
