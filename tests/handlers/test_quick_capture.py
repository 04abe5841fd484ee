"""A PSM reports by free text, the way they post in the WhatsApp group today."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from storage.models.activities import Activity, ActivityChange
from storage.models.media import Media
from tests.factories import SimChat, add_person, make_services, seed_area
from tests.handlers.conversation import photo

PSM = "+6281234567001"
# Tuesday 17 November 2026, 16:00 in Bandung (WIB).
AT = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)


def activities(engine: Engine) -> list[Activity]:
    with Session(engine) as session:
        return list(session.exec(select(Activity).order_by(col(Activity.id))).all())


async def test_free_text_with_two_photos_becomes_an_activity_after_confirmation(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    add_person(engine, PSM)
    chat = SimChat(make_services(engine, tmp_path), PSM)
    media_dir = tmp_path / "media"

    summary = await chat.send(
        "Lapor, kmrn dampingi penyaluran BPNT di balai RW 05 Kel. Pasteur, 32 KPM hadir 🙏",
        media=(photo(media_dir, 1),),
        at=AT,
    )
    second = await chat.send(media=(photo(media_dir, 2),), at=AT)
    saved = await chat.send("1", at=AT)

    text = summary[-1].text
    assert "Jenis: Pendampingan penyaluran bansos" in text
    assert "Tanggal: 16 November 2026" in text
    assert "Tempat: RW 05, Kel. Pasteur" in text
    assert "Jumlah dijangkau: 32 orang/KK" in text
    assert summary[-1].option_labels() == ["✅ Simpan", "✏️ Ubah", "❌ Batal"]
    assert second[0].text == "📷 Foto diterima (2 foto di laporan ini)."
    assert saved[0].text.startswith("✅ Laporan kegiatan tersimpan")
    [activity] = activities(engine)
    assert (
        activity.activity_type,
        activity.occurred_on,
        activity.rw,
        activity.people_reached,
        activity.psm_role,
        activity.area_code,
    ) == ("bansos", date(2026, 11, 16), "05", 32, "dinamisator", "32.73.07.1001")
    with Session(engine) as session:
        media = session.exec(select(Media).where(Media.activity_id == activity.id)).all()
        history = session.exec(select(ActivityChange)).all()
    assert len(media) == 2 and all((media_dir / m.path).exists() for m in media)
    assert [h.action for h in history] == ["created"]


async def test_only_missing_fields_are_asked_and_a_typed_correction_is_applied(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    add_person(engine, PSM)
    chat = SimChat(make_services(engine, tmp_path), PSM)

    asked = await chat.send("td pagi sosialisasi PKH di masjid Al Ikhlas rw 7", at=AT)
    wrong = await chat.send("banyak sekali", at=AT)
    summary = await chat.send("25", at=AT)
    corrected = await chat.send("RT 03 RW 08", at=AT)
    await chat.send("Simpan", at=AT)

    assert asked[-1].text == "Berapa orang/KK yang dijangkau? Ketik angkanya (mis. 32)."
    assert wrong[0].text == "Mohon ketik jumlahnya dengan angka, misalnya 32."
    assert "Jumlah dijangkau: 25 orang/KK" in summary[-1].text
    assert "Tempat: RT 03/RW 08, Kel. Pasteur" in corrected[-1].text
    [activity] = activities(engine)
    assert (
        activity.activity_type,
        activity.occurred_on,
        activity.rt,
        activity.rw,
        activity.people_reached,
    ) == ("sosialisasi", date(2026, 11, 17), "03", "08", 25)


async def test_a_photo_without_caption_waits_for_the_words(engine: Engine, tmp_path: Path) -> None:
    seed_area(engine)
    add_person(engine, PSM)
    chat = SimChat(make_services(engine, tmp_path), PSM)

    first = await chat.send(media=(photo(tmp_path / "media", 7),), at=AT)
    summary = await chat.send("verval data DTKS di RW 09, 18 KK didata ulang", at=AT)
    await chat.send("1", at=AT)

    assert first[0].text.startswith("📷 Fotonya sudah saya terima.")
    assert "• Foto: 1" in summary[-1].text
    [activity] = activities(engine)
    assert activity.activity_type == "verval" and activity.people_reached == 18
    with Session(engine) as session:
        assert len(session.exec(select(Media).where(Media.activity_id == activity.id)).all()) == 1


async def test_bad_input_gets_a_polite_hint_and_the_draft_is_kept(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    seed_area(sqlite_engine)
    add_person(sqlite_engine, PSM)
    chat = SimChat(make_services(sqlite_engine, tmp_path), PSM)

    nonsense = await chat.send("asdf", at=AT)
    emoji = await chat.send("🙏🙏👍", at=AT)
    await chat.send("Permakanan lansia tgl 20/12/2026 ke 40 lansia tunggal", at=AT)  # future
    future = await chat.send("besok", at=AT)
    chosen = await chat.send("Senin lalu", at=AT)
    paste = await chat.send("x" * 5000, at=AT)
    not_option = await chat.send("mungkin", at=AT)
    stray = await chat.send("/menu", at=AT)
    await chat.send("1", at=AT)

    assert nonsense[0].text.startswith("Maaf, pesan ini belum bisa saya jadikan laporan.")
    assert emoji[0].text == "🙏 Siap, Siti. Kirim laporan kapan saja, ya."  # courtesy, no draft
    assert future[0].text.startswith("Tanggal laporan tidak boleh di masa depan.")
    assert "Tanggal: 16 November 2026" in chosen[-1].text
    assert paste[0].text.startswith("Mohon maaf, pesannya terlalu panjang")
    assert not_option[0].text.startswith("Maaf, koreksinya belum saya pahami.")
    assert stray[0].text.startswith("Masih ada laporan yang belum selesai.")
    [activity] = activities(sqlite_engine)
    assert (activity.activity_type, activity.occurred_on, activity.people_reached) == (
        "permakanan",
        date(2026, 11, 16),
        40,
    )


async def test_a_draft_survives_a_restart(engine: Engine, tmp_path: Path) -> None:
    seed_area(engine)
    add_person(engine, PSM)
    before = SimChat(make_services(engine, tmp_path), PSM)
    await before.send("kmrn sosialisasi PKH di RW 07", at=AT)

    engine.dispose()  # a new process: nothing carried over in memory
    after = SimChat(make_services(engine, tmp_path), PSM)
    after.cursor = before.cursor
    await after.send("25", at=AT)
    await after.send("Simpan", at=AT)

    [activity] = activities(engine)
    assert (activity.activity_type, activity.people_reached) == ("sosialisasi", 25)


async def test_edit_and_delete_the_last_record_within_24_hours(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    add_person(engine, PSM)
    chat = SimChat(make_services(engine, tmp_path), PSM)
    await chat.send("kmrn sosialisasi PKH di RW 07, 25 org", at=AT)
    await chat.send("1", at=AT)

    await chat.send("/ubah", at=AT)
    await chat.send("30 orang", at=AT)
    updated = await chat.send("Simpan", at=AT)
    await chat.send("/hapus", at=AT)
    deleted = await chat.send("1", at=AT)

    assert updated[0].text == "✅ Laporan No. 1 sudah diperbarui."
    assert deleted[0].text == "🗑️ Laporan No. 1 sudah dihapus."
    [activity] = activities(engine)
    assert activity.people_reached == 30 and activity.deleted_at is not None
    with Session(engine) as session:
        history = session.exec(select(ActivityChange).order_by(col(ActivityChange.id))).all()
    assert [(h.action, h.changes) for h in history] == [
        ("created", {}),
        ("edited", {"people_reached": [25, 30]}),
        ("deleted", {}),
    ]


async def test_an_album_is_one_report_with_one_summary(engine: Engine, tmp_path: Path) -> None:
    seed_area(engine)
    add_person(engine, PSM)
    chat = SimChat(make_services(engine, tmp_path), PSM)
    media_dir = tmp_path / "media"
    album = [photo(media_dir, n) for n in (11, 12, 13)]

    first = await chat.send(
        "kmrn dampingi penyaluran BPNT di RW 05, 32 KPM",
        media=(album[0],),
        group_id="album-1",
        at=AT,
    )
    rest = [await chat.send(media=(p,), group_id="album-1", at=AT) for p in album[1:]]
    await chat.send("Simpan", at=AT)

    assert len(first) == 1 and "Jumlah dijangkau: 32 orang/KK" in first[0].text
    assert rest == [[], []]  # the rest of the album is taken in silently
    [activity] = activities(engine)
    with Session(engine) as session:
        assert len(session.exec(select(Media).where(Media.activity_id == activity.id)).all()) == 3


async def test_a_psm_who_chose_english_reports_in_english(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    seed_area(sqlite_engine)
    add_person(sqlite_engine, PSM)
    chat = SimChat(make_services(sqlite_engine, tmp_path), PSM)

    await chat.send("/bahasa", at=AT)
    chosen = await chat.send("English", at=AT)
    summary = await chat.send("kmrn sosialisasi PKH di masjid rw 7, 25 org", at=AT)

    assert chosen[0].text == "OK, I will use English."
    assert summary[-1].text.startswith("📝 Activity report\n• Type: Outreach / information")
    assert "• Date: November 16, 2026" in summary[-1].text
    assert summary[-1].option_labels() == ["✅ Save", "✏️ Change", "❌ Cancel"]


async def test_help_in_the_middle_of_a_draft_keeps_the_question(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    seed_area(sqlite_engine)
    add_person(sqlite_engine, PSM)
    chat = SimChat(make_services(sqlite_engine, tmp_path), PSM)
    await chat.send("kmrn sosialisasi PKH di RW 07, 25 org", at=AT)

    helped = await chat.send("/bantuan", at=AT)
    await chat.send("1", at=AT)

    assert helped[0].text.startswith("Cara melapor:")
    assert helped[-1].option_labels() == ["✅ Simpan", "✏️ Ubah", "❌ Batal"]
    assert len(activities(sqlite_engine)) == 1
