"""The Indonesian words every parser shares: months, weekdays, numbers, regional words.

One place for them, so that the report parser, the meeting-rule parser and the answers to the
bot's questions all read "Nopember", "seratus dua puluh" or "kamari" the same way.
"""

from __future__ import annotations

import re

# Month names and the abbreviations PSM write, Indonesian (old spellings too) and English.
MONTHS: dict[str, int] = {
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "pebruari": 2, "february": 2, "feb": 2, "peb": 2,
    "maret": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "agustus": 8, "august": 8, "agust": 8, "agus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}  # fmt: skip

# Weekday names (Monday = 0), Indonesian; English ones are translated by `normalize`.
WEEKDAYS: dict[str, int] = {
    "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jumaat": 4, "sabtu": 5,
    "minggu": 6, "ahad": 6,
}  # fmt: skip
ENGLISH_WEEKDAYS: dict[str, str] = {
    "monday": "senin", "tuesday": "selasa", "wednesday": "rabu", "thursday": "kamis",
    "friday": "jumat", "saturday": "sabtu", "sunday": "minggu",
}  # fmt: skip

# Number words: units, the "se-" forms, and the words that multiply or add.
UNIT_WORDS: dict[str, int] = {
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9,
}  # fmt: skip
_SE_WORDS = {"sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000}
_SCALE_WORDS = ("belas", "puluh", "ratus", "ribu")
NUMBER_TOKENS = (*UNIT_WORDS, *_SE_WORDS, *_SCALE_WORDS)
_TOKEN_ALT = "|".join(sorted(NUMBER_TOKENS, key=len, reverse=True))
# A run of number words ("dua ratus lima belas"); single units are included ("tiga").
NUMBER_WORDS_RE = rf"(?:(?:{_TOKEN_ALT})(?:\s+(?:{_TOKEN_ALT}))*)"
# Words that say a number is a guess ("sekitar 30", "kurang lebih 40", "±25", "20an").
APPROXIMATE_RE = re.compile(
    r"(?:\bsekitar|\bkurang\s+lebih|\bkira-kira|\bkira|\bkurleb|\bhampir|\blebih\s+dari|"
    r"\bmungkin|\bperkiraan|\bestimasi|\babout|\baround|±|\+/-|\+-)\s*$"
)
APPROXIMATE_AFTER_RE = re.compile(r"^\s*(?:-?\s*an\b|\+|lebih\b|an-an\b)")
# Words that state a vague amount with no number ("puluhan warga", "ratusan KPM").
VAGUE_AMOUNTS: dict[str, int] = {"belasan": 10, "puluhan": 20, "ratusan": 100, "ribuan": 1000}


def words_to_number(words: str) -> int | None:
    """'seratus dua puluh' -> 120, 'dua ratus lima belas' -> 215; None when it does not parse."""
    total = group = 0
    pending: int | None = None
    for token in words.split():
        if token in UNIT_WORDS:
            if pending is not None:
                return None  # "dua tiga" is two numbers, not one
            pending = UNIT_WORDS[token]
        elif token in ("sepuluh", "sebelas", "seratus"):
            if pending is not None:
                return None
            group += _SE_WORDS[token]
        elif token == "seribu":
            if pending is not None or group or total:
                return None
            total += 1000
        elif token in ("belas", "puluh", "ratus"):
            if pending is None:
                return None
            group += {"belas": pending + 10, "puluh": pending * 10, "ratus": pending * 100}[token]
            pending = None
        elif token == "ribu":
            value = group + (pending or 0)
            if not value:
                return None
            total += value * 1000
            group, pending = 0, None
        else:
            return None
    value = total + group + (pending or 0)
    return value or None


# Regional words of the PSM studied (Sundanese, Betawi, Javanese, Riau Malay) and English
# date words, mapped to the standard Indonesian word the parser rules know.
REGIONAL: dict[str, str] = {
    # Sundanese
    "kamari": "kemarin", "enjing": "pagi", "ayeuna": "sekarang", "nembe": "baru",
    "bade": "akan", "ka": "ke", "ti": "dari", "nu": "yang", "jeung": "dan", "ku": "oleh",
    "teu": "tidak", "henteu": "tidak", "tos": "sudah", "atos": "sudah", "parantos": "sudah",
    "ngantar": "antar", "nganteur": "antar", "nganteurkeun": "antar", "ngajak": "ajak",
    "dianteur": "diantar", "dianteurkeun": "diantar",
    "nengok": "kunjungi", "nengokan": "kunjungi", "ngalongok": "kunjungi",
    "dilongok": "dikunjungi", "ditengok": "dikunjungi",
    # Betawi
    "aye": "saya", "kagak": "tidak", "kaga": "tidak", "nyang": "yang", "ame": "sama",
    "udeh": "sudah", "ude": "sudah", "nengokin": "kunjungi", "tengokin": "kunjungi",
    "bocah": "anak", "engkong": "kakek", "encang": "paman",
    # Javanese
    "wingi": "kemarin", "kulo": "saya", "kula": "saya", "sampun": "sudah",
    "dereng": "belum", "mboten": "tidak",
    # Riau Malay
    "pegi": "pergi", "tak": "tidak", "dah": "sudah", "bawak": "bawa", "dibawak": "dibawa",
    "membawak": "membawa", "budak": "anak", "balek": "balik", "atok": "kakek",
    "uwan": "nenek", "kat": "di", "tengok": "kunjungi", "menengok": "mengunjungi",
    # English date words
    "yesterday": "kemarin", "today": "hari ini", "tonight": "malam ini", "tomorrow": "besok",
    "ago": "lalu", "days": "hari", "day": "hari",
    **ENGLISH_WEEKDAYS,
}  # fmt: skip
# English phrases whose word order differs from the Indonesian one.
ENGLISH_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\blast\s+(" + "|".join(ENGLISH_WEEKDAYS) + r")\b"), r"\1 lalu"),
    (re.compile(r"\bnext\s+(" + "|".join(ENGLISH_WEEKDAYS) + r")\b"), r"\1 depan"),
    (re.compile(r"\bthis\s+morning\b"), "tadi pagi"),
    (re.compile(r"\blast\s+night\b"), "tadi malam"),
    (re.compile(r"\blast\s+week\b"), "pekan lalu"),
    (re.compile(r"\bnext\s+week\b"), "minggu depan"),
    (re.compile(r"\bnext\s+month\b"), "bulan depan"),
    (re.compile(r"\bday\s+before\s+yesterday\b"), "kemarin lusa"),
)

# Other words for the options the bot offers, by option key; "prefix:*:last" keys cover the
# options whose middle part is an id (a meeting's RSVP, a follow-up, a planned step).
ANSWER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "type:sosialisasi": ("penyuluhan", "edukasi", "sosialisasi", "sosialisai", "penyuluhan warga"),
    "type:bansos": ("penyaluran", "bansos", "bpnt", "pkh", "blt", "sembako", "bantuan sosial"),
    "type:verval": ("pendataan", "verifikasi", "validasi", "dtks", "dtsen", "survei", "data"),
    "type:kunjungan": ("kunjungan rumah", "home visit", "visit", "kunjungi", "asesmen"),
    "type:penanganan": ("penanganan kasus", "evakuasi", "pendampingan klien", "antar klien"),
    "type:bencana": ("banjir", "kebakaran", "longsor", "gempa", "tanggap bencana"),
    "type:permakanan": ("makan", "makanan", "pokmas"),
    "type:kube": ("kelompok usaha bersama", "usaha bersama", "uep"),
    "type:pelatihan": ("bimtek", "diklat", "training", "workshop", "kursus"),
    "type:rapat": ("rakor", "pertemuan", "meeting", "musyawarah", "koordinasi"),
    "type:lainnya": ("lain", "lain-lain", "lain lain", "other", "others"),
    "role:inisiator": ("inisiatif", "pemrakarsa"),
    "role:motivator": ("motivasi", "memotivasi"),
    "role:dinamisator": ("dinamis", "penggerak", "menggerakkan"),
    "role:administrator": ("admin", "administrasi", "pencatatan", "mencatat"),
    "sex:L": ("l", "lk", "laki", "laki-laki", "laki2", "laki laki", "pria", "cowok", "male", "m"),
    "sex:P": ("p", "pr", "perempuan", "wanita", "cewek", "female", "f", "w"),
    "consent:klien": ("klien", "setuju", "sudah setuju", "yang bersangkutan", "ybs setuju"),
    "consent:wali": (
        "wali", "wali setuju", "orang tua", "orang tua setuju", "ortu", "ortu setuju",
        "keluarga", "keluarga setuju", "guardian", "family",
    ),
    "consent:belum": ("belum", "belum setuju", "tidak setuju", "tidak", "belum ada"),
    "source:keluarga": ("keluarga", "family"),
    "source:rt_rw": ("rt", "rw", "pak rt", "ketua rt", "ketua rw", "rt rw"),
    "source:tetangga": ("tetangga", "warga", "neighbour", "neighbor"),
    "source:sendiri": ("sendiri", "temuan", "saya sendiri", "own"),
    "urgency:rendah": ("biasa", "rendah", "tidak mendesak", "normal"),
    "urgency:sedang": ("segera", "sedang", "cukup mendesak", "soon"),
    "urgency:tinggi": ("darurat", "mendesak", "tinggi", "gawat", "urgent", "emergency"),
    "photos:done": ("selesai", "sudah", "cukup", "done", "tidak ada foto", "sudah semua"),
    "date:today": ("hari ini", "today", "tadi", "sekarang", "barusan"),
    "date:yesterday": ("kemarin", "kmrn", "kemaren", "yesterday"),
    "draft:save": (
        "simpan", "ya simpan", "sudah benar", "benar", "betul", "save", "kirim", "ya", "iya",
        "yes", "ok", "oke",
    ),
    "draft:edit": ("ubah", "edit", "ganti", "koreksi", "perbaiki", "change"),
    "draft:cancel": ("batal", "batalkan", "cancel", "tidak jadi"),
    "agree:yes": ("ya", "iya", "sudah", "setuju", "yes", "sudah setuju"),
    "agree:no": ("tidak", "belum", "no", "tidak setuju", "belum setuju"),
    "confirm:yes": ("ya", "iya", "benar", "betul", "yes", "lanjut", "ok"),
    "confirm:no": ("tidak", "bukan", "salah", "no", "jangan"),
    "rsvp:*:hadir": ("hadir", "insyaallah hadir", "datang", "ya hadir", "attending", "siap hadir"),
    "rsvp:*:tidak": (
        "tidak hadir", "tidak bisa hadir", "tidak bisa", "berhalangan", "absen", "not attending",
    ),
    "rsvp:*:izin": ("izin", "ijin", "mohon izin"),
    "plan:*:done": ("sudah", "udah", "sdh", "sudah dilakukan", "ya", "done", "yes"),
    "plan:*:notyet": ("belum", "blm", "belom", "not yet", "nanti"),
    "plan:*:cancel": ("batal", "dibatalkan", "tidak jadi", "cancelled", "cancel"),
    "followup:*:visit": ("sudah dikunjungi", "dikunjungi", "kunjungan", "visited"),
    "followup:*:nochange": ("belum ada perubahan", "tidak ada perubahan", "tetap", "no change"),
    "followup:*:close": ("tutup", "tutup kasus", "selesai", "close"),
    "del:activity": ("hapus", "ya hapus", "ya"),
    "del:case": ("hapus", "ya hapus", "ya"),
    "del:no": ("jangan", "tidak", "batal", "no"),
}  # fmt: skip
