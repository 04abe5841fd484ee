"""Texts of onboarding: contact share, registration requests, approval, deactivation."""

ID: dict[str, str] = {
    "onboarding.share_contact": (
        "Selamat datang! Untuk mengenali Bapak/Ibu, mohon bagikan nomor HP dengan tombol di bawah."
    ),
    "onboarding.share_button": "📱 Bagikan nomor HP",
    "onboarding.not_own_contact": "Mohon bagikan nomor HP Bapak/Ibu sendiri, bukan kontak lain.",
    "onboarding.bad_contact": "Maaf, nomor itu tidak bisa saya baca. Mohon coba lagi.",
    "register.button": "📝 Ajukan pendaftaran",
    "register.ask_name": "Siapa nama lengkap Bapak/Ibu?",
    "register.hint_name": "Mohon ketik nama lengkap (3–80 huruf).",
    "register.ask_area": "Bapak/Ibu bertugas di kelurahan/desa mana?",
    "register.unknown_area": (
        'Kelurahan/desa "{area}" tidak saya temukan. Mohon periksa ejaannya (tanpa "Kel.").'
    ),
    "register.pick_area": "Ada beberapa yang bernama sama. Pilih yang benar:",
    "register.submitted": (
        "Terima kasih! Pendaftaran sudah dikirim ke TKSK untuk disetujui. Saya akan memberi "
        "kabar setelahnya."
    ),
    "register.no_approver": (
        "Terima kasih! Pendaftaran tercatat, tetapi belum ada TKSK terdaftar di kecamatan itu. "
        "Mohon hubungi Dinas Sosial setempat."
    ),
    "register.pending": "Pendaftaran Bapak/Ibu masih menunggu persetujuan TKSK. Mohon ditunggu. 🙏",
    "register.request": (
        "Permintaan pendaftaran PSM baru (No. {number}): {name}, Kel. {area}, telepon "
        "{phone}. Setujui?"
    ),
    "register.approve": "✅ Setujui",
    "register.reject": "❌ Tolak",
    "register.not_allowed": "Maaf, Bapak/Ibu tidak berwenang memutuskan pendaftaran ini.",
    "register.already_decided": "Pendaftaran {name} sudah diputuskan sebelumnya.",
    "register.approved": (
        "Selamat, {name}! Pendaftaran Bapak/Ibu sudah disetujui. Ketik /start untuk mulai."
    ),
    "register.rejected": (
        "Mohon maaf, {name}, pendaftaran belum dapat disetujui. Silakan hubungi TKSK kecamatan."
    ),
    "register.decided_approve": "✅ {name} sudah disetujui dan diberi tahu.",
    "register.decided_reject": "{name} tidak disetujui dan sudah diberi tahu.",
    "manage.only_coordinators": "Perintah ini hanya untuk TKSK, Dinas Sosial, dan admin.",
    "manage.usage": "Cara pakai: /nonaktifkan 0812xxxxxxx (atau /aktifkan 0812xxxxxxx).",
    "manage.not_found": "Nomor itu tidak terdaftar di wilayah Bapak/Ibu.",
    "manage.activated": "✅ {name} sudah diaktifkan kembali.",
    "manage.deactivated": "{name} sudah dinonaktifkan.",
    "link.ask_phone": (
        "Selamat datang! Akun WhatsApp ini tidak menampilkan nomor HP. Untuk mengenali "
        "Bapak/Ibu, mohon ketik nomor HP yang terdaftar sebagai PSM (contoh: 081234567890)."
    ),
    "link.bad_phone": "Nomor itu tidak bisa saya baca. Mohon ketik nomor HP, contoh: 081234567890.",
    "link.unknown_phone": (
        "Nomor {phone} belum terdaftar. Jika Bapak/Ibu seorang PSM, silakan ajukan pendaftaran."
    ),
    "link.no_approver": (
        "Mohon maaf, belum ada TKSK yang dapat mengonfirmasi akun ini. Silakan hubungi Dinas "
        "Sosial setempat."
    ),
    "link.submitted": (
        "Terima kasih. TKSK akan memastikan bahwa akun ini milik {name}; saya akan memberi kabar "
        "setelahnya."
    ),
    "link.pending": "Akun ini masih menunggu konfirmasi TKSK. Mohon ditunggu. 🙏",
    "link.request": (
        "Akun WhatsApp tanpa nomor HP (nama profil: {profile}) menyatakan sebagai {name} "
        "({phone}), {area}. Hubungkan akun ini dengan {name}?"
    ),
    "link.approve": "✅ Hubungkan",
    "link.reject": "❌ Tolak",
    "link.approved": "Akun WhatsApp ini sudah terhubung, {name}. Ketik /start untuk mulai.",
    "link.rejected": (
        "Mohon maaf, akun ini belum dapat dihubungkan. Silakan hubungi TKSK kecamatan."
    ),
    "link.decided_approve": "✅ Akun WhatsApp {name} sudah dihubungkan dan diberi tahu.",
    "link.decided_reject": "Permintaan akun untuk {name} ditolak.",
    "link.already_decided": "Permintaan ini sudah diputuskan sebelumnya.",
}

EN: dict[str, str] = {
    "onboarding.share_contact": (
        "Welcome! To recognise you, please share your phone number with the button below."
    ),
    "onboarding.share_button": "📱 Share phone number",
    "onboarding.not_own_contact": "Please share your own phone number, not another contact.",
    "onboarding.bad_contact": "Sorry, I couldn't read that number. Please try again.",
    "register.button": "📝 Request registration",
    "register.ask_name": "What is your full name?",
    "register.hint_name": "Please type your full name (3–80 letters).",
    "register.ask_area": "Which kelurahan/village do you work in?",
    "register.unknown_area": (
        'I couldn\'t find the kelurahan/village "{area}". Please check the spelling.'
    ),
    "register.pick_area": "Several have that name. Pick the right one:",
    "register.submitted": (
        "Thank you! Your registration was sent to the TKSK for approval. I will let you know."
    ),
    "register.no_approver": (
        "Thank you! Your registration is recorded, but no TKSK is registered for that "
        "kecamatan yet. Please contact the local Social Affairs Office."
    ),
    "register.pending": "Your registration is still awaiting the TKSK's approval. 🙏",
    "register.request": (
        "New PSM registration request (No. {number}): {name}, {area}, phone {phone}. Approve?"
    ),
    "register.approve": "✅ Approve",
    "register.reject": "❌ Reject",
    "register.not_allowed": "Sorry, you may not decide on this registration.",
    "register.already_decided": "{name}'s registration was already decided.",
    "register.approved": "Congratulations, {name}! Your registration is approved. Type /start.",
    "register.rejected": (
        "Sorry, {name}, your registration could not be approved. Please contact your TKSK."
    ),
    "register.decided_approve": "✅ {name} is approved and has been told.",
    "register.decided_reject": "{name} was not approved and has been told.",
    "manage.only_coordinators": "This command is for TKSK, Social Affairs staff and admins only.",
    "manage.usage": "Usage: /nonaktifkan 0812xxxxxxx (or /aktifkan 0812xxxxxxx).",
    "manage.not_found": "That number is not registered in your area.",
    "manage.activated": "✅ {name} is active again.",
    "manage.deactivated": "{name} has been deactivated.",
    "link.ask_phone": (
        "Welcome! This WhatsApp account does not show a phone number. To recognise you, please "
        "type the phone number you are registered with (e.g. 081234567890)."
    ),
    "link.bad_phone": "I cannot read that number. Please type a phone number, e.g. 081234567890.",
    "link.unknown_phone": "Number {phone} is not registered. If you are a PSM, please register.",
    "link.no_approver": (
        "Sorry, no TKSK can confirm this account yet. Please contact the local Dinas Sosial."
    ),
    "link.submitted": (
        "Thank you. The TKSK will confirm that this account belongs to {name}; I will let you know."
    ),
    "link.pending": "This account is waiting for the TKSK's confirmation. Please wait. 🙏",
    "link.request": (
        "A WhatsApp account without a phone number (profile name: {profile}) says it is {name} "
        "({phone}), {area}. Link this account to {name}?"
    ),
    "link.approve": "✅ Link",
    "link.reject": "❌ Refuse",
    "link.approved": "This WhatsApp account is now linked, {name}. Type /start to begin.",
    "link.rejected": "Sorry, this account could not be linked. Please contact your TKSK.",
    "link.decided_approve": "✅ {name}'s WhatsApp account is linked and told.",
    "link.decided_reject": "The account request for {name} was refused.",
    "link.already_decided": "This request was already decided.",
}
