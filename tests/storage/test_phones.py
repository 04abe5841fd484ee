"""Phone numbers as people write them."""

import pytest

from storage.phones import InvalidPhone, mask_phone, normalise_phone


@pytest.mark.parametrize(
    "raw",
    [
        "081234567001",
        "+6281234567001",
        "6281234567001",
        "0812-3456-7001",
        "+62 812 3456 7001",
        "whatsapp:+6281234567001",
        "(0812) 3456 7001",
    ],
)
def test_common_forms_become_e164(raw: str) -> None:
    assert normalise_phone(raw) == "+6281234567001"


@pytest.mark.parametrize("raw", ["", "abc", "12345", "0812", "+1 555"])
def test_malformed_numbers_are_refused(raw: str) -> None:
    with pytest.raises(InvalidPhone):
        normalise_phone(raw)


def test_masking_keeps_only_the_ends() -> None:
    assert mask_phone("+6281234567001") == "+628••••••7001"


def _by_the_general_parser(raw: str) -> str | None:
    """What phonenumbers' own parse, check and format say of a number (None: invalid)."""
    import phonenumbers

    digits = "".join(ch for ch in raw if ch.isdigit())
    national = raw.startswith("+") or not digits.startswith("62") or len(digits) < 10
    text = raw if national else "+" + digits
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def test_the_quick_path_for_mobile_numbers_agrees_with_the_general_parser() -> None:
    import random

    rng = random.Random(7)
    valid = 0
    for _ in range(5000):
        prefix = rng.choice(["0", "62", "+62", "+62 ", "(0", "62-"])
        body = "8" + "".join(rng.choice("0123456789") for _ in range(rng.randint(6, 13)))
        if rng.random() < 0.5:
            cut = rng.randint(1, len(body) - 1)
            body = body[:cut] + rng.choice([" ", "-", ".", ") "]) + body[cut:]
        raw = prefix + body
        try:
            ours: str | None = normalise_phone(raw)
        except InvalidPhone:
            ours = None
        assert ours == _by_the_general_parser(raw), raw
        valid += ours is not None
    assert 1000 < valid < 4000  # both kinds of number were tried
