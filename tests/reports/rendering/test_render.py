"""A week's report says the same numbers in the chat text, the PDF and the XLSX."""

from __future__ import annotations

from pathlib import Path

import pypdf
from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import Session, select

from handlers.i18n import term_label
from reports.building.build import PeriodReport, build_report
from reports.building.formatting import day
from reports.building.periods import period_containing
from reports.rendering.files import render_files
from reports.rendering.text import summary_text
from storage.models.cases import Case
from storage.models.people import Person
from storage.models.regions import Region
from storage.vocabulary import ACTIVITY_TYPES, PPKS, REFERRALS
from tests.reports.counts import Counts, count_by_hand
from tests.reports.week import (
    KECAMATAN,
    NOW,
    WEEK_END,
    WEEK_START,
    build_week,
)

WEEK = period_containing("weekly", WEEK_START)


def squeeze(text: str) -> str:
    """Text without any whitespace: PDF extraction splits lines (and even kerned letters)."""
    return "".join(text.split())


def make_report(engine: Engine) -> PeriodReport:
    with Session(engine) as session:
        return build_report(session=session, area_code=KECAMATAN, period=WEEK, now=NOW)


def stale_rows(engine: Engine, counts: Counts) -> list[str]:
    """Each stale case as its PDF row should read: number, PPKS, kelurahan, PSM, date, days."""
    lines = []
    with Session(engine) as session:
        for case_id, days in counts.stale.items():
            case = session.get(Case, case_id)
            assert case is not None and case.ppks is not None
            area = session.get(Region, case.area_code)
            psm = session.get(Person, case.reporter_id)
            assert area is not None and psm is not None
            last = date_of_last_news(case_id, days)
            lines.append(
                f"{case_id}{term_label(PPKS[case.ppks], 'id')}{area.name}{psm.name}{last}{days}"
            )
    return [squeeze(line) for line in lines]


def date_of_last_news(case_id: int, days: int) -> str:
    from datetime import timedelta

    return day(WEEK_END - timedelta(days=1 + days), "id")


def test_the_chat_text_shows_the_weeks_numbers(engine: Engine) -> None:
    build_week(engine)
    counts = count_by_hand(engine, KECAMATAN, WEEK_START, WEEK_END, NOW)
    before = count_by_hand(engine, KECAMATAN, WEEK.previous().start, WEEK_START, NOW)
    text = summary_text(make_report(engine), "id")
    lines = text.splitlines()
    assert lines[0] == "📊 Rekap mingguan PSM Kec. Sukajadi"
    assert lines[1] == "Minggu ke-46 2026 (9–15 Nov 2026)"
    assert f"📝 Kegiatan: {counts.activities} (minggu lalu: {before.activities})" in lines
    assert (
        f"👥 Warga terjangkau: {counts.people_reached} (minggu lalu: {before.people_reached})"
        in lines
    )
    new, new_before = sum(counts.new_cases.values()), sum(before.new_cases.values())
    assert f"📂 Kasus baru: {new} (minggu lalu: {new_before})" in lines
    assert f"↪️ Rujukan: {sum(counts.referrals.values())} (Puskesmas 1, Rumah sakit 1)" in lines
    assert f"📷 Foto diterima: {counts.photos}" in lines
    # Six active PSM (Ujang is inactive); Asep and Neneng reported nothing.
    assert "🙋 PSM melapor: 4 dari 6" in lines
    assert (
        "Kegiatan terbanyak: Pendampingan penyaluran bansos 2, Kunjungan rumah / asesmen 1" in text
    )
    assert f"⚠️ {len(counts.stale)} kasus belum ada kabar 14 hari atau lebih." in lines
    assert f"Belum melapor (2): {', '.join(counts.silent)}." in lines
    assert "Rapat: 1, hadir 3 dari 5 undangan." in lines
    assert "Rapat berikutnya: Rapat rutin PSM Pasteur, Sel 17 Nov 2026, 09.00 WIB." in lines
    assert "Yayan" not in text and "Ujang" not in text


def test_the_pdf_and_xlsx_show_the_same_numbers(engine: Engine, tmp_path: Path) -> None:
    build_week(engine)
    counts = count_by_hand(engine, KECAMATAN, WEEK_START, WEEK_END, NOW)
    before = count_by_hand(engine, KECAMATAN, WEEK.previous().start, WEEK_START, NOW)
    report = make_report(engine)
    attachments = render_files(report, media_dir=tmp_path, folder="r", locale="id")
    assert [a.content_type for a in attachments] == [
        "image/png",
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ]
    png, pdf, xlsx = (tmp_path / a.path for a in attachments)
    assert png.read_bytes().startswith(b"\x89PNG")
    assert attachments[1].filename == "rekap-mingguan-sukajadi-2026-W46.pdf"

    pages = pypdf.PdfReader(pdf).pages
    assert any(page.images for page in pages)  # the chart is drawn in the PDF too
    text = squeeze("\n".join(page.extract_text() for page in pages))
    activities = counts.activities
    assert (
        squeeze(f"Kegiatan {activities} {before.activities} +{activities - before.activities}")
        in text
    )
    for code, (n, reached) in counts.by_type.items():
        assert squeeze(f"{term_label(ACTIVITY_TYPES[code], 'id')} {n} {reached}") in text
    assert squeeze(f"Jumlah {activities} {counts.people_reached}") in text
    for ppks, n in counts.new_cases.items():
        name = "Belum ditentukan" if ppks is None else term_label(PPKS[ppks], "id")
        assert squeeze(f"{name} {n}") in text
    for destination, n in counts.referrals.items():
        assert squeeze(f"{term_label(REFERRALS[destination], 'id')} {n}") in text
    for row in stale_rows(engine, counts):
        assert row in text
    for name in counts.silent:
        assert squeeze(name) in text
    assert squeeze("Rapat rutin PSM Sukajadi Sukajadi Terlaksana 5 3") in text
    assert squeeze(f"Jumlah {counts.photos}") in text
    assert "Sarijadi" not in text and "Yayan" not in text

    book = load_workbook(xlsx)
    assert book.sheetnames[:3] == ["Ringkasan", "Kegiatan per jenis", "Kegiatan per peran PSM"]
    assert book.sheetnames[-2:] == ["Data kegiatan", "Data kasus"]
    summary = rows_by_first_cell(book["Ringkasan"])
    assert summary["Kegiatan"] == (activities, before.activities, activities - before.activities)
    assert summary["Foto diterima"][0] == counts.photos
    by_type = rows_by_first_cell(book["Kegiatan per jenis"])
    for code, (n, reached) in counts.by_type.items():
        assert by_type[term_label(ACTIVITY_TYPES[code], "id")] == (n, reached)
    referrals = rows_by_first_cell(book["Rujukan per tujuan"])
    assert {k: v[0] for k, v in referrals.items() if k not in {"Tujuan", "Jumlah"}} == {
        term_label(REFERRALS[code], "id"): n for code, n in counts.referrals.items()
    }
    silent = rows_by_first_cell(book["PSM yang belum melapor"])
    assert sorted(k for k in silent if k != "Nama") == counts.silent
    raw = list(book["Data kegiatan"].iter_rows(values_only=True))
    # Indonesian headers in an Indonesian workbook; the codes keep a column of their own.
    assert raw[0][:3] == ("No.", "Tanggal", "Jenis kegiatan (kode)")
    assert "Jenis kegiatan" in raw[0] and "activity_type" not in raw[0]
    assert len(raw) - 1 == activities
    cases = list(book["Data kasus"].iter_rows(values_only=True))
    assert len(cases) - 1 == sum(counts.new_cases.values())
    assert "3273011203900001" not in str(cases) and "3273********0001" in str(cases)


def rows_by_first_cell(sheet: object) -> dict[str, tuple[object, ...]]:
    """A sheet's rows keyed by their first cell, with the rest of the row (trailing blanks cut)."""
    out = {}
    for row in sheet.iter_rows(values_only=True):  # type: ignore[attr-defined]
        if row and isinstance(row[0], str):
            rest = list(row[1:])
            while rest and rest[-1] is None:
                rest.pop()
            out[row[0]] = tuple(rest)
    return out


def test_an_english_reader_gets_english(engine: Engine) -> None:
    build_week(engine)
    text = summary_text(make_report(engine), "en")
    assert text.startswith(
        "📊 Weekly PSM summary, Kec. Sukajadi\nWeek 46 of 2026 (Nov 9\u2009–\u200915, 2026)"
    )
    assert "📝 Activities: 6 (last week: 3)" in text
    assert "Not reported yet (2): Asep Hidayat, Neneng Suryani." in text


def test_names_are_escaped_in_the_pdfs_html(engine: Engine) -> None:
    from reports.rendering.pdf import report_html
    from tests.factories import add_person

    build_week(engine)
    add_person(engine, "+6281299990000", name="<b>Budi</b>", area_code="32.73.07.1001")
    html = report_html(make_report(engine), "id")
    assert "&lt;b&gt;Budi&lt;/b&gt;" in html and "<b>Budi" not in html
    assert '"DejaVu Sans"' in html  # the stylesheet itself is kept as written


def test_the_workbooks_records_cannot_run_and_keep_their_dates(
    engine: Engine, tmp_path: Path
) -> None:
    from sqlalchemy import text

    from storage.models.activities import Activity

    build_week(engine)
    with Session(engine) as session:
        first = session.exec(
            select(Activity).where(
                Activity.area_code.startswith(KECAMATAN),  # type: ignore[attr-defined]
                Activity.occurred_on >= WEEK_START,
                Activity.occurred_on < WEEK_END,
                Activity.deleted_at == None,  # noqa: E711
            )
        ).first()
        assert first is not None
        first_id = first.id
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE activity SET description = :d WHERE id = :i"),
            {"d": '=HYPERLINK("http://x","klik")', "i": first_id},
        )
    attachments = render_files(make_report(engine), media_dir=tmp_path, folder="r", locale="id")
    book = load_workbook(tmp_path / attachments[2].path)
    sheet = book["Data kegiatan"]
    header = [c.value for c in sheet[1]]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    described = rows[first_id][header.index("Keterangan")]
    assert described.value == '\'=HYPERLINK("http://x","klik")' and described.data_type == "s"
    day_cell = rows[first_id][header.index("Tanggal")]
    assert day_cell.is_date and day_cell.number_format == "yyyy-mm-dd"
