"""Signed, expiring links to files under MEDIA_DIR, for Twilio to fetch as `media_url`."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

# Twilio fetches the file within seconds of the send; a day leaves room for retries.
LINK_LIFETIME = timedelta(hours=24)
_PURPOSE = b"psmbot-media-link:"


class InvalidLink(ValueError):
    """The link is forged, altered, expired, or names a file outside MEDIA_DIR."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    # Base64's last character carries spare bits; only the one canonical spelling is accepted,
    # so a token differs from a valid one only by being invalid.
    if _b64(data) != text:
        raise ValueError("non-canonical base64")
    return data


def _mac(secret: str, message: bytes) -> bytes:
    return hmac.new(_PURPOSE + secret.encode(), message, hashlib.sha256).digest()[:20]


def media_token(secret: str, relative_path: str, *, now: datetime) -> str:
    """A token naming one file until `now + LINK_LIFETIME`."""
    expires = int((now + LINK_LIFETIME).timestamp())
    message = f"{relative_path}\n{expires}".encode()
    return f"{_b64(message)}.{_b64(_mac(secret, message))}"


def media_path(secret: str, media_dir: Path, token: str, *, now: datetime) -> Path:
    """The file a token names, after checking its signature, age and place."""
    try:
        encoded, signature = token.split(".", 1)
        message = _unb64(encoded)
        given = _unb64(signature)
        relative, expires = message.decode().rsplit("\n", 1)
        expires_at = int(expires)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidLink("malformed") from exc
    if not hmac.compare_digest(given, _mac(secret, message)):
        raise InvalidLink("bad signature")
    if now.timestamp() > expires_at:
        raise InvalidLink("expired")
    root = media_dir.resolve()
    target = (root / relative).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        raise InvalidLink("no such file")
    return target


def media_link(
    public_base_url: str,
    secret: str,
    relative_path: str,
    filename: str,
    *,
    now: datetime,
    prefix: str = "",
) -> str:
    """The public URL of a file; it ends in the file name, which WhatsApp shows for documents."""
    return public_base_url.rstrip("/") + media_link_path(
        secret, relative_path, filename, now=now, prefix=prefix
    )


def media_link_path(
    secret: str, relative_path: str, filename: str, *, now: datetime, prefix: str = ""
) -> str:
    """The path part of `media_link`, starting with a slash (after `prefix`: a channel row's
    `/whatsapp/<key>`, whose own secret signs it)."""
    token = media_token(secret, relative_path, now=now)
    return f"{prefix}/media/{token}/{quote(filename or Path(relative_path).name)}"
