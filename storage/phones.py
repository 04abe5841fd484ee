"""Phone numbers in the one form they are stored in: E.164 (+62812...)."""

from __future__ import annotations

import phonenumbers


class InvalidPhone(ValueError):
    """The text is not a phone number that can be reached."""


def normalise_phone(raw: str, region: str = "ID") -> str:
    """Turn 0812..., 62812..., +62 812-... into +62812...; raise InvalidPhone otherwise."""
    text = raw.strip().removeprefix("whatsapp:").removeprefix("tel:")
    digits = "".join(ch for ch in text if ch.isdigit())
    if not digits:
        raise InvalidPhone(raw)
    # "62812..." without the plus is the usual way Indonesians write the country code.
    if not text.startswith("+") and digits.startswith("62") and len(digits) >= 10:
        text = "+" + digits
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(raw) from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def mask_phone(phone: str) -> str:
    """Show only the last four digits, for places where a number must not be read in full."""
    return phone[:4] + "•" * max(0, len(phone) - 8) + phone[-4:] if len(phone) > 8 else phone
