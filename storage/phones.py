"""Phone numbers in the one form they are stored in: E.164 (+62812...)."""

from __future__ import annotations

import re

import phonenumbers

# A WhatsApp business-scoped user id: two letters, a dot, up to 128 letters and digits (a parent
# id has `ENT.` after the country), e.g. `ID.1234567890123456`. Never a phone number.
_BSUID = re.compile(r"^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$")


def is_business_scoped_id(text: str) -> bool:
    """Whether an address is a WhatsApp username account's id rather than a phone number."""
    return bool(_BSUID.match(text.strip().removeprefix("whatsapp:")))


class InvalidPhone(ValueError):
    """The text is not a phone number that can be reached."""


# An Indonesian mobile number as rosters write it: 0812..., 62812..., +62 812-3456-7001.
_ID_MOBILE = re.compile(r"^(?:\+62|62|0)(8\d{7,11})$")
_SEPARATORS = re.compile(r"[\s().-]+")


def normalise_phone(raw: str, region: str = "ID") -> str:
    """Turn 0812..., 62812..., +62 812-... into +62812...; raise InvalidPhone otherwise."""
    text = raw.strip().removeprefix("whatsapp:").removeprefix("tel:")
    if is_business_scoped_id(text):
        raise InvalidPhone(raw)  # `ID.6281...` carries digits, but it is no number to call
    if region == "ID":
        # The usual case without the general parser (a roster has thousands): the number's
        # validity is still the library's own check; anything else takes the long way.
        mobile = _ID_MOBILE.match(_SEPARATORS.sub("", text))
        if mobile is not None:
            number = phonenumbers.PhoneNumber(country_code=62, national_number=int(mobile[1]))
            if phonenumbers.is_valid_number(number):
                return f"+62{mobile[1]}"
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
