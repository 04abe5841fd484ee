"""Texts of the SMS channel: the hint under numbered options."""

ID: dict[str, str] = {
    "sms.options_hint": "Balas dengan nomor pilihan, misalnya 1.",
}

EN: dict[str, str] = {
    "sms.options_hint": "Reply with the number of your choice, e.g. 1.",
}
