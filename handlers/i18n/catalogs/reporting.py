"""Texts of reporting: drafts, activities, cases, case updates, corrections."""

ID: dict[str, str] = {
    # Questions shared by the forms
    "ask.date": "Kapan kegiatannya? Pilih di bawah atau ketik tanggalnya (mis. 12/11, Senin lalu).",
    "ask.place": (
        'Di mana? Ketik RT/RW dan/atau nama tempat (mis. "RT 02 RW 05, balai RW"), '
        "atau kirim lokasi."
    ),
    "ask.photos": "Silakan kirim foto (boleh beberapa). Jika sudah, pilih Selesai.",
    "date.today": "Hari ini",
    "date.yesterday": "Kemarin",
    "hint.date": (
        "Maaf, tanggalnya belum saya pahami. Contoh: hari ini, kemarin, 12/11, Senin lalu."
    ),
    "hint.future_date": "Tanggal laporan tidak boleh di masa depan. Mohon periksa lagi tanggalnya.",
    "hint.date_too_old": "Tanggal itu lebih dari setahun yang lalu. Mohon periksa lagi.",
    "hint.place": "Mohon ketik RT/RW atau nama tempatnya, atau pilih Lewati.",
    "hint.photos": "Silakan kirim fotonya, atau pilih Selesai jika sudah.",
    # Drafts
    "draft.photos": "Foto",
    "draft.confirm_question": "Sudah benar? Bapak/Ibu juga bisa langsung mengetik koreksinya.",
    "draft.save": "✅ Simpan",
    "draft.edit": "✏️ Ubah",
    "draft.cancel": "❌ Batal",
    "draft.photo_added": "📷 Foto diterima ({count} foto di laporan ini).",
    "draft.edit_which": "Bagian mana yang ingin diubah?",
    "draft.still_open": "Masih ada laporan yang belum selesai. Mari lanjutkan (atau ketik /batal).",
    # Quick capture
    "capture.photo_without_text": (
        "📷 Fotonya sudah saya terima. Ceritakan singkat kegiatannya, misalnya: "
        '"dampingi penyaluran BPNT di RW 05, 32 KPM".'
    ),
    "capture.not_a_report": (
        "Maaf, pesan ini belum bisa saya jadikan laporan. Ceritakan kegiatannya, misalnya: "
        '"kmrn sosialisasi PKH di RW 07, 25 org", atau ketik /menu.'
    ),
    # Activities
    "activity.summary_title": "📝 Laporan kegiatan",
    "activity.field.activity_type": "Jenis",
    "activity.field.occurred_on": "Tanggal",
    "activity.field.place": "Tempat",
    "activity.field.people_reached": "Jumlah dijangkau",
    "activity.field.psm_role": "Peran PSM",
    "activity.field.description": "Keterangan",
    "activity.field.photos": "Foto",
    "activity.field.case_id": "Kasus terkait",
    "activity.ask.type": "Kegiatan apa yang dilakukan?",
    "activity.ask.count": "Berapa orang/KK yang dijangkau? Ketik angkanya (mis. 32).",
    "activity.hint.count": "Mohon ketik jumlahnya dengan angka, misalnya 32.",
    "activity.ask.role": "Peran PSM apa yang Bapak/Ibu jalankan?",
    "activity.ask.description": "Ceritakan singkat kegiatannya (atau pilih Lewati).",
    "activity.hint.description": "Keterangannya terlalu pendek. Mohon tulis satu kalimat.",
    "activity.ask.case": "Apakah kegiatan ini untuk salah satu kasus Bapak/Ibu?",
    "activity.no_case": "Tidak terkait kasus",
    "activity.people": "{count} orang/KK",
    "activity.saved": (
        "✅ Laporan kegiatan tersimpan (No. {number}, {photos} foto). Terima kasih, Bapak/Ibu!"
    ),
    # Cases
    "case.summary_title": "🧑‍🤝‍🧑 Laporan kasus",
    "case.field.client_name": "Nama/inisial klien",
    "case.field.client_sex": "Jenis kelamin",
    "case.field.client_age": "Umur",
    "case.field.nik": "NIK",
    "case.field.place": "Alamat",
    "case.field.ppks": "Kategori PPKS",
    "case.field.problem": "Masalah",
    "case.field.source": "Sumber informasi",
    "case.field.urgency": "Tingkat urgensi",
    "case.field.referral": "Rujukan",
    "case.field.consent": "Persetujuan",
    "case.field.photos": "Foto",
    "case.ask.client_name": "Siapa nama atau inisial klien? (mis. Ibu S)",
    "case.hint.client_name": "Mohon ketik nama atau inisial klien (maksimal 80 huruf).",
    "case.ask.client_sex": "Jenis kelamin klien?",
    "case.ask.client_age": "Berapa umur klien? (atau tahun lahirnya)",
    "case.hint.client_age": "Mohon ketik umur (mis. 72) atau tahun lahir (mis. 1954).",
    "case.ask.nik": "NIK klien (16 angka), jika ada. Boleh dilewati.",
    "case.hint.nik": (
        "NIK tidak valid. NIK terdiri dari 16 angka dengan kode wilayah dan tanggal lahir yang "
        "benar. Periksa lagi, atau pilih Lewati."
    ),
    "case.ask.ppks": (
        "Kategori PPKS? Ketik kata kunci, mis. lansia, disabilitas, KDRT, anak jalanan."
    ),
    "case.ask.ppks_pick": "Pilih kategori yang paling sesuai:",
    "case.hint.ppks": "Kategori itu tidak saya temukan. Coba kata lain, mis. lansia, ODGJ, miskin.",
    "case.hint.ppks_several": "Ada beberapa kategori yang cocok.",
    "case.ask.problem": "Apa masalah atau kondisi klien?",
    "case.hint.problem": "Mohon ceritakan masalahnya dalam satu kalimat.",
    "case.ask.source": "Dari mana informasi kasus ini?",
    "case.ask.urgency": "Seberapa mendesak?",
    "case.ask.consent": (
        "Apakah klien (atau wali/keluarganya) sudah setuju datanya dicatat untuk penanganan?"
    ),
    "case.hint.child_consent": (
        "Klien masih anak-anak: data anak hanya boleh dicatat dengan persetujuan wali. "
        "Mohon ubah bagian Persetujuan."
    ),
    "case.years": "{age} tahun",
    "case.saved": "✅ Kasus No. {number} tersimpan. Terima kasih, Bapak/Ibu!",
    # Open cases and updates
    "cases.none": "Bapak/Ibu tidak memiliki kasus yang masih terbuka. 👍",
    "cases.title": "Kasus terbuka ({count}). Pilih untuk melihat atau memperbarui:",
    "cases.item": "#{number} {name} · {status} · {days} hari lalu",
    "cases.not_found": "Kasus itu tidak ditemukan atau bukan wewenang Bapak/Ibu.",
    "cases.card": "Kasus #{number}: {name}\nPPKS: {ppks}\nStatus: {status}\nDibuka: {opened}",
    "cases.referred_to": "Dirujuk ke: {place}",
    "cases.what_now": "Apa perkembangannya?",
    "update.visit": "🏠 Kunjungan",
    "update.assessment": "📋 Asesmen",
    "update.referral": "🏥 Rujuk",
    "update.assistance": "🎁 Bantuan diterima",
    "update.moved": "🚚 Pindah alamat",
    "update.closed": "✅ Selesai/tutup",
    "update.ask.visit": "Ceritakan hasil kunjungannya (boleh dengan foto).",
    "update.ask.assessment": "Apa hasil asesmennya?",
    "update.ask.assistance": "Bantuan apa yang diterima klien?",
    "update.ask.closed": "Bagaimana hasil akhirnya? (mis. sudah mendapat layanan panti)",
    "update.ask.destination": "Dirujuk ke mana?",
    "update.ask.agreement": "Apakah klien/keluarga sudah setuju dirujuk?",
    "update.referral_needs_agreement": (
        "Rujukan hanya dicatat dengan persetujuan klien/keluarga. Silakan bicarakan dulu dengan "
        "keluarga, lalu perbarui kasusnya lagi."
    ),
    "update.ask.new_area": (
        "Pindah ke mana? Ketik nama kelurahan/desa barunya, atau RT/RW baru jika masih di "
        'kelurahan yang sama (mis. "Cipedes, RT 03 RW 02").'
    ),
    "update.hint.new_area": "Mohon ketik nama kelurahan/desa baru atau RT/RW barunya.",
    "update.hint.note": "Mohon tulis keterangannya dalam satu kalimat.",
    "update.saved": "✅ Perkembangan kasus #{number} tersimpan. Status: {status}.",
    "update.moved_notice": (
        "ℹ️ Kasus #{number} pindah ke wilayah {area} (dari {from_area}). Silakan lihat /kasus "
        "untuk menindaklanjuti."
    ),
    # Corrections and language
    "corrections.nothing": "Tidak ada laporan Bapak/Ibu dalam 24 jam terakhir yang bisa diubah.",
    "corrections.confirm_delete_activity": "Hapus laporan kegiatan No. {number}?",
    "corrections.confirm_delete_case": "Hapus laporan kasus No. {number}?",
    "corrections.delete_yes": "🗑️ Ya, hapus",
    "corrections.delete_no": "Jangan",
    "corrections.kept": "Baik, laporan tidak dihapus.",
    "corrections.too_late": "Laporan itu sudah tidak bisa dihapus (lebih dari 24 jam).",
    "corrections.deleted": "🗑️ Laporan No. {number} sudah dihapus.",
    "corrections.updated": "✅ Laporan No. {number} sudah diperbarui.",
    "language.ask": "Pilih bahasa / Choose a language:",
    "language.set": "Baik, saya akan memakai Bahasa Indonesia.",
}

EN: dict[str, str] = {
    "ask.date": "When did it happen? Pick below or type the date (e.g. 12/11, last Monday).",
    "ask.place": (
        'Where? Type the RT/RW and/or the place (e.g. "RT 02 RW 05, RW hall"), or share a location.'
    ),
    "ask.photos": "Please send photos (several are fine). When done, choose Done.",
    "date.today": "Today",
    "date.yesterday": "Yesterday",
    "hint.date": "Sorry, I didn't understand the date. E.g.: today, yesterday, 12/11.",
    "hint.future_date": "A report's date can't be in the future. Please check the date.",
    "hint.date_too_old": "That date is more than a year ago. Please check it.",
    "hint.place": "Please type the RT/RW or the place, or choose Skip.",
    "hint.photos": "Please send the photos, or choose Done.",
    "draft.photos": "Photos",
    "draft.confirm_question": "Is this right? You can also type a correction.",
    "draft.save": "✅ Save",
    "draft.edit": "✏️ Change",
    "draft.cancel": "❌ Cancel",
    "draft.photo_added": "📷 Photo received ({count} photos in this report).",
    "draft.edit_which": "Which part would you like to change?",
    "draft.still_open": "You have an unfinished report. Let's continue (or type /batal).",
    "capture.photo_without_text": (
        '📷 Photo received. Please describe the activity briefly, e.g. "helped distribute '
        'BPNT aid in RW 05, 32 KPM".'
    ),
    "capture.not_a_report": (
        "Sorry, I can't turn this into a report. Describe the activity, e.g. \"yesterday PKH "
        'outreach in RW 07, 25 people", or type /menu.'
    ),
    "activity.summary_title": "📝 Activity report",
    "activity.field.activity_type": "Type",
    "activity.field.occurred_on": "Date",
    "activity.field.place": "Place",
    "activity.field.people_reached": "People reached",
    "activity.field.psm_role": "PSM role",
    "activity.field.description": "Description",
    "activity.field.photos": "Photos",
    "activity.field.case_id": "Related case",
    "activity.ask.type": "What kind of activity was it?",
    "activity.ask.count": "How many people/households were reached? Type the number (e.g. 32).",
    "activity.hint.count": "Please type the number in digits, e.g. 32.",
    "activity.ask.role": "Which PSM role did you exercise?",
    "activity.ask.description": "Describe the activity briefly (or choose Skip).",
    "activity.hint.description": "That description is too short. Please write a sentence.",
    "activity.ask.case": "Was this activity for one of your cases?",
    "activity.no_case": "Not related to a case",
    "activity.people": "{count} people/households",
    "activity.saved": "✅ Activity report saved (No. {number}, {photos} photos). Thank you!",
    "case.summary_title": "🧑‍🤝‍🧑 Case report",
    "case.field.client_name": "Client name/initials",
    "case.field.client_sex": "Sex",
    "case.field.client_age": "Age",
    "case.field.nik": "NIK",
    "case.field.place": "Address",
    "case.field.ppks": "PPKS category",
    "case.field.problem": "Problem",
    "case.field.source": "Source",
    "case.field.urgency": "Urgency",
    "case.field.referral": "Referral",
    "case.field.consent": "Consent",
    "case.field.photos": "Photos",
    "case.ask.client_name": "What is the client's name or initials? (e.g. Ibu S)",
    "case.hint.client_name": "Please type the client's name or initials (at most 80 letters).",
    "case.ask.client_sex": "The client's sex?",
    "case.ask.client_age": "How old is the client? (or the birth year)",
    "case.hint.client_age": "Please type the age (e.g. 72) or birth year (e.g. 1954).",
    "case.ask.nik": "The client's NIK (16 digits), if known. You may skip it.",
    "case.hint.nik": (
        "That NIK is not valid: 16 digits with a valid region code and birth date. Please "
        "check it, or choose Skip."
    ),
    "case.ask.ppks": "PPKS category? Type a keyword, e.g. lansia, disabilitas, KDRT, anak jalanan.",
    "case.ask.ppks_pick": "Pick the category that fits best:",
    "case.hint.ppks": "I couldn't find that category. Try another word, e.g. lansia, ODGJ.",
    "case.hint.ppks_several": "Several categories match.",
    "case.ask.problem": "What is the client's problem or condition?",
    "case.hint.problem": "Please describe the problem in a sentence.",
    "case.ask.source": "Where did this case come from?",
    "case.ask.urgency": "How urgent is it?",
    "case.ask.consent": "Has the client (or a guardian/family) agreed to have the data recorded?",
    "case.hint.child_consent": (
        "The client is a child: a child's data may only be recorded with a guardian's consent. "
        "Please change the Consent part."
    ),
    "case.years": "{age} years",
    "case.saved": "✅ Case No. {number} saved. Thank you!",
    "cases.none": "You have no open cases. 👍",
    "cases.title": "Open cases ({count}). Pick one to view or update:",
    "cases.item": "#{number} {name} · {status} · {days} days ago",
    "cases.not_found": "That case was not found or is not yours to see.",
    "cases.card": "Case #{number}: {name}\nPPKS: {ppks}\nStatus: {status}\nOpened: {opened}",
    "cases.referred_to": "Referred to: {place}",
    "cases.what_now": "What is new?",
    "update.visit": "🏠 Visit",
    "update.assessment": "📋 Assessment",
    "update.referral": "🏥 Refer",
    "update.assistance": "🎁 Aid received",
    "update.moved": "🚚 Moved",
    "update.closed": "✅ Close",
    "update.ask.visit": "How did the visit go? (photos welcome)",
    "update.ask.assessment": "What did the assessment find?",
    "update.ask.assistance": "What aid did the client receive?",
    "update.ask.closed": "What was the outcome? (e.g. now cared for in a social home)",
    "update.ask.destination": "Referred to where?",
    "update.ask.agreement": "Has the client/family agreed to the referral?",
    "update.referral_needs_agreement": (
        "A referral is recorded only with the client's/family's agreement. Please discuss it "
        "with the family first, then update the case again."
    ),
    "update.ask.new_area": (
        "Moved where? Type the new kelurahan/village, or the new RT/RW if still in the same "
        'kelurahan (e.g. "Cipedes, RT 03 RW 02").'
    ),
    "update.hint.new_area": "Please type the new kelurahan/village or the new RT/RW.",
    "update.hint.note": "Please write a sentence.",
    "update.saved": "✅ Update for case #{number} saved. Status: {status}.",
    "update.moved_notice": (
        "ℹ️ Case #{number} moved to {area} (from {from_area}). See /kasus to follow it up."
    ),
    "corrections.nothing": "You have no report from the last 24 hours to change.",
    "corrections.confirm_delete_activity": "Delete activity report No. {number}?",
    "corrections.confirm_delete_case": "Delete case report No. {number}?",
    "corrections.delete_yes": "🗑️ Yes, delete",
    "corrections.delete_no": "Keep it",
    "corrections.kept": "OK, the report is kept.",
    "corrections.too_late": "That report can no longer be deleted (older than 24 hours).",
    "corrections.deleted": "🗑️ Report No. {number} deleted.",
    "corrections.updated": "✅ Report No. {number} updated.",
    "language.ask": "Pilih bahasa / Choose a language:",
    "language.set": "OK, I will use English.",
}
