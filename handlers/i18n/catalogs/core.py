"""Texts of the core conversation: greeting, menu, help, guard rails."""

ID: dict[str, str] = {
    "welcome": (
        "Selamat datang, {name}! 👋\n"
        "Saya asisten pelaporan PSM {area}. Kirim laporan kegiatan atau kasus seperti biasa "
        "(teks + foto), atau pilih menu di bawah."
    ),
    "menu.title": "Menu utama. Silakan pilih:",
    # Under options written as numbered lines, on a channel without buttons (WhatsApp, SMS).
    "options.numbered_hint": "Balas dengan nomor pilihan, misalnya 1.",
    "menu.activity": "📝 Lapor kegiatan",
    "menu.case": "🧑‍🤝‍🧑 Lapor kasus baru",
    "menu.my_cases": "📂 Kasus saya",
    "menu.help": "❓ Bantuan",
    "help": (
        "Cara melapor:\n"
        '• Kirim pesan seperti biasa, misalnya: "kmrn dampingi penyaluran BPNT di RW 05, '
        '32 KPM" beserta fotonya. Saya akan menyusun laporannya dan hanya menanyakan yang '
        "kurang.\n"
        "• Atau ketik /menu untuk melapor langkah demi langkah.\n"
        "• /kasus untuk melihat kasus Bapak/Ibu yang masih terbuka.\n"
        "• /ubah atau /hapus untuk memperbaiki laporan terakhir (dalam 24 jam).\n"
        "• /rapat untuk rapat rutin PSM; /laporan untuk rekap mingguan (koordinator).\n"
        "• /batal untuk membatalkan laporan yang sedang diisi."
    ),
    "unknown_sender": (
        "Mohon maaf, nomor ini belum terdaftar sebagai PSM. Data laporan hanya dapat dilihat "
        "oleh pengguna terdaftar.\nJika Bapak/Ibu seorang PSM, silakan ajukan pendaftaran; "
        "TKSK kecamatan akan memeriksanya."
    ),
    "inactive_sender": (
        "Mohon maaf, akun Bapak/Ibu sedang tidak aktif. Silakan hubungi TKSK kecamatan."
    ),
    "group_chat": (
        "Untuk menjaga kerahasiaan data warga, laporan hanya bisa dikirim lewat chat pribadi "
        "dengan saya. Silakan buka chat pribadi. 🙏"
    ),
    "too_long": (
        "Mohon maaf, pesannya terlalu panjang ({length} karakter, maksimal {limit}). "
        "Mohon diringkas, ya. Laporan yang sedang diisi tetap tersimpan."
    ),
    "rejected.too_large": (
        "Mohon maaf, berkasnya terlalu besar (maksimal {limit_mb} MB). Silakan kirim foto yang "
        "lebih kecil. Laporan yang sedang diisi tetap tersimpan."
    ),
    "rejected.file_type": (
        "Mohon maaf, jenis berkas ini tidak bisa diterima. Kirim foto (JPG/PNG) atau PDF; "
        "daftar PSM dalam CSV atau XLSX."
    ),
    "rejected.download_failed": (
        "Mohon maaf, foto gagal diterima. Silakan kirim ulang. Laporan tetap tersimpan."
    ),
    "cancelled": "Baik, laporan dibatalkan. Ketik /menu untuk mulai lagi.",
    "nothing_to_cancel": "Tidak ada laporan yang sedang diisi. Ketik /menu untuk melapor.",
    "draft_expired": (
        "Laporan yang belum selesai sudah kedaluwarsa dan dihapus. Silakan mulai lagi."
    ),
    "not_an_option": (
        "Mohon pilih salah satu pilihan di atas (ketuk pilihannya atau ketik jawabannya)."
    ),
    "fallback": "Maaf, saya belum mengerti. Ketik /menu untuk melihat pilihan, atau /bantuan.",
    "unknown_command": "Perintah itu tidak saya kenal. Ketik /bantuan untuk daftar perintah.",
    "option_expired": "Pilihan itu sudah tidak berlaku. Ketik /menu untuk mulai lagi.",
    "option.skip": "Lewati",
    "option.done": "Selesai",
    "option.yes": "Ya",
    "option.no": "Tidak",
}

EN: dict[str, str] = {
    "welcome": (
        "Welcome, {name}! 👋\n"
        "I help the PSM of {area} report their work. Send an activity or case report as you "
        "usually do (text + photos), or pick from the menu below."
    ),
    "menu.title": "Main menu. Please choose:",
    "options.numbered_hint": "Reply with the number of your choice, e.g. 1.",
    "menu.activity": "📝 Report an activity",
    "menu.case": "🧑‍🤝‍🧑 Report a new case",
    "menu.my_cases": "📂 My cases",
    "menu.help": "❓ Help",
    "help": (
        "How to report:\n"
        '• Send a message as usual, e.g. "yesterday helped distribute BPNT aid in RW 05, '
        '32 KPM" with photos. I will turn it into a report and only ask for what is missing.\n'
        "• Or type /menu to report step by step.\n"
        "• /kasus lists your open cases.\n"
        "• /ubah or /hapus changes or deletes your last report (within 24 hours).\n"
        "• /rapat for routine PSM meetings; /laporan for the weekly summary (coordinators).\n"
        "• /batal cancels the report you are writing."
    ),
    "unknown_sender": (
        "Sorry, this number is not registered as a PSM. Report data can only be seen by "
        "registered users.\nIf you are a PSM, please request registration; your TKSK "
        "will review it."
    ),
    "inactive_sender": "Sorry, your account is inactive. Please contact your TKSK.",
    "group_chat": (
        "To keep residents' data confidential, reports can only be sent in a private chat with "
        "me. Please open a private chat. 🙏"
    ),
    "too_long": (
        "Sorry, that message is too long ({length} characters, at most {limit}). Please make "
        "it shorter. Your report in progress is kept."
    ),
    "rejected.too_large": (
        "Sorry, that file is too large (at most {limit_mb} MB). Please send a smaller photo. "
        "Your report in progress is kept."
    ),
    "rejected.file_type": (
        "Sorry, that kind of file can't be accepted. Send photos or PDF; a PSM roster as CSV "
        "or XLSX."
    ),
    "rejected.download_failed": (
        "Sorry, the photo could not be received. Please send it again. Your report is kept."
    ),
    "cancelled": "OK, the report is cancelled. Type /menu to start again.",
    "nothing_to_cancel": "There is no report in progress. Type /menu to report.",
    "draft_expired": "Your unfinished report expired and was removed. Please start again.",
    "not_an_option": "Please pick one of the options above (tap it or type your answer).",
    "fallback": "Sorry, I didn't understand. Type /menu for options, or /bantuan for help.",
    "unknown_command": "I don't know that command. Type /help for the list of commands.",
    "option_expired": "That option is no longer valid. Type /menu to start again.",
    "option.skip": "Skip",
    "option.done": "Done",
    "option.yes": "Yes",
    "option.no": "No",
}
