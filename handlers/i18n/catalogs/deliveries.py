"""Texts about reports on their way: being prepared, files that follow or could not be made."""

ID: dict[str, str] = {
    "deliveries.preparing": (
        "⏳ Rekap {period} sedang disiapkan. Bapak/Ibu akan menerimanya di sini sebentar lagi."
    ),
    "deliveries.files_follow": "📎 Lampiran rekap {period} yang tertunda:",
    "deliveries.files_gave_up": (
        "Mohon maaf, {files} rekap {period} tidak dapat dibuat. Admin sudah diberi tahu; "
        "ringkasan di atas tetap berlaku."
    ),
    "deliveries.failed": (
        "Mohon maaf, rekap {period} tidak dapat dibuat saat ini. Admin sudah diberi tahu. "
        "Silakan coba lagi nanti dengan /laporan."
    ),
    "deliveries.admin.render_failed": (
        "⚠️ Rekap {period} {area} untuk {name} gagal dibuat setelah {attempts} kali mencoba: {error}"
    ),
    "deliveries.file.png": "Grafik",
    "deliveries.file.pdf": "PDF",
    "deliveries.file.xlsx": "File XLSX",
}

EN: dict[str, str] = {
    "deliveries.preparing": (
        "⏳ The {period} summary is being prepared. You will receive it here in a moment."
    ),
    "deliveries.files_follow": "📎 The files of the {period} summary that were delayed:",
    "deliveries.files_gave_up": (
        "Sorry, {files} of the {period} summary could not be made. The admins have been told; "
        "the summary above stands."
    ),
    "deliveries.failed": (
        "Sorry, the {period} summary cannot be made right now. The admins have been told. "
        "Please try /laporan again later."
    ),
    "deliveries.admin.render_failed": (
        "⚠️ The {period} summary of {area} for {name} failed after {attempts} tries: {error}"
    ),
    "deliveries.file.png": "The chart",
    "deliveries.file.pdf": "The PDF",
    "deliveries.file.xlsx": "The XLSX file",
}
