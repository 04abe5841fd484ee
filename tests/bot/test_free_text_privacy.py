"""A PSM writes a case the way they write today, full name and NIK in the sentence: the NIK is
offered as the case's NIK, and the name and NIK appear nowhere but in the case's own view."""

from __future__ import annotations

import csv
import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from bot.exports import export_records
from bot.security import RedactingFilter
from reports.building.build import build_report
from reports.building.periods import parse_period
from reports.rendering.files import render_one
from reports.rendering.text import summary_text
from storage.cases import cases_with_nik
from storage.db import transaction
from storage.models.activities import Activity
from storage.models.cases import Case
from storage.models.people import PersonRole
from tests.factories import SimChat, add_person, make_services, seed_area

PSM = "+6281234567001"
TKSK = "+6281234567003"
NIK = "3273014507540001"
NAME_PARTS = ("Siti", "Aminah")
MESSAGE = (
    "Kunjungan rumah Ibu Siti Aminah NIK 3273014507540001 (72th) lansia terlantar RT 02/RW 03, "
    "tinggal sendiri, kondisi lemah. Sudah koordinasi dgn Kasie Kesos, besok dirujuk ke "
    "puskesmas."
)
AT = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)


def leaks(text: str) -> list[str]:
    """What of the client's identity a text gives away."""
    found = [NIK] if NIK in text.replace(" ", "") else []
    return found + [part for part in NAME_PARTS if part in text]


def xlsx_text(path: Path) -> str:
    workbook = load_workbook(path)
    return "\n".join(
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    )


async def test_name_and_nik_stay_in_the_case_view(
    engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.handler.addFilter(RedactingFilter())  # as the service installs it on its handlers
    seed_area(engine)
    add_person(engine, PSM, name="Wati")
    add_person(engine, TKSK, name="Hendra", role=PersonRole.TKSK, area_code="32.73.07")
    services = make_services(engine, tmp_path)
    psm = SimChat(services, PSM)
    logging.getLogger("psmbot.test").info("client text as a careless log line: %s", MESSAGE)

    offer = await psm.send(MESSAGE, at=AT)
    consent = await psm.send("1", at=AT)  # Ya, simpan
    summary = await psm.send("Klien setuju", at=AT)
    saved = await psm.send("Simpan", at=AT)
    listing = await psm.send("/kasus", at=AT)
    card = await psm.send("1", at=AT)

    assert offer[-1].text == (
        "Saya menemukan NIK 3273********0001 dalam pesan Bapak/Ibu — simpan sebagai NIK klien?"
    )
    assert "NIK: 3273********0001" in summary[-1].text
    assert "Ibu Siti Aminah" in card[-1].text  # the case view shows who the client is
    # Every other reply: no name, no NIK. The draft's summary, the PSM's own case list and the
    # case card are the case's view; even there the NIK shows masked.
    for said in [*offer, *consent, *saved]:
        assert leaks(said.text) == [], said.text
    for said in [*summary, *listing, *card]:
        assert NIK not in said.text

    with Session(engine) as session:
        case = session.exec(select(Case)).one()
        activity = session.exec(select(Activity)).one()
        raw_nik, raw_problem = session.execute(
            text('SELECT nik, problem FROM "case" WHERE id = :id'), {"id": case.id}
        ).one()
        found = cases_with_nik(session=session, nik=NIK)
    assert case.nik == NIK and case.client_name == "Ibu Siti Aminah"
    assert NIK not in (case.problem or "") and "3273********0001" in (case.problem or "")
    assert raw_nik.startswith("gAAAAA") and NIK not in raw_nik  # encrypted at rest
    assert raw_problem.startswith("gAAAAA") and "Aminah" not in raw_problem
    assert [c.id for c in found] == [case.id]
    assert activity.description == f"Kunjungan kasus #{case.id}"
    assert activity.source_text is None

    files: dict[str, str] = {}
    with transaction(engine) as session:
        for subject in ("cases", "activities"):
            for fmt in ("csv", "xlsx"):
                out = tmp_path / f"{subject}.{fmt}"
                export_records(session=session, subject=subject, fmt=fmt, out=out, area_code=None)  # type: ignore[arg-type]
                if fmt == "csv":
                    with out.open(encoding="utf-8-sig") as handle:
                        files[out.name] = "\n".join(",".join(r) for r in csv.reader(handle))
                else:
                    files[out.name] = xlsx_text(out)
        report = build_report(
            session=session, area_code="32.73.07", period=parse_period("2026-W47"), now=AT
        )
    files["report.txt"] = summary_text(report, "id")
    render_one(report, "pdf", tmp_path / "report.pdf", "id")
    render_one(report, "xlsx", tmp_path / "report.xlsx", "id")
    files["report.pdf"] = "\n".join(
        p.extract_text() for p in PdfReader(tmp_path / "report.pdf").pages
    )
    files["report.xlsx"] = xlsx_text(tmp_path / "report.xlsx")

    assert "3273********0001" in files["cases.csv"]  # the one mask, in exports too
    assert "Kunjungan kasus #1" in files["activities.xlsx"]
    assert sum(row.activities for row in report.by_type) >= 1  # the visit is in the report
    for name, content in files.items():
        assert leaks(content) == [], name
    assert leaks(caplog.text) == [], caplog.text
