"""Codes the records use: PPKS categories, activity types, PSM roles, referral destinations,
and what a case says of its client (sex, who reported it, urgency, consent).

This is their one home. The codes are stored in the database and appear in exports, so they
never change; labels are what people read (Indonesian first, English second).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Term:
    """One code with its labels, each under the code of its locale (`id` Indonesian, `en`)."""

    code: str
    id: str  # the Indonesian label, named after its locale (the identifier is `code`)
    en: str  # the English label

    def label(self, locale: str = "id") -> str:
        """The label in `locale` (Indonesian unless English is asked for)."""
        return self.en if locale == "en" else self.id


# The 26 PPKS categories in canonical order (Permensos 08/2012, kept by Permensos 5/2019).
PPKS: dict[int, Term] = {
    number: Term(str(number), id_label, en_label)
    for number, (id_label, en_label) in enumerate(
        [
            ("Anak Balita Terlantar", "Neglected toddler"),
            ("Anak Terlantar", "Neglected child"),
            ("Anak yang Berhadapan dengan Hukum", "Child in conflict with the law"),
            ("Anak Jalanan", "Street child"),
            ("Anak dengan Kedisabilitasan", "Child with disability"),
            ("Anak yang Menjadi Korban Tindak Kekerasan", "Child victim of violence"),
            ("Anak yang Memerlukan Perlindungan Khusus", "Child needing special protection"),
            ("Lanjut Usia Terlantar", "Neglected elderly person"),
            ("Penyandang Disabilitas", "Person with disability"),
            ("Tuna Susila", "Sex worker"),
            ("Gelandangan", "Homeless person"),
            ("Pengemis", "Beggar"),
            ("Pemulung", "Scavenger"),
            ("Kelompok Minoritas", "Minority group"),
            ("Bekas Warga Binaan Lembaga Pemasyarakatan", "Former prison inmate"),
            ("Orang dengan HIV/AIDS", "Person living with HIV/AIDS"),
            ("Korban Penyalahgunaan NAPZA", "Victim of drug abuse"),
            ("Korban Trafficking", "Victim of trafficking"),
            ("Korban Tindak Kekerasan", "Victim of violence"),
            ("Pekerja Migran Bermasalah Sosial", "Migrant worker with social problems"),
            ("Korban Bencana Alam", "Victim of natural disaster"),
            ("Korban Bencana Sosial", "Victim of social disaster"),
            ("Perempuan Rawan Sosial Ekonomi", "Socio-economically vulnerable woman"),
            ("Fakir Miskin", "Poor household"),
            ("Keluarga Bermasalah Sosial Psikologis", "Family with psychosocial problems"),
            ("Komunitas Adat Terpencil", "Remote indigenous community"),
        ],
        start=1,
    )
}

ACTIVITY_TYPES: dict[str, Term] = {
    t.code: t
    for t in [
        Term("bansos", "Pendampingan penyaluran bansos", "Social-aid distribution"),
        Term("verval", "Verifikasi & validasi data", "Data verification"),
        Term("kunjungan", "Kunjungan rumah / asesmen", "Home visit / assessment"),
        Term("penanganan", "Penanganan / pendampingan klien", "Client handling / escort"),
        Term("bencana", "Tanggap bencana", "Disaster relief"),
        Term("permakanan", "Permakanan lansia", "Meals for the elderly"),
        Term("kube", "Pendampingan KUBE", "Joint business group (KUBE)"),
        Term("sosialisasi", "Sosialisasi / penyuluhan", "Outreach / information"),
        Term("pelatihan", "Pelatihan", "Training"),
        Term("rapat", "Rapat / koordinasi", "Meeting / coordination"),
        Term("lainnya", "Lainnya", "Other"),
    ]
}

PSM_ROLES: dict[str, Term] = {
    t.code: t
    for t in [
        Term("inisiator", "Inisiator", "Initiator"),
        Term("motivator", "Motivator", "Motivator"),
        Term("dinamisator", "Dinamisator", "Mobiliser"),
        Term("administrator", "Administrator", "Administrator"),
    ]
}

REFERRALS: dict[str, Term] = {
    t.code: t
    for t in [
        Term("puskesmas", "Puskesmas", "Community health centre"),
        Term("rumah_sakit", "Rumah sakit", "Hospital"),
        Term("dinas_sosial", "Dinas Sosial", "Social Affairs Office"),
        Term("panti", "Panti sosial", "Social care home"),
        Term("lks", "LKS", "Social welfare institution (LKS)"),
        Term("polisi", "Kepolisian", "Police"),
        Term("uptd_ppa", "UPTD PPA", "Women & child protection unit"),
        Term("lainnya", "Lainnya", "Other"),
    ]
}

PERSON_ROLES: dict[str, Term] = {
    t.code: t
    for t in [
        Term("psm", "PSM", "Community social worker"),
        Term("ketua_psm", "Ketua PSM", "PSM lead"),
        Term("tksk", "TKSK", "Sub-district social welfare worker"),
        Term("dinsos", "Dinas Sosial", "Social Affairs Office staff"),
        Term("admin", "Admin", "Administrator"),
    ]
}

CASE_STATUSES: dict[str, Term] = {
    t.code: t
    for t in [
        Term("open", "Baru", "New"),
        Term("in_progress", "Ditangani", "In progress"),
        Term("referred", "Dirujuk", "Referred"),
        Term("moved", "Pindah", "Moved"),
        Term("closed", "Selesai", "Closed"),
    ]
}

# What a case records of its client and of how it came to the PSM.
SEXES: dict[str, Term] = {
    t.code: t for t in [Term("L", "Laki-laki", "Male"), Term("P", "Perempuan", "Female")]
}

CASE_SOURCES: dict[str, Term] = {
    t.code: t
    for t in [
        Term("keluarga", "Keluarga", "Family"),
        Term("rt_rw", "Ketua RT/RW", "RT/RW head"),
        Term("tetangga", "Tetangga", "Neighbour"),
        Term("sendiri", "Temuan sendiri", "Own finding"),
    ]
}

URGENCIES: dict[str, Term] = {
    t.code: t
    for t in [
        Term("rendah", "Biasa", "Normal"),
        Term("sedang", "Perlu segera", "Soon"),
        Term("tinggi", "Darurat", "Emergency"),
    ]
}

CONSENTS: dict[str, Term] = {
    t.code: t
    for t in [
        Term("klien", "Klien setuju", "Client agreed"),
        Term("wali", "Wali/keluarga setuju", "Guardian/family agreed"),
        Term("belum", "Belum ada persetujuan", "No consent yet"),
    ]
}
