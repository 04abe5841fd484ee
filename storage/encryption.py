"""Sensitive columns encrypted at rest (Fernet), with a keyed hash to find a NIK again.

Keys are Fernet keys, newest first: the newest encrypts, every one of them decrypts
(MultiFernet), so a new key can be put in front and old rows re-encrypted at leisure
(`psmbot privacy rotate-keys`). The lookup hash of a NIK is an HMAC-SHA256 under a key derived
from each Fernet key, so a search tries every key and keeps working while keys rotate.

The keyring is installed once per process by the composition root (or the CLI) from the
settings. A column type cannot be handed a key per call, which is why this one piece of state is
process-wide rather than injected.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

# Every Fernet token starts with its version byte 0x80, base64 "gAAAAA".
TOKEN_PREFIX = "gAAAAA"


class KeyMissing(RuntimeError):
    """Encrypted data was read or written with no key configured."""


class Keyring:
    """The Fernet keys of a deployment, newest first, and their lookup-hash keys."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise ValueError("at least one encryption key is needed")
        try:
            fernets = [Fernet(key) for key in keys]
        except (ValueError, TypeError) as exc:
            raise ValueError(
                "an encryption key is not a Fernet key (32 url-safe base64 bytes)"
            ) from exc
        self._multi = MultiFernet(fernets)
        self._lookup_keys = [_lookup_key(key) for key in keys]

    @classmethod
    def parse(cls, value: str) -> Keyring:
        """Keys from a setting: separated by commas or whitespace, newest first."""
        return cls([k for k in value.replace(",", " ").split() if k])

    @staticmethod
    def generate_key() -> str:
        """A new random key."""
        return Fernet.generate_key().decode()

    def encrypt(self, text: str) -> str:
        """A token for the text, under the newest key."""
        return self._multi.encrypt(text.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        """The text behind a token made with any of the keys."""
        return self._multi.decrypt(token.encode("ascii")).decode("utf-8")

    def rotate(self, token: str) -> str:
        """The same text re-encrypted under the newest key."""
        return self._multi.rotate(token.encode("ascii")).decode("ascii")

    def lookup_hash(self, value: str) -> str:
        """The keyed hash stored beside an encrypted value to find it (newest key)."""
        return _hmac(self._lookup_keys[0], value)

    def lookup_hashes(self, value: str) -> list[str]:
        """The value's hash under every key: what a search compares against."""
        return [_hmac(key, value) for key in self._lookup_keys]


def _lookup_key(key: str) -> bytes:
    """A separate key for hashing, derived from a Fernet key (never the key itself)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"psmbot lookup hash").derive(
        base64.urlsafe_b64decode(key.encode("ascii"))
    )


def _hmac(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


_keyring: Keyring | None = None


def install_keyring(keyring: Keyring | None) -> None:
    """Make `keyring` the one this process encrypts and decrypts with."""
    global _keyring
    _keyring = keyring


def current_keyring() -> Keyring:
    """The installed keyring; KeyMissing when the process has none."""
    if _keyring is None:
        raise KeyMissing("no encryption key configured (DATA_ENCRYPTION_KEYS)")
    return _keyring


def is_token(value: str) -> bool:
    """The value looks like a Fernet token rather than plain text."""
    return value.startswith(TOKEN_PREFIX)


def decrypt_or_plain(value: str) -> str:
    """A stored value as text: decrypted when it is a token, as it is otherwise (migrations)."""
    if not is_token(value):
        return value
    try:
        return current_keyring().decrypt(value)
    except InvalidToken:
        return value


class EncryptedText(TypeDecorator[str]):
    """A text column stored as a Fernet token; Python code sees the plain text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return current_keyring().encrypt(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return current_keyring().decrypt(str(value))
