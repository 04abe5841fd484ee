"""Security set up once per process: the encryption keyring and the redacting log filter."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from bot.settings import Settings
from storage.encryption import Keyring, install_keyring
from storage.personal_data import mask_personal_data
from storage.redaction import redact, register_secret

log = logging.getLogger(__name__)


class RedactingFilter(logging.Filter):
    """Takes secrets, media tokens and personal data (NIK, phone, names) out of each record.

    Attach it to handlers: every record that reaches them passes through it, whatever logger
    it came from. The record is changed in place and always let through.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a bad format string: keep what there is
            message = str(record.msg)
        record.msg = clean_log_text(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = clean_log_text(record.exc_text)
        if record.stack_info:
            record.stack_info = clean_log_text(record.stack_info)
        return True


def clean_log_text(text: str) -> str:
    """A log line without secrets or personal data."""
    return mask_personal_data(redact(text))


def install_log_filter(logger: logging.Logger | None = None) -> None:
    """Put the filter on every handler of `logger` (the root logger by default)."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())


def keyring_from_settings(settings: Settings) -> Keyring:
    """The keyring the settings name; outside production a key file is made when none is set."""
    if settings.data_encryption_keys is not None:
        return Keyring.parse(settings.data_encryption_keys.get_secret_value())
    if settings.environment == "production":  # the settings refuse this already; be sure
        raise RuntimeError("DATA_ENCRYPTION_KEYS is required in production")
    return Keyring([_local_key(settings.encryption_key_file)])


def _local_key(path: Path) -> str:
    """The key kept in a file beside local data, created on first use."""
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Keyring.generate_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    log.warning(
        "no DATA_ENCRYPTION_KEYS set: made a local key in %s (keep it with the database)", path
    )
    return key


def configure_security(settings: Settings) -> None:
    """Install the keyring and register every secret for redaction (safe to call again)."""
    keyring = keyring_from_settings(settings)
    install_keyring(keyring)
    for secret in (
        settings.telegram_bot_token,
        settings.twilio_auth_token,
        settings.telegram_webhook_secret,
        settings.data_encryption_keys,
    ):
        if secret is not None:
            value = secret.get_secret_value()
            register_secret(value)
            for part in value.replace(",", " ").split():
                register_secret(part)
    install_log_filter()
