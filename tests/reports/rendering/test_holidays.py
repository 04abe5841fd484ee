"""A report says when its week (or month) held national holidays or cuti bersama."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pypdf
from sqlalchemy import Engine
from sqlmodel import Session

from reports.building.build import build_report
from reports.building.periods import period_containing
from reports.rendering.files import render_files
from reports.rendering.text import summary_text
from tests.factories import seed_area

KECAMATAN = "32.73.07"
NOW = datetime(2027, 1, 4, 0, 0, tzinfo=UTC)


def report_for(engine: Engine, kind: str, day: date):  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return build_report(
            session=session,
            area_code=KECAMATAN,
            period=period_containing(kind, day),  # type: ignore[arg-type]
            now=NOW,
        )


def test_the_christmas_week_names_its_holidays_in_text_and_pdf(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    report = report_for(engine, "weekly", date(2026, 12, 23))

    text = summary_text(report, "id")
    english = summary_text(report, "en")
    files = render_files(report, media_dir=tmp_path, folder="r", locale="id")
    pdf = next(f for f in files if f.filename.endswith(".pdf"))
    pdf_text = "".join(p.extract_text() for p in pypdf.PdfReader(tmp_path / pdf.path).pages)

    line = (
        "🗓️ Ada hari libur minggu ini: Kamis 24 Des (cuti bersama Kelahiran Yesus Kristus), "
        "Jumat 25 Des (Kelahiran Yesus Kristus)."
    )
    assert text.splitlines()[2] == line
    assert "This week had public holidays: Thursday 24 Dec" in english
    assert "Jumat 25 Des" in " ".join(pdf_text.split())


def test_an_ordinary_week_says_nothing_of_holidays(engine: Engine) -> None:
    seed_area(engine)
    report = report_for(engine, "weekly", date(2026, 12, 16))

    assert report.holidays == []
    assert "libur" not in summary_text(report, "id")


def test_a_month_lists_its_holidays(engine: Engine) -> None:
    seed_area(engine)
    report = report_for(engine, "monthly", date(2026, 8, 1))

    assert "🗓️ Hari libur bulan ini: Senin 17 Agu (Proklamasi Kemerdekaan), Selasa 25 Agu" in (
        summary_text(report, "id")
    )
