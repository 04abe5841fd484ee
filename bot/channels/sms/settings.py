"""The SMS channel's section of the settings, part of `bot.settings.Settings`."""

from __future__ import annotations

from bot.channels.twilio_messaging.settings import TwilioSettings


class SmsSettings(TwilioSettings):
    """The number SMS go from on the Twilio account."""

    # E.164 (+1415..., +62...); SMS is on when it and the account's credentials are set.
    twilio_sms_from: str | None = None

    @property
    def sms_enabled(self) -> bool:
        """Twilio credentials and an SMS sender are configured."""
        return self.twilio_account_set and bool(self.twilio_sms_from)
