"""The WhatsApp channel's section of the settings, part of `bot.settings.Settings`."""

from __future__ import annotations

from pydantic import BaseModel, Field

from bot.channels.twilio_messaging.settings import TwilioSettings


class WhatsAppTemplate(BaseModel):
    """An approved WhatsApp template (Twilio Content SID) and the names of its variables."""

    content_sid: str = Field(pattern=r"^HX[0-9a-fA-F]{32}$")
    # Variable {{1}} is the first name here, {{2}} the second, ...
    variables: list[str] = Field(default_factory=list)


class WhatsAppSettings(TwilioSettings):
    """The WhatsApp sender on the Twilio account, and its approved templates."""

    twilio_whatsapp_from: str | None = None
    # Outbox kind -> template, as JSON: {"meeting_reminder": {"content_sid": "HX...",
    # "variables": ["name", "date"]}}. Used outside WhatsApp's 24-hour window.
    whatsapp_templates: dict[str, WhatsAppTemplate] = Field(default_factory=dict)

    @property
    def whatsapp_enabled(self) -> bool:
        """Twilio credentials and a WhatsApp sender are configured."""
        return self.twilio_account_set and bool(self.twilio_whatsapp_from)
