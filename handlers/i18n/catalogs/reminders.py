"""Texts of follow-up prompts on quiet cases and the weekly nudge to report."""

ID: dict[str, str] = {
    "reminders.followup": (
        "Kasus {client} belum diperbarui sejak {since} ({days} hari). Bagaimana perkembangannya?"
    ),
    "reminders.followup.visit": "🏠 Sudah dikunjungi",
    "reminders.followup.nochange": "⏸️ Belum ada perubahan",
    "reminders.followup.close": "✅ Tutup kasus",
    "reminders.followup.escalation": (
        "Info untuk TKSK: kasus {client} di {area} (PSM {psm}) belum diperbarui selama {days} "
        "hari. Mohon dibantu menindaklanjuti."
    ),
    "reminders.followup.done_visit": "Terima kasih, kunjungan ke {client} tercatat.",
    "reminders.followup.done_nochange": (
        "Baik, tercatat belum ada perubahan untuk {client}. Saya akan menanyakan lagi nanti."
    ),
    "reminders.followup.done_close": "Kasus {client} ditutup. Terima kasih atas pendampingannya.",
    "reminders.followup.not_yours": "Mohon maaf, kasus ini tidak tercatat atas nama Bapak/Ibu.",
    "reminders.followup.gone": "Kasus ini sudah ditutup atau tidak aktif lagi.",
    "reminders.nudge": (
        "Halo, {name}. Minggu ini belum ada laporan dari Bapak/Ibu. Bila ada kegiatan, kirim "
        "saja seperti biasa (teks + foto), atau ketik /menu. Terima kasih atas kerja kerasnya! 🙏"
    ),
}

EN: dict[str, str] = {
    "reminders.followup": (
        "The case of {client} has had no update since {since} ({days} days). How is it going?"
    ),
    "reminders.followup.visit": "🏠 Visited",
    "reminders.followup.nochange": "⏸️ No change yet",
    "reminders.followup.close": "✅ Close the case",
    "reminders.followup.escalation": (
        "For the TKSK: the case of {client} in {area} (PSM {psm}) has had no update for {days} "
        "days. Please help follow it up."
    ),
    "reminders.followup.done_visit": "Thank you, the visit to {client} is recorded.",
    "reminders.followup.done_nochange": (
        "OK, noted that nothing changed for {client}. I will ask again later."
    ),
    "reminders.followup.done_close": "The case of {client} is closed. Thank you for your support.",
    "reminders.followup.not_yours": "Sorry, this case is not recorded under your name.",
    "reminders.followup.gone": "This case is closed or no longer active.",
    "reminders.nudge": (
        "Hello, {name}. We have no report from you this week. If you did any work, just send it "
        "as usual (text + photos), or type /menu. Thank you for your hard work! 🙏"
    ),
}
