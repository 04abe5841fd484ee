"""Texts only Telegram needs: its features that other channels do not have."""

ID: dict[str, str] = {
    "rejected.edited": (
        "Mohon maaf, pesan yang diubah tidak saya proses. Jika ada yang perlu diperbaiki, "
        "silakan kirim pesan baru. Laporan yang sedang diisi tetap tersimpan."
    ),
}

EN: dict[str, str] = {
    "rejected.edited": (
        "Sorry, I don't read edited messages. If something needs correcting, please send a new "
        "message. Your report in progress is kept."
    ),
}
