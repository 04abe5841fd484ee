"""The Twilio account's section of the settings (TWILIO_*), shared by WhatsApp and SMS."""

from __future__ import annotations

from pydantic import BaseModel, Field, SecretStr


class TwilioSettings(BaseModel):
    """The account the Twilio channels send through, and how fast."""

    twilio_account_sid: str | None = None
    twilio_auth_token: SecretStr | None = None
    twilio_api_base_url: str = "https://api.twilio.com"
    twilio_messages_per_second: float = Field(default=1.0, gt=0)

    @property
    def twilio_account_set(self) -> bool:
        """The account's SID and auth token are both configured."""
        return bool(self.twilio_account_sid and self.twilio_auth_token)
