"""After the meeting the organiser records who came (prefilled from RSVP), minutes and photos."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from handlers.messages import InboundMedia
from storage.models.media import Media
from storage.models.meetings import Meeting, MeetingAttendance
from tests.bot.scheduler.helpers import (
    KETUA,
    PSM_A,
    Clock,
    chat_at,
    local,
    makassar_team,
    make_scheduler,
    rows,
)

NOW = local("2026-11-25 10:00")
MEETING = local("2026-12-03 09:00")
OVER = MEETING + timedelta(hours=2)
PHOTO = InboundMedia(
    path="sim/2026/12/rapat.jpg", content_type="image/jpeg", sha256="ab" * 32, size_bytes=52_000
)


async def test_the_organiser_records_attendance_minutes_and_a_photo(
    engine: Engine, tmp_path: Path
) -> None:
    people = makassar_team(engine)
    clock = Clock(NOW)
    ketua = chat_at(engine, tmp_path, KETUA, clock)
    for text in ("/rapat", "1", "sekali 2026-12-03 09:00 di Kantor Lurah", "1"):
        await ketua.send(text, at=NOW)
    with Session(engine) as session:
        meeting_id = session.exec(select(Meeting)).one().id
    clock.now = MEETING - timedelta(days=1)
    besse = chat_at(engine, tmp_path, PSM_A, clock)
    await besse.send(choice=f"rsvp:{meeting_id}:hadir", at=clock.now)

    scheduler = make_scheduler(engine, tmp_path)
    assert scheduler.try_acquire()
    scheduler.run_due(OVER - timedelta(minutes=1), kinds=("meetings",))
    assert rows(engine, "meeting_attendance") == []
    assert scheduler.try_acquire()
    scheduler.run_due(OVER, kinds=("meetings",))
    scheduler.run_due(OVER + timedelta(minutes=10), kinds=("meetings",))
    (prompt,) = rows(engine, "meeting_attendance")
    assert prompt.address == KETUA
    assert prompt.payload["template_variables"]["1"] == "Rapat PSM Pandang"
    assert prompt.payload["text"] == (
        "Rapat PSM Pandang (Kamis, 3 Desember 2026 pukul 09.00 WITA) sudah selesai. "
        "Mohon catat siapa yang hadir dan notulennya."
    )

    clock.now = OVER
    await ketua.services.sender.drain()
    ketua.new_messages()
    listed = await ketua.send("1", at=OVER)  # 📝 Catat kehadiran, typed as its number
    assert listed[0].text.startswith("Siapa yang hadir? Sudah ditandai ✅: 1 dari 3.")
    assert listed[0].option_labels() == [
        "1. ✅ Besse Rahma",
        "2. ⬜ Caco Amir",
        "3. ⬜ Daeng Offline",
        "💾 Simpan kehadiran",
    ]
    toggled = await ketua.send("3", at=OVER)
    assert toggled[0].option_labels()[:3] == [
        "1. ✅ Besse Rahma",
        "2. ⬜ Caco Amir",
        "3. ✅ Daeng Offline",
    ]
    saved = await ketua.send(choice="att:done", at=OVER)
    assert saved[0].text.startswith("Kehadiran tersimpan: 2 dari 3 PSM.")
    noted = await ketua.send("Membahas jadwal penyaluran BPNT bulan Desember.", at=OVER)
    assert noted[0].text.startswith("Notulen dicatat.")
    photo = await ketua.send(media=(PHOTO,), at=OVER)
    assert photo[0].text == "Foto diterima (1). Kirim lagi, atau pilih Selesai."
    done = await ketua.send("1", at=OVER)
    assert done[0].text == (
        "Terima kasih. Rapat PSM Pandang tercatat: 2 hadir, notulen tersimpan, 1 foto."
    )

    with Session(engine) as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        assert meeting.status == "held"
        assert meeting.minutes == "Membahas jadwal penyaluran BPNT bulan Desember."
        attended = {
            a.person_id: a.attended
            for a in session.exec(
                select(MeetingAttendance).where(MeetingAttendance.meeting_id == meeting_id)
            ).all()
        }
        media = session.exec(select(Media).where(Media.meeting_id == meeting_id)).all()
    assert attended == {
        people["a"].id: True,
        people["b"].id: False,
        people["offline"].id: True,
    }
    assert [(m.path, m.uploaded_by) for m in media] == [(PHOTO.path, people["ketua"].id)]
    # A second tap on the old prompt does not reopen the record.
    again = await ketua.send(choice=f"attend:{meeting_id}:start", at=OVER)
    assert again[0].text == "Rapat ini sudah dicatat sebelumnya."
