"""Bahasa Indonesia texts (the default). Short, polite, one question at a time."""

TEXTS: dict[str, str] = {
    "welcome": (
        "Selamat datang, {name}! 👋\n"
        "Saya asisten pelaporan PSM {area}. Kirim laporan kegiatan atau kasus seperti biasa "
        "(teks + foto), atau pilih menu di bawah."
    ),
    "menu.title": "Menu utama. Silakan pilih:",
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
        "• /batal untuk membatalkan laporan yang sedang diisi."
    ),
    "unknown_sender": (
        "Mohon maaf, nomor ini belum terdaftar sebagai PSM. Data laporan hanya dapat dilihat "
        "oleh pengguna terdaftar.\nJika Bapak/Ibu seorang PSM, silakan hubungi TKSK kecamatan "
        "atau ketik /daftar untuk mengajukan pendaftaran."
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
        "Mohon maaf, jenis berkas ini tidak bisa diterima. Kirim foto (JPG/PNG) atau PDF saja."
    ),
    "rejected.download_failed": (
        "Mohon maaf, foto gagal diterima. Silakan kirim ulang. Laporan tetap tersimpan."
    ),
    "cancelled": "Baik, laporan dibatalkan. Ketik /menu untuk mulai lagi.",
    "nothing_to_cancel": "Tidak ada laporan yang sedang diisi. Ketik /menu untuk melapor.",
    "draft_expired": (
        "Laporan yang belum selesai sudah kedaluwarsa dan dihapus. Silakan mulai lagi."
    ),
    "not_an_option": "Mohon pilih salah satu pilihan di atas (ketik nomornya).",
    "fallback": "Maaf, saya belum mengerti. Ketik /menu untuk melihat pilihan, atau /bantuan.",
    "coming_soon": "Fitur ini belum tersedia.",
}
