"""Texts of the WhatsApp channel: alerts to admins about held messages."""

ID: dict[str, str] = {
    "whatsapp.admin.no_template": (
        '⚠️ Pesan WhatsApp jenis "{kind}" ditahan: penerimanya sudah lebih dari 24 jam tidak '
        "mengirim pesan, dan belum ada template WhatsApp yang disetujui untuk jenis ini. "
        "Mohon tambahkan templatenya di pengaturan WHATSAPP_TEMPLATES."
    ),
    "whatsapp.admin.missing_variable": (
        '⚠️ Pesan WhatsApp jenis "{kind}" ditahan: templatenya memerlukan isian "{variable}" '
        "yang tidak ada pada pesan. Mohon periksa pengaturan WHATSAPP_TEMPLATES."
    ),
}

EN: dict[str, str] = {
    "whatsapp.admin.no_template": (
        '⚠️ A WhatsApp message of kind "{kind}" is held: its recipient has not written for more '
        "than 24 hours, and no approved WhatsApp template is set for this kind. Please add one "
        "in the WHATSAPP_TEMPLATES setting."
    ),
    "whatsapp.admin.missing_variable": (
        '⚠️ A WhatsApp message of kind "{kind}" is held: its template needs the value '
        '"{variable}", which the message does not have. Please check WHATSAPP_TEMPLATES.'
    ),
}
