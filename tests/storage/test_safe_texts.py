"""Texts made safe on their way in and out: spreadsheet cells, column sizes, personal data."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.exports import export_records
from handlers.inbound_text import clean_text, fit
from reports.building.build import build_report
from reports.building.periods import parse_period
from reports.rendering.cells import neutralise
from reports.rendering.files import render_one
from storage.activities import create_activity
from storage.db import transaction
from storage.meetings import create_meeting
from storage.models.meetings import Meeting
from storage.models.people import Identity
from storage.personal_data import find_niks, mask_nik, mask_personal_data
from tests.factories import add_person, seed_area

NOW = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)
FORMULAS = ['=HYPERLINK("http://x.example","klik")', "+1+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_formula_like_text_is_neutralised_and_numbers_stay_numbers() -> None:
    assert [neutralise(v) for v in FORMULAS] == ["'" + v for v in FORMULAS]
    assert (
        neutralise(-5) == -5
        and neutralise(3.5) == 3.5
        and neutralise("Balai RW 05") == ("Balai RW 05")
    )


def test_exports_and_report_workbooks_carry_no_live_formula(engine: Engine, tmp_path: Path) -> None:
    seed_area(engine)
    reporter = add_person(engine, "+6281234567001", name="=cmd|' /C calc'!A0").id
    assert reporter is not None
    with transaction(engine) as session:
        for number, text in enumerate(FORMULAS):
            create_activity(
                session=session,
                reporter_id=reporter,
                area_code="32.73.07.1001",
                values={
                    "activity_type": "sosialisasi",
                    "place": text,
                    "occurred_on": date(2026, 11, 16 - number % 3),
                    "description": text,
                    "people_reached": 12,
                },
                media_ids=[],
                case_id=None,
                now=NOW,
            )
        export_records(
            session=session, subject="activities", fmt="csv", out=tmp_path / "a.csv", area_code=None
        )
        export_records(
            session=session,
            subject="activities",
            fmt="xlsx",
            out=tmp_path / "a.xlsx",
            area_code=None,
        )
        report = build_report(
            session=session, area_code="32.73.07", period=parse_period("2026-W47"), now=NOW
        )
    render_one(report, "xlsx", tmp_path / "r.xlsx", "id")

    with (tmp_path / "a.csv").open(encoding="utf-8-sig") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert '\'=HYPERLINK("http://x.example","klik")' in cells
    for path in (tmp_path / "a.xlsx", tmp_path / "r.xlsx"):
        workbook = load_workbook(path)
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (path.name, sheet.title, cell.value)
                    if isinstance(cell.value, str):
                        assert not cell.value.startswith(("=", "+", "@"))
    sheet = load_workbook(tmp_path / "a.xlsx").worksheets[0]
    header = [cell.value for cell in sheet[1]]
    counts = [row[header.index("count")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert counts == [12] * len(FORMULAS)  # numbers stay numbers


def test_long_and_nul_texts_fit_their_columns_on_both_databases(engine: Engine) -> None:
    seed_area(engine)
    organiser = add_person(engine, "+6281234567002").id
    assert organiser is not None
    with transaction(engine) as session:
        create_meeting(
            session=session,
            organiser_id=organiser,
            area_code="32.73.07.1001",
            title="Rapat\x00 " + "rutin " * 40,
            place="Aula " * 60,
            starts_at=NOW,
            now=NOW,
        )
        session.add(
            Identity(urn="telegram:1", channel="telegram", address="1", display_name="N" * 300)
        )
    with Session(engine) as session:
        meeting = session.exec(select(Meeting)).one()
        identity = session.exec(select(Identity)).one()
    assert len(meeting.place or "") == 200 and (meeting.place or "").endswith("…")
    assert len(meeting.title) == 120 and "\x00" not in meeting.title
    assert identity.display_name == "N" * 119 + "…"


def test_inbound_text_is_cleaned_at_the_edge() -> None:
    assert clean_text("catatan\x00rahasia\u202e") == "catatanrahasia"
    assert clean_text("² ① １２") == "2 1 12"
    assert clean_text("e\u0301") == "é" and clean_text("a\r\nb") == "a\nb"
    assert clean_text("👩‍👩‍👧 ok") == "👩‍👩‍👧 ok"
    assert fit("x" * 10, 5) == "xxxx…" and fit("abc", 5) == "abc"


def test_one_nik_mask_and_personal_data_masked_in_free_text() -> None:
    assert mask_nik("3273014507540001") == "3273********0001"
    assert mask_nik("3273 0145 0754 0001") == "3273********0001"
    found = find_niks("NIK 3273014507540001 atau 3273999999999999")
    assert [(f.digits, f.valid) for f in found] == [
        ("3273014507540001", True),
        ("3273999999999999", False),
    ]
    masked = mask_personal_data(
        "Bagi sembako ke Ibu Siti Aminah NIK 3273014507540001, HP 081234567890, RW 05"
    )
    assert "Aminah" not in masked and "3273014507540001" not in masked
    assert "081234567890" not in masked and "RW 05" in masked and "3273********0001" in masked
    assert mask_personal_data("kmrn sosialisasi PKH di masjid rw 7, 25 org") == (
        "kmrn sosialisasi PKH di masjid rw 7, 25 org"
    )
