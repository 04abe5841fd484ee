"""Without PDF rendering (no Pango) a report still goes: text, chart and XLSX, with a note."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from reports.building.build import build_report
from reports.building.periods import period_containing
from reports.rendering.files import render_files
from reports.rendering.text import summary_text
from tests.factories import seed_area


def test_a_report_without_pdf_still_has_text_chart_and_xlsx(
    sqlite_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pango(*args: Any, **kwargs: Any) -> Path:
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr("reports.rendering.files.render_pdf", no_pango)
    seed_area(sqlite_engine)
    with Session(sqlite_engine) as session:
        report = build_report(
            session=session,
            area_code="32.73.07",
            period=period_containing("weekly", date(2026, 11, 16)),
            now=datetime(2026, 11, 23, tzinfo=UTC),
        )

    files = render_files(report, media_dir=tmp_path, folder="r", locale="id")
    text = summary_text(report, "id")

    assert [f.content_type for f in files] == [
        "image/png",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ]
    assert all((tmp_path / f.path).stat().st_size > 0 for f in files)
    assert text.endswith(
        "Catatan: PDF tidak dapat dibuat kali ini; rincian lengkap ada di Excel terlampir."
    )
    assert "PDF dan Excel terlampir" not in text
