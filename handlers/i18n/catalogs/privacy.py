"""Texts of personal-data handling, rank rules and the apology for an unexpected error."""

ID: dict[str, str] = {
    "case.ask.nik_found": (
        "Saya menemukan NIK {nik} dalam pesan Bapak/Ibu — simpan sebagai NIK klien?"
    ),
    "case.ask.nik_found_invalid": (
        "Angka {nik} dalam pesan Bapak/Ibu bukan NIK yang valid (16 angka dengan kode wilayah dan "
        "tanggal lahir yang benar). Ketik NIK yang benar, atau pilih Lewati."
    ),
    "case.nik_found.keep": "✅ Ya, simpan",
    "case.nik_found.drop": "Bukan NIK klien",
    "manage.not_higher_rank": (
        "Maaf, Bapak/Ibu hanya dapat mengelola pengguna dengan peran di bawah Bapak/Ibu."
    ),
    "manage.self": "Bapak/Ibu tidak dapat menonaktifkan akun sendiri.",
    "manage.last_approver": (
        "{name} adalah satu-satunya penyetuju pendaftaran yang aktif di wilayahnya, jadi belum "
        "dapat dinonaktifkan. Tambahkan penyetuju lain lebih dulu."
    ),
    "register.area_not_offered": (
        "Mohon pilih salah satu kelurahan/desa yang saya tawarkan, atau ketik namanya lagi."
    ),
    "error.internal": (
        "Mohon maaf, pesan ini belum dapat saya proses. Silakan coba lagi, atau ketik /menu."
    ),
}

EN: dict[str, str] = {
    "case.ask.nik_found": "I found the NIK {nik} in your message — save it as the client's NIK?",
    "case.ask.nik_found_invalid": (
        "The number {nik} in your message is not a valid NIK (16 digits with a real region code "
        "and birth date). Type the correct NIK, or choose Skip."
    ),
    "case.nik_found.keep": "✅ Yes, save it",
    "case.nik_found.drop": "Not the client's NIK",
    "manage.not_higher_rank": "Sorry, you can only manage users whose role is below yours.",
    "manage.self": "You cannot deactivate your own account.",
    "manage.last_approver": (
        "{name} is the only active approver of registrations in their area, so they cannot be "
        "deactivated yet. Add another approver first."
    ),
    "register.area_not_offered": (
        "Please pick one of the kelurahan/desa I offered, or type its name again."
    ),
    "error.internal": ("Sorry, I could not process this message. Please try again, or type /menu."),
}
