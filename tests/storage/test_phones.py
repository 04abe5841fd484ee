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
