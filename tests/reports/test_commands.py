"""`psmbot report` and `psmbot export` on a week of Kec. Sukajadi."""

from __future__ import annotations

import csv
from pathlib import Path

import pypdf
import pytest
from openpyxl import load_workbook
from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.cli import app
from storage.db import make_engine
from storage.migrate import upgrade
from storage.models.audit import AuditLog
from tests.reports.week import build_week


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("MEDIA_DIR", str(tmp_path / "media"))
    monkeypatch.chdir(tmp_path)
    engine = make_engine(url)
    upgrade(engine)
    build_week(engine)
    engine.dispose()
    return url


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def audit_actions(url: str) -> list[tuple[str, str | None, dict[str, object]]]:
    engine = make_engine(url)
    with Session(engine) as session:
        rows = session.exec(select(AuditLog)).all()
        return [(r.action, r.subject_id, r.detail) for r in rows]


def test_report_weekly_prints_the_chat_summary_of_a_named_area(db: str) -> None:
    out = run("report", "weekly", "--area", "Sukajadi", "--week", "2026-W46")
    assert out.startswith("📊 Rekap mingguan PSM Kec. Sukajadi\nMinggu ke-46 2026")
    assert "📝 Kegiatan: 6 (minggu lalu: 3)" in out
    english = run("report", "weekly", "--area", "32.73.07", "--week", "2026-W46", "--lang", "en")
    assert "📝 Activities: 6 (last week: 3)" in english
    assert [a[:2] for a in audit_actions(db)] == [("report.generated", "32.73.07")] * 2


def test_report_monthly_writes_a_pdf_with_each_psms_performance(db: str, tmp_path: Path) -> None:
    run("report", "monthly", "--area", "Sukajadi", "--month", "2026-11", "--format", "pdf",
        "--out", "bulan.pdf")  # fmt: skip
    text = "".join("".join(p.extract_text() for p in pypdf.PdfReader("bulan.pdf").pages).split())
    assert "KinerjaperPSM" in text
    assert "SitiAminahPasteur5" in text  # 4 activities + 1 new case in November so far


def test_report_xlsx_and_png_go_to_files(db: str, tmp_path: Path) -> None:
    run("report", "weekly", "--area", "Sukajadi", "--week", "2026-W46", "--format", "xlsx")
    book = load_workbook(tmp_path / "rekap-mingguan-sukajadi-2026-W46.xlsx")
    assert "Kegiatan per jenis" in book.sheetnames
    run("report", "yearly", "--area", "Sukajadi", "--year", "2026", "--format", "png",
        "--out", "grafik.png")  # fmt: skip
    assert (tmp_path / "grafik.png").read_bytes().startswith(b"\x89PNG")


def test_report_refuses_an_unknown_area_or_a_bad_period(db: str) -> None:
    result = CliRunner().invoke(app, ["report", "weekly", "--area", "Atlantis"])
    assert result.exit_code == 2 and "tidak ditemukan" in result.output
    result = CliRunner().invoke(
        app, ["report", "weekly", "--area", "Sukajadi", "--week", "2026-11"]
    )
    assert result.exit_code == 2 and "bukan periode weekly" in result.output


def test_export_cases_as_csv_masks_the_nik_and_is_audited(db: str, tmp_path: Path) -> None:
    run("export", "cases", "--format", "csv", "--area", "Sukajadi", "--out", "kasus.csv")
    with open(tmp_path / "kasus.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {"id", "opened_on", "ppks", "status", "kelurahan", "rt", "rw", "referral",
            "nik_masked", "media_count", "reporter_phone"} <= set(rows[0])  # fmt: skip
    assert len(rows) == 10  # every live case of Sukajadi; the deleted and Sarijadi's left out
    assert "3273********0001" in {r["nik_masked"] for r in rows}
    raw = (tmp_path / "kasus.csv").read_text(encoding="utf-8-sig")
    assert "3273011203900001" not in raw and "Klien" not in raw
    [(action, subject, detail)] = audit_actions(db)
    assert (action, subject, detail["rows"], detail["format"]) == (
        "export.cases",
        "32.73.07",
        10,
        "csv",
    )


def test_export_activities_as_xlsx_for_everyone(db: str, tmp_path: Path) -> None:
    run("export", "activities", "--format", "xlsx", "--out", "kegiatan.xlsx")
    sheet = load_workbook(tmp_path / "kegiatan.xlsx")["activities"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("id", "date", "activity_type")
    for name in ("kelurahan", "rt", "rw", "count", "role", "media_count", "reporter_phone"):
        assert name in header
    assert len(rows) - 1 == 11  # twelve written, one deleted
    assert audit_actions(db)[0][:2] == ("export.activities", "all")
