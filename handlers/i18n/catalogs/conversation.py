"""Texts of the conversation's finer points: small talk, loose answers, plans, confirmations."""

ID: dict[str, str] = {
    # Small talk
    "smalltalk.thanks": "Sama-sama, {name}. 🙏 Semangat terus mendampingi warga!",
    "smalltalk.salam": (
        "Waalaikumsalam, {name}. 🙏 Silakan kirim laporan seperti biasa, atau pilih menu."
    ),
    "smalltalk.greeting": "Halo, {name}! 👋 Silakan kirim laporan seperti biasa, atau pilih menu.",
    "smalltalk.ack": "Baik, {name}. 👍 Kirim saja laporan berikutnya kapan pun.",
    "smalltalk.emoji": "🙏 Siap, {name}. Kirim laporan kapan saja, ya.",
    "smalltalk.rsvp": (
        "Terima kasih kabarnya, {name}. Kehadiran rapat dicatat lewat tombol pada pengingat "
        "rapat; ketik /rapat untuk melihat rapat yang akan datang."
    ),
    # Answers
    "choice.which": "Maksud Bapak/Ibu yang mana?",
    "notice.undeliverable": (
        "ℹ️ Pemberitahuan belum bisa dikirim kepada: {names}, karena beliau belum pernah "
        "chat dengan saya. Mohon kabari langsung, ya."
    ),
    # Dates and counts to confirm
    "ask.date_confirm": "Tanggalnya {date} — benar?",
    "date.confirm_yes": "✅ Benar",
    "date.confirm_no": "✏️ Bukan, ubah",
    "activity.people_approx": "sekitar {count} orang/KK",
    "activity.field._date_ok": "Tanggal benar",
    "case.field._date_ok": "Tanggal benar",
    "case.field.opened_on": "Tanggal",
    "case.field.plan": "Rencana",
    # Planned steps
    "plans.show.referral": "dirujuk, {when}",
    "plans.show.referral_to": "dirujuk ke {place}, {when}",
    "plans.show.visit": "dikunjungi, {when}",
    "plans.show.visit_to": "dikunjungi, {when}",
    "plans.show.checkup": "kontrol/periksa, {when}",
    "plans.show.checkup_to": "kontrol/periksa ke {place}, {when}",
    "plans.show.escort": "didampingi/diantar, {when}",
    "plans.show.escort_to": "diantar ke {place}, {when}",
    "plans.show.proposal": "diajukan, {when}",
    "plans.show.proposal_to": "diajukan ke {place}, {when}",
    "plans.ask.referral": "📅 Apakah {client} sudah dirujuk hari ini?",
    "plans.ask.referral_to": "📅 Apakah {client} sudah dirujuk ke {place} hari ini?",
    "plans.ask.visit": "📅 Apakah {client} sudah dikunjungi hari ini?",
    "plans.ask.visit_to": "📅 Apakah {client} sudah dikunjungi hari ini?",
    "plans.ask.checkup": "📅 Apakah {client} sudah kontrol/periksa hari ini?",
    "plans.ask.checkup_to": "📅 Apakah {client} sudah kontrol/periksa ke {place} hari ini?",
    "plans.ask.escort": "📅 Apakah {client} sudah didampingi hari ini ({phrase})?",
    "plans.ask.escort_to": "📅 Apakah {client} sudah diantar ke {place} hari ini?",
    "plans.ask.proposal": "📅 Apakah usulan untuk {client} sudah diajukan?",
    "plans.ask.proposal_to": "📅 Apakah usulan untuk {client} sudah diajukan ke {place}?",
    "plans.answer.done": "✅ Sudah",
    "plans.answer.notyet": "⏳ Belum",
    "plans.answer.cancel": "❌ Batal",
    "plans.done_done": "Terima kasih, tercatat di kasus {client}. 🙏",
    "plans.done_notyet": (
        "Baik, tercatat belum terlaksana untuk {client}. Perbarui lewat /kasus bila sudah."
    ),
    "plans.done_cancel": "Baik, rencana untuk {client} tercatat batal.",
    "plans.gone": "Rencana ini sudah tidak berlaku (kasusnya ditutup atau dihapus).",
    "plans.already_answered": "Rencana untuk {client} ini sudah dijawab sebelumnya. Terima kasih.",
    # Menus by role
    "menu.village_cases": "🏘️ Kasus kelurahan",
    "menu.area_cases": "🗂️ Kasus wilayah",
    "menu.meetings": "📅 Rapat",
    "menu.report": "📊 Rekap",
    "menu.approvals": "🧾 Persetujuan",
    # Case lists and changes
    "cases.title_area": (
        "Kasus terbuka di {area}: {count} (halaman {page} dari {pages}), yang paling lama "
        "tanpa kabar di atas. Pilih untuk melihat:"
    ),
    "cases.none_area": "Tidak ada kasus terbuka di {area}. 👍",
    "cases.next_page": "▶️ Berikutnya",
    "cases.filter_unknown": (
        'Saring "{text}" belum saya kenali. Ketik nama kelurahan (mis. /kasus Pasteur) atau '
        "kategori PPKS (mis. /kasus lansia, /kasus 8)."
    ),
    "update.confirm_close": "Tutup kasus {name}? Kasus yang ditutup tidak diingatkan lagi.",
    "update.confirm_move": "Pindahkan kasus {name} ke {place}?",
    "update.confirm_move_within": "Ubah alamat kasus {name} menjadi {place}?",
    "update.not_saved": "Baik, kasus {name} tidak diubah.",
    # Registration requests
    "register.none_pending": "Tidak ada permintaan pendaftaran yang menunggu. 👍",
    "register.pending_title": "Permintaan pendaftaran yang menunggu ({count}):",
    "register.pending_item": "• No. {number}: {name}, Kel. {area}, telepon {phone}",
    # Corrections at the summary
    "correction.which_number": "Angka {number} itu untuk apa?",
    "correction.as_count": "Jumlah dijangkau",
    "correction.as_rt": "RT",
    "correction.as_rw": "RW",
    "correction.not_understood": (
        "Maaf, koreksinya belum saya pahami. Sebutkan bagian yang diubah, misalnya "
        '"RW 07", "35 orang", "kemarin", atau pilih Ubah.'
    ),
}

EN: dict[str, str] = {
    "smalltalk.thanks": "You're welcome, {name}. 🙏 Keep up the good work!",
    "smalltalk.salam": "Waalaikumsalam, {name}. 🙏 Send a report as usual, or pick from the menu.",
    "smalltalk.greeting": "Hello, {name}! 👋 Send a report as usual, or pick from the menu.",
    "smalltalk.ack": "All right, {name}. 👍 Send your next report any time.",
    "smalltalk.emoji": "🙏 Noted, {name}. Send a report any time.",
    "smalltalk.rsvp": (
        "Thanks for letting me know, {name}. Meeting attendance is answered with the buttons "
        "of the meeting reminder; type /rapat to see the coming meetings."
    ),
    "choice.which": "Which one did you mean?",
    "notice.undeliverable": (
        "ℹ️ The notice could not be sent to: {names}, as they have never chatted with me. "
        "Please tell them directly."
    ),
    "ask.date_confirm": "The date is {date} — is that right?",
    "date.confirm_yes": "✅ Right",
    "date.confirm_no": "✏️ No, change it",
    "activity.people_approx": "about {count} people/households",
    "activity.field._date_ok": "Date confirmed",
    "case.field._date_ok": "Date confirmed",
    "case.field.opened_on": "Date",
    "case.field.plan": "Plan",
    "plans.show.referral": "referral, {when}",
    "plans.show.referral_to": "referral to {place}, {when}",
    "plans.show.visit": "visit, {when}",
    "plans.show.visit_to": "visit, {when}",
    "plans.show.checkup": "check-up, {when}",
    "plans.show.checkup_to": "check-up at {place}, {when}",
    "plans.show.escort": "accompany, {when}",
    "plans.show.escort_to": "take to {place}, {when}",
    "plans.show.proposal": "submit a proposal, {when}",
    "plans.show.proposal_to": "submit to {place}, {when}",
    "plans.ask.referral": "📅 Was {client} referred today?",
    "plans.ask.referral_to": "📅 Was {client} referred to {place} today?",
    "plans.ask.visit": "📅 Was {client} visited today?",
    "plans.ask.visit_to": "📅 Was {client} visited today?",
    "plans.ask.checkup": "📅 Did {client} have the check-up today?",
    "plans.ask.checkup_to": "📅 Did {client} have the check-up at {place} today?",
    "plans.ask.escort": "📅 Was {client} accompanied today ({phrase})?",
    "plans.ask.escort_to": "📅 Was {client} taken to {place} today?",
    "plans.ask.proposal": "📅 Was the proposal for {client} submitted?",
    "plans.ask.proposal_to": "📅 Was the proposal for {client} submitted to {place}?",
    "plans.answer.done": "✅ Done",
    "plans.answer.notyet": "⏳ Not yet",
    "plans.answer.cancel": "❌ Cancelled",
    "plans.done_done": "Thank you, recorded in the case of {client}. 🙏",
    "plans.done_notyet": "OK, recorded as not done yet for {client}. Update it with /kasus later.",
    "plans.done_cancel": "OK, the plan for {client} is recorded as cancelled.",
    "plans.gone": "This plan no longer applies (the case was closed or deleted).",
    "plans.already_answered": "The plan for {client} was already answered. Thank you.",
    "menu.village_cases": "🏘️ Kelurahan cases",
    "menu.area_cases": "🗂️ Area cases",
    "menu.meetings": "📅 Meetings",
    "menu.report": "📊 Summary",
    "menu.approvals": "🧾 Approvals",
    "cases.title_area": (
        "Open cases in {area}: {count} (page {page} of {pages}), longest without news first. "
        "Pick one to see it:"
    ),
    "cases.none_area": "No open cases in {area}. 👍",
    "cases.next_page": "▶️ Next",
    "cases.filter_unknown": (
        'I don\'t recognise the filter "{text}". Type a kelurahan (e.g. /kasus Pasteur) or a '
        "PPKS category (e.g. /kasus lansia, /kasus 8)."
    ),
    "update.confirm_close": "Close the case of {name}? A closed case gets no more reminders.",
    "update.confirm_move": "Move the case of {name} to {place}?",
    "update.confirm_move_within": "Change the address of {name}'s case to {place}?",
    "update.not_saved": "OK, the case of {name} is unchanged.",
    "register.none_pending": "No registration requests are waiting. 👍",
    "register.pending_title": "Registration requests waiting ({count}):",
    "register.pending_item": "• No. {number}: {name}, {area}, phone {phone}",
    "correction.which_number": "What is the number {number} for?",
    "correction.as_count": "People reached",
    "correction.as_rt": "RT",
    "correction.as_rw": "RW",
    "correction.not_understood": (
        "Sorry, I didn't understand the correction. Name the part to change, e.g. "
        '"RW 07", "35 people", "yesterday", or choose Change.'
    ),
}
