"""Twilio's Programmable Messaging, shared by the channels it carries (WhatsApp, SMS).

The REST client pointed at TWILIO_API_BASE_URL (`rest`), signed webhooks (`webhooks`) and
delivery status callbacks (`status`).
"""

# Twilio refuses a message body longer than 1,600 characters, on WhatsApp as on SMS (a long
# SMS goes in segments that the phone joins again); each channel declares it as its limit.
MAX_BODY_CHARS = 1600

# The settings every Twilio channel reads; a channel row may set each under its prefix (one
# account with several numbers sets only its number).
ACCOUNT_FIELDS = (
    "twilio_account_sid",
    "twilio_auth_token",
    "twilio_api_base_url",
    "twilio_messages_per_second",
)
