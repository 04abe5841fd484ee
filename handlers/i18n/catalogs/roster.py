"""Texts of the roster import: file problems, row problems, and the chat replies."""

ID: dict[str, str] = {
    "roster.level.province": "provinsi",
    "roster.level.regency": "kabupaten/kota",
    "roster.level.district": "kecamatan",
    "roster.level.village": "kelurahan/desa",
    "roster.file.unsupported": ("jenis berkas tidak didukung ({suffix}); gunakan .csv atau .xlsx"),
    "roster.file.xls": (
        "berkas .xls (Excel lama) tidak didukung; buka di Excel lalu simpan sebagai .xlsx atau .csv"
    ),
    "roster.file.empty": "berkas kosong",
    "roster.file.no_header": (
        "kolom wajib tidak ditemukan: nama dan telepon (baris pertama harus berisi judul "
        "kolom: nama, telepon, peran, kelurahan, kecamatan, kabupaten_kota, provinsi atau "
        "kode_wilayah)"
    ),
    "roster.file.no_rows": "berkas tidak berisi baris data",
    "roster.file.encoding": 'berkas CSV harus berenkode UTF-8 (simpan sebagai "CSV UTF-8")',
    "roster.file.xlsx_unreadable": "berkas XLSX tidak bisa dibaca",
    "roster.row.no_name": "nama kosong",
    "roster.row.bad_phone": "nomor telepon tidak valid: {phone}",
    "roster.row.bad_role": (
        "peran tidak dikenal: {role} (pilih psm, ketua_psm, tksk, dinsos, admin)"
    ),
    "roster.row.duplicate": "nomor {phone} sudah ada di baris {line}",
    "roster.row.no_area": (
        "wilayah kosong: isi kelurahan, kecamatan, kabupaten_kota (dan provinsi) atau kode_wilayah"
    ),
    "roster.row.not_found": 'wilayah tidak dikenal: {level} "{name}" tidak ada{parent}',
    "roster.row.not_found.parent": " di {parent}",
    "roster.row.not_found.similar": "; yang mirip: {names}",
    "roster.row.not_found.hint": "; periksa ejaannya atau isi kode_wilayah",
    "roster.row.ambiguous": (
        'nama wilayah ganda: {level} "{name}" ada di {total} tempat: {candidates}{more}. '
        "Isi kolom wilayah di atasnya atau kode_wilayah"
    ),
    "roster.row.ambiguous.more": " dan {count} lainnya",
    "roster.row.bad_code": (
        "kode_wilayah tidak valid: {code} (2, 4, 6 atau 10 angka, mis. 32.73.07.1001; "
        "format sel sebagai teks di Excel)"
    ),
    "roster.row.unknown_code": "kode_wilayah {code} tidak ada dalam daftar wilayah",
    "roster.row.too_shallow": "peran {role} perlu wilayah setingkat {level}",
    "roster.row.outside": "wilayah {area} di luar wilayah Bapak/Ibu ({scope})",
    "roster.row.rank": "Bapak/Ibu tidak dapat menambahkan peran {role}",
    "roster.row.elsewhere": "nomor {phone} sudah terdaftar di luar wilayah Bapak/Ibu",
    "roster.chat.not_allowed": (
        "Mohon maaf, daftar PSM hanya bisa dikirim oleh admin, Dinas Sosial atau TKSK. "
        "Laporan yang sedang diisi tetap tersimpan."
    ),
    "roster.chat.unreadable": (
        "Mohon maaf, daftar PSM tidak bisa dibaca: {reason}. Tidak ada data yang diubah."
    ),
    "roster.chat.done": (
        "Daftar PSM sudah diproses ({area}): {created} baru, {updated} diperbarui, "
        "{rejected} baris ditolak."
    ),
    "roster.chat.errors": "Baris yang ditolak:\n{lines}",
    "roster.chat.errors_file": (
        "Baris yang ditolak (sebagian):\n{lines}\nDaftar lengkapnya ada di berkas terlampir."
    ),
    "roster.chat.error_line": "• baris {line}: {reason}",
    "roster.chat.everywhere": "semua wilayah",
    "roster.errors.header_line": "baris",
    "roster.errors.header_reason": "alasan",
}

EN: dict[str, str] = {
    "roster.level.province": "province",
    "roster.level.regency": "regency/city",
    "roster.level.district": "district",
    "roster.level.village": "village",
    "roster.file.unsupported": "file type not supported ({suffix}); use .csv or .xlsx",
    "roster.file.xls": "old Excel .xls files are not supported; save it as .xlsx or .csv",
    "roster.file.empty": "the file is empty",
    "roster.file.no_header": (
        "required columns not found: nama (name) and telepon (phone) in the first row"
    ),
    "roster.file.no_rows": "the file has no data rows",
    "roster.file.encoding": 'CSV files must be UTF-8 (save as "CSV UTF-8")',
    "roster.file.xlsx_unreadable": "the XLSX file cannot be read",
    "roster.row.no_name": "name is empty",
    "roster.row.bad_phone": "invalid phone number: {phone}",
    "roster.row.bad_role": "unknown role: {role} (use psm, ketua_psm, tksk, dinsos, admin)",
    "roster.row.duplicate": "number {phone} already on line {line}",
    "roster.row.no_area": "no area: give kelurahan, kecamatan, kabupaten_kota or kode_wilayah",
    "roster.row.not_found": 'unknown area: {level} "{name}" not found{parent}',
    "roster.row.not_found.parent": " in {parent}",
    "roster.row.not_found.similar": "; similar: {names}",
    "roster.row.not_found.hint": "; check the spelling or give kode_wilayah",
    "roster.row.ambiguous": (
        'ambiguous area: {level} "{name}" exists in {total} places: {candidates}{more}. '
        "Fill in the area above it or kode_wilayah"
    ),
    "roster.row.ambiguous.more": " and {count} more",
    "roster.row.bad_code": "invalid kode_wilayah: {code} (2, 4, 6 or 10 digits)",
    "roster.row.unknown_code": "kode_wilayah {code} is not on the region list",
    "roster.row.too_shallow": "role {role} needs an area at {level} level",
    "roster.row.outside": "area {area} is outside your area ({scope})",
    "roster.row.rank": "you cannot add people with role {role}",
    "roster.row.elsewhere": "number {phone} is already registered outside your area",
    "roster.chat.not_allowed": (
        "Sorry, only an admin, Dinas Sosial or a TKSK can send the PSM roster. "
        "The report you are writing is kept."
    ),
    "roster.chat.unreadable": "Sorry, the roster cannot be read: {reason}. Nothing was changed.",
    "roster.chat.done": (
        "Roster processed ({area}): {created} new, {updated} updated, {rejected} rows refused."
    ),
    "roster.chat.errors": "Refused rows:\n{lines}",
    "roster.chat.errors_file": (
        "Refused rows (some):\n{lines}\nThe full list is in the file attached."
    ),
    "roster.chat.error_line": "• line {line}: {reason}",
    "roster.chat.everywhere": "all areas",
    "roster.errors.header_line": "line",
    "roster.errors.header_reason": "reason",
}
