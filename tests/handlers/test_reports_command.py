"""/laporan: a coordinator asks for the report of their own area in the chat."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from storage.models.messaging import OutboxMessage
from tests.factories import SimChat, make_services
from tests.reports.week import NOW, build_week


def last_attachments(engine: Engine) -> list[list[str]]:
    with Session(engine) as session:
        row = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id).desc())).first()
    assert row is not None
    return row.payload["attachments"]


async def test_a_tksk_gets_last_weeks_report_with_its_files(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    week = build_week(sqlite_engine)
    chat = SimChat(make_services(sqlite_engine, tmp_path), week.people["tksk"].phone or "")
    # The answer comes at once; the report follows when a render worker has made it.
    [preparing, said] = await chat.send("/laporan", at=NOW)
    assert preparing.text.startswith("⏳ Rekap Minggu ke-46 2026 (9–15 Nov 2026) sedang disiapkan")
    assert said.text.startswith("📊 Rekap mingguan PSM Kec. Sukajadi\nMinggu ke-46 2026")
    assert "📝 Kegiatan: 6 (minggu lalu: 3)" in said.text
    assert "Belum melapor (2): Asep Hidayat, Neneng Suryani." in said.text
    files = last_attachments(sqlite_engine)
    assert [content_type for _, content_type, _ in files] == [
        "image/png",
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ]
    for path, _, _ in files:
        assert (tmp_path / "media" / path).is_file()

    [_preparing, said] = await chat.send("/laporan 2026-W45", at=NOW)
    assert "Minggu ke-45 2026 (2–8 Nov 2026)" in said.text
    assert "📝 Kegiatan: 3 (minggu lalu: 0)" in said.text


async def test_a_ketua_psm_sees_only_their_kelurahan(sqlite_engine: Engine, tmp_path: Path) -> None:
    week = build_week(sqlite_engine)
    chat = SimChat(make_services(sqlite_engine, tmp_path), week.people["dedi"].phone or "")
    [_preparing, said] = await chat.send("/laporan 2026-W46", at=NOW)
    assert said.text.startswith("📊 Rekap mingguan PSM Kel. Pasteur")
    assert "📝 Kegiatan: 4 (minggu lalu: 1)" in said.text
    assert "Euis" not in said.text and "Cipedes" not in said.text


async def test_a_psm_is_told_politely_that_reports_are_for_coordinators(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    week = build_week(sqlite_engine)
    chat = SimChat(make_services(sqlite_engine, tmp_path), week.people["siti"].phone or "")
    [said] = await chat.send("/laporan", at=NOW)
    assert said.text.startswith("Mohon maaf, /laporan hanya untuk koordinator")
    assert not (tmp_path / "media" / "reports").exists()


async def test_an_unreadable_or_future_period_gets_examples(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    week = build_week(sqlite_engine)
    chat = SimChat(make_services(sqlite_engine, tmp_path), week.people["tksk"].phone or "")
    [said] = await chat.send("/laporan kemarin", at=NOW)
    assert "/laporan 2026-W46 — minggu tertentu" in said.text
    assert "/laporan 2026-10 — satu bulan" in said.text
    [said] = await chat.send("/laporan 2026-W50", at=NOW)
    assert said.text == "Periode 2026-W50 belum dimulai. Coba periode yang sudah berjalan."
