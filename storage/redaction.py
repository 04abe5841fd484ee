"""Secrets taken out of any text before it is written: logs, and errors kept in the database.

The bot token, the Twilio auth token, the webhook secret and the encryption keys are registered
once at start (`register_secret`); signed media tokens and bot-token shapes are recognised by
pattern, so a token that was mistyped (and so never registered) is caught too.
"""

from __future__ import annotations

import re
import threading

REDACTED = "[redacted]"
# A Telegram bot token: the bot's id, a colon, 35 characters (`123456789:AA...`).
_BOT_TOKEN = re.compile(r"(?<![0-9])[0-9]{5,12}:[A-Za-z0-9_-]{30,}")
# A signed media link: /media/<payload>.<signature>/<file name>, both parts url-safe base64.
_MEDIA_TOKEN = re.compile(r"(/media/)[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")
# A dashboard sign-in link: /dasbor/masuk/<token> (usable for minutes, never worth logging).
_SIGN_IN_TOKEN = re.compile(r"(/dasbor/masuk/)[A-Za-z0-9_-]{16,}")
# Short values would redact ordinary words; real secrets are long.
MIN_SECRET_LENGTH = 8

_lock = threading.Lock()
_secrets: tuple[str, ...] = ()


def register_secret(value: str | None) -> None:
    """Redact this value from now on (values shorter than eight characters are ignored)."""
    global _secrets
    if not value or len(value) < MIN_SECRET_LENGTH:
        return
    with _lock:
        if value not in _secrets:
            # Longest first, so a secret containing another is replaced whole.
            _secrets = tuple(sorted((*_secrets, value), key=len, reverse=True))


def redact(text: str) -> str:
    """The text with every registered secret, bot token, media and sign-in token replaced."""
    if not text:
        return text
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    text = _BOT_TOKEN.sub(REDACTED, text)
    text = _SIGN_IN_TOKEN.sub(rf"\g<1>{REDACTED}", text)
    return _MEDIA_TOKEN.sub(rf"\g<1>{REDACTED}", text)
