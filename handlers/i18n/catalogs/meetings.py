"""Texts of routine meetings: creating, listing, cancelling, moving, reminders, attendance."""

_EXAMPLES_ID = (
    "• setiap Selasa kedua tiap bulan jam 09.00 di Aula Kelurahan\n"
    "• setiap Senin jam 13.00 di Balai RW 05\n"
    "• sekali 2026-12-03 09:00 di Kantor Kelurahan"
)
_EXAMPLES_EN = (
    "• every second Tuesday of the month 09:00 at Aula Kelurahan\n"
    "• every Monday 13:00 at Balai RW 05\n"
    "• once 2026-12-03 09:00 at Kantor Kelurahan"
)

ID: dict[str, str] = {
    "meetings.menu.title": "Rapat PSM. Silakan pilih:",
    "meetings.menu.create": "➕ Buat rapat",
    "meetings.menu.list": "📅 Rapat mendatang",
    "meetings.menu.cancel": "❌ Batalkan rapat",
    "meetings.menu.move": "🔁 Pindah jadwal",
    "meetings.not_allowed": (
        "Mohon maaf, jadwal rapat dibuat oleh Ketua PSM atau TKSK. Bapak/Ibu tetap menerima "
        "undangan dan pengingatnya."
    ),
    "meetings.ask_rule": "Kapan dan di mana rapatnya? Tulis dalam satu pesan, misalnya:\n"
    + _EXAMPLES_ID,
    "meetings.rule_unclear": (
        "Mohon maaf, jadwalnya belum bisa saya baca. Tulis hari/tanggal, jam, dan tempat, "
        "misalnya:\n" + _EXAMPLES_ID
    ),
    "meetings.in_past": (
        "Mohon maaf, {when} sudah lewat. Mohon tulis tanggal dan jam yang akan datang."
    ),
    "meetings.preview": (
        "Mohon periksa rapatnya:\n📌 {title}\n🗓️ {schedule}\n📍 {place}\n"
        "👥 Diundang: {count} PSM {area}"
    ),
    "meetings.preview.first": "Rapat pertama: {when}",
    "meetings.no_place": "tempat belum ditentukan",
    "meetings.save": "✅ Simpan",
    "meetings.holiday.once": ("⚠️ Tanggal {date} adalah hari libur: {names}. Tetap jadwalkan?"),
    "meetings.holiday.series": (
        "⚠️ {count} pertemuan dalam setahun ke depan jatuh pada hari libur: {days}. "
        "Lewati pertemuan pada hari libur?"
    ),
    "meetings.holiday.more": " dan {count} lainnya",
    "meetings.holiday.cuti_bersama": "cuti bersama {name}",
    "meetings.holiday.keep": "✅ Tetap jadwalkan",
    "meetings.holiday.other_time": "🕑 Ganti waktu",
    "meetings.holiday.skip": "⏭️ Ya, lewati hari libur",
    "meetings.holiday.keep_all": "✅ Tetap semua",
    "meetings.holiday.moved_onto": "Catatan: tanggal itu hari libur ({name}).",
    "meetings.rename": "✏️ Ganti judul",
    "meetings.discard": "❌ Batal",
    "meetings.ask_title": "Apa judul rapatnya?",
    "meetings.title.series": "Rapat rutin PSM {area}",
    "meetings.title.once": "Rapat PSM {area}",
    "meetings.saved": "Rapat tersimpan. Undangan dikirim ke {reachable} dari {count} PSM.",
    "meetings.unreachable": (
        "Belum bisa dihubungi lewat chat (belum pernah mengirim pesan ke saya): {names}. "
        "Mohon kabari mereka langsung, dan minta mereka menyapa saya sekali."
    ),
    "meetings.discarded": "Baik, rapat tidak jadi dibuat.",
    "meetings.none_upcoming": "Belum ada rapat yang dijadwalkan.",
    "meetings.list": "Rapat mendatang:\n{lines}",
    "meetings.list_line": "• {when}: {title}, {place}",
    "meetings.pick_cancel": "Rapat mana yang dibatalkan?",
    "meetings.pick_move": "Rapat mana yang dipindah?",
    "meetings.nothing_to_change": "Tidak ada rapat mendatang yang bisa Bapak/Ibu ubah.",
    "meetings.gone": "Rapat itu sudah tidak terjadwal lagi.",
    "meetings.cancel_which": "Batalkan hanya rapat {when}, atau seluruh jadwal {title}?",
    "meetings.cancel_one": "Hanya rapat ini",
    "meetings.cancel_series": "Seluruh jadwal rutin",
    "meetings.cancelled_one": "Rapat {when} dibatalkan. {count} PSM diberi tahu.",
    "meetings.cancelled_series": "Jadwal {title} dihentikan. {count} PSM diberi tahu.",
    "meetings.ask_new_time": (
        "Kapan waktu barunya? Misalnya: 2026-12-05 10:00. Bila tempatnya juga pindah, "
        "tambahkan: ... di Balai RW 05"
    ),
    "meetings.moved": "Rapat dipindah ke {when}. {count} PSM diberi tahu.",
    "meetings.move_unclear": (
        "Mohon maaf, waktunya belum bisa saya baca. Tulis tanggal dan jam, misalnya: "
        "2026-12-05 10:00"
    ),
    "meetings.invite": (
        "Undangan rapat PSM: {title}\n🗓️ {when}\n📍 {place}\n"
        "Pengingat dikirim sehari dan 2 jam sebelum rapat."
    ),
    "meetings.notice.cancelled": "{title} pada {when} dibatalkan. Mohon maaf atas perubahannya.",
    "meetings.notice.series_cancelled": (
        "Jadwal {title} ({when}) dihentikan. Mohon maaf atas perubahannya."
    ),
    "meetings.notice.moved": "{title} dipindah dari {old} ke {when}, di {place}.",
    "meetings.reminder.h1": (
        "Pengingat: besok ada {title}\n🗓️ {when}\n📍 {place}\nApakah Bapak/Ibu bisa hadir?"
    ),
    "meetings.reminder.h2": (
        "Pengingat: 2 jam lagi {title}\n🗓️ {when}\n📍 {place}\nApakah Bapak/Ibu bisa hadir?"
    ),
    "meetings.rsvp.hadir": "✅ Hadir",
    "meetings.rsvp.tidak": "❌ Tidak hadir",
    "meetings.rsvp.izin": "🙏 Izin",
    "meetings.rsvp.thanks_hadir": "Terima kasih, kehadiran Bapak/Ibu di {title} ({when}) tercatat.",
    "meetings.rsvp.thanks_tidak": "Baik, tercatat tidak hadir di {title}. Terima kasih kabarnya.",
    "meetings.rsvp.ask_reason": "Baik. Mohon tulis alasan izinnya secara singkat.",
    "meetings.rsvp.thanks_izin": "Terima kasih, izin Bapak/Ibu untuk {title} tercatat.",
    "meetings.rsvp.closed": "Mohon maaf, rapat ini sudah dimulai atau tidak terjadwal lagi.",
    "meetings.rsvp.not_invited": "Mohon maaf, Bapak/Ibu tidak termasuk undangan rapat ini.",
    "meetings.attendance.prompt": (
        "{title} ({when}) sudah selesai. Mohon catat siapa yang hadir dan notulennya."
    ),
    "meetings.attendance.start": "📝 Catat kehadiran",
    "meetings.attendance.not_held": "Rapat tidak jadi",
    "meetings.attendance.list": (
        "Siapa yang hadir? Sudah ditandai ✅: {present} dari {total}. Ketuk nama untuk "
        "mengubah, atau ketik nomornya (boleh beberapa, misalnya 1 3 4). Lalu pilih Simpan."
    ),
    "meetings.attendance.done": "💾 Simpan kehadiran",
    "meetings.attendance.ask_minutes": (
        "Kehadiran tersimpan: {present} dari {total} PSM. Mohon kirim notulen singkat, boleh "
        "dengan foto. Pilih Selesai bila sudah."
    ),
    "meetings.attendance.finish": "✅ Selesai",
    "meetings.attendance.minutes_noted": (
        "Notulen dicatat. Kirim tambahan atau foto, atau pilih Selesai."
    ),
    "meetings.attendance.photo_noted": "Foto diterima ({count}). Kirim lagi, atau pilih Selesai.",
    "meetings.attendance.saved": (
        "Terima kasih. {title} tercatat: {present} hadir, notulen {minutes}, {photos} foto."
    ),
    "meetings.attendance.minutes_yes": "tersimpan",
    "meetings.attendance.minutes_no": "belum ada",
    "meetings.attendance.not_held_saved": "Baik, {title} dicatat tidak jadi dilaksanakan.",
    "meetings.attendance.already": "Rapat ini sudah dicatat sebelumnya.",
    "meetings.attendance.busy": (
        "Mohon selesaikan dulu laporan yang sedang diisi (atau ketik /batal), lalu pilih lagi "
        "📝 Catat kehadiran."
    ),
    "meetings.when": "{date} pukul {time} {zone}",
    "meetings.rule.weekly": "setiap {days} pukul {time} {zone}",
    "meetings.rule.weekly_interval": "setiap {interval} minggu, hari {days}, pukul {time} {zone}",
    "meetings.rule.monthly_nth": "setiap {day} {ordinal} tiap bulan pukul {time} {zone}",
    "meetings.rule.monthly_day": "setiap tanggal {day} tiap bulan pukul {time} {zone}",
    "meetings.ordinal.1": "pertama",
    "meetings.ordinal.2": "kedua",
    "meetings.ordinal.3": "ketiga",
    "meetings.ordinal.4": "keempat",
    "meetings.ordinal.-1": "terakhir",
    "meetings.and": "dan",
}

EN: dict[str, str] = {
    "meetings.menu.title": "PSM meetings. Please choose:",
    "meetings.menu.create": "➕ New meeting",
    "meetings.menu.list": "📅 Upcoming meetings",
    "meetings.menu.cancel": "❌ Cancel a meeting",
    "meetings.menu.move": "🔁 Reschedule",
    "meetings.not_allowed": (
        "Sorry, meetings are scheduled by the Ketua PSM or the TKSK. You will still receive "
        "the invitations and reminders."
    ),
    "meetings.ask_rule": "When and where is the meeting? Write it in one message, e.g.:\n"
    + _EXAMPLES_EN,
    "meetings.rule_unclear": (
        "Sorry, I could not read that schedule. Write the day or date, the time and the place, "
        "e.g.:\n" + _EXAMPLES_EN
    ),
    "meetings.in_past": "Sorry, {when} has already passed. Please give a date and time ahead.",
    "meetings.preview": (
        "Please check the meeting:\n📌 {title}\n🗓️ {schedule}\n📍 {place}\n"
        "👥 Invited: {count} PSM of {area}"
    ),
    "meetings.preview.first": "First meeting: {when}",
    "meetings.no_place": "place not set yet",
    "meetings.save": "✅ Save",
    "meetings.holiday.once": "⚠️ {date} is a public holiday: {names}. Schedule it anyway?",
    "meetings.holiday.series": (
        "⚠️ {count} meetings in the coming year fall on public holidays: {days}. "
        "Skip the meetings on holidays?"
    ),
    "meetings.holiday.more": " and {count} more",
    "meetings.holiday.cuti_bersama": "collective leave, {name}",
    "meetings.holiday.keep": "✅ Schedule anyway",
    "meetings.holiday.other_time": "🕑 Another time",
    "meetings.holiday.skip": "⏭️ Yes, skip holidays",
    "meetings.holiday.keep_all": "✅ Keep them all",
    "meetings.holiday.moved_onto": "Note: that day is a public holiday ({name}).",
    "meetings.rename": "✏️ Change title",
    "meetings.discard": "❌ Cancel",
    "meetings.ask_title": "What is the meeting's title?",
    "meetings.title.series": "Routine PSM meeting {area}",
    "meetings.title.once": "PSM meeting {area}",
    "meetings.saved": "Meeting saved. Invitations sent to {reachable} of {count} PSM.",
    "meetings.unreachable": (
        "Not reachable by chat yet (they never wrote to me): {names}. Please tell them "
        "directly, and ask them to greet me once."
    ),
    "meetings.discarded": "OK, no meeting was created.",
    "meetings.none_upcoming": "No meetings are scheduled.",
    "meetings.list": "Upcoming meetings:\n{lines}",
    "meetings.list_line": "• {when}: {title}, {place}",
    "meetings.pick_cancel": "Which meeting should be cancelled?",
    "meetings.pick_move": "Which meeting should be moved?",
    "meetings.nothing_to_change": "There is no upcoming meeting you can change.",
    "meetings.gone": "That meeting is no longer scheduled.",
    "meetings.cancel_which": "Cancel only the meeting of {when}, or the whole series {title}?",
    "meetings.cancel_one": "Only this meeting",
    "meetings.cancel_series": "The whole series",
    "meetings.cancelled_one": "The meeting of {when} is cancelled. {count} PSM were told.",
    "meetings.cancelled_series": "The series {title} has ended. {count} PSM were told.",
    "meetings.ask_new_time": (
        "When is the new time? E.g.: 2026-12-05 10:00. If the place changes too, add: "
        "... at Balai RW 05"
    ),
    "meetings.moved": "The meeting is moved to {when}. {count} PSM were told.",
    "meetings.move_unclear": (
        "Sorry, I could not read that time. Write the date and time, e.g.: 2026-12-05 10:00"
    ),
    "meetings.invite": (
        "PSM meeting invitation: {title}\n🗓️ {when}\n📍 {place}\n"
        "Reminders come a day and 2 hours before."
    ),
    "meetings.notice.cancelled": "{title} on {when} is cancelled. Sorry for the change.",
    "meetings.notice.series_cancelled": (
        "The series {title} ({when}) has ended. Sorry for the change."
    ),
    "meetings.notice.moved": "{title} is moved from {old} to {when}, at {place}.",
    "meetings.reminder.h1": (
        "Reminder: tomorrow is {title}\n🗓️ {when}\n📍 {place}\nWill you attend?"
    ),
    "meetings.reminder.h2": "Reminder: in 2 hours, {title}\n🗓️ {when}\n📍 {place}\nWill you attend?",
    "meetings.rsvp.hadir": "✅ Attending",
    "meetings.rsvp.tidak": "❌ Not attending",
    "meetings.rsvp.izin": "🙏 Excused",
    "meetings.rsvp.thanks_hadir": "Thank you, your attendance at {title} ({when}) is noted.",
    "meetings.rsvp.thanks_tidak": "OK, noted that you will not attend {title}. Thanks for telling.",
    "meetings.rsvp.ask_reason": "OK. Please write the reason briefly.",
    "meetings.rsvp.thanks_izin": "Thank you, your excuse for {title} is noted.",
    "meetings.rsvp.closed": "Sorry, this meeting has started or is no longer scheduled.",
    "meetings.rsvp.not_invited": "Sorry, you are not among this meeting's invitees.",
    "meetings.attendance.prompt": (
        "{title} ({when}) is over. Please record who attended and the minutes."
    ),
    "meetings.attendance.start": "📝 Record attendance",
    "meetings.attendance.not_held": "Meeting did not happen",
    "meetings.attendance.list": (
        "Who attended? Marked ✅: {present} of {total}. Tap a name to change it, or type its "
        "number (several are fine, e.g. 1 3 4). Then choose Save."
    ),
    "meetings.attendance.done": "💾 Save attendance",
    "meetings.attendance.ask_minutes": (
        "Attendance saved: {present} of {total} PSM. Please send short minutes, photos are "
        "welcome. Choose Done when finished."
    ),
    "meetings.attendance.finish": "✅ Done",
    "meetings.attendance.minutes_noted": "Minutes noted. Send more or photos, or choose Done.",
    "meetings.attendance.photo_noted": "Photo received ({count}). Send more, or choose Done.",
    "meetings.attendance.saved": (
        "Thank you. {title} recorded: {present} attended, minutes {minutes}, {photos} photos."
    ),
    "meetings.attendance.minutes_yes": "saved",
    "meetings.attendance.minutes_no": "none yet",
    "meetings.attendance.not_held_saved": "OK, {title} is recorded as not held.",
    "meetings.attendance.already": "This meeting was already recorded.",
    "meetings.attendance.busy": (
        "Please finish the report in progress first (or type /batal), then choose "
        "📝 Record attendance again."
    ),
    "meetings.when": "{date}, {time} {zone}",
    "meetings.rule.weekly": "every {days} at {time} {zone}",
    "meetings.rule.weekly_interval": "every {interval} weeks on {days} at {time} {zone}",
    "meetings.rule.monthly_nth": "every {ordinal} {day} of the month at {time} {zone}",
    "meetings.rule.monthly_day": "every month on day {day} at {time} {zone}",
    "meetings.ordinal.1": "first",
    "meetings.ordinal.2": "second",
    "meetings.ordinal.3": "third",
    "meetings.ordinal.4": "fourth",
    "meetings.ordinal.-1": "last",
    "meetings.and": "and",
}
