"""Reports of an area with long lists: the PDF shows the top, the XLSX every record.

The data is the benchmark's `kecamatan` set (30 PSM, two years: some 9,000 activities, 1,500
cases, 700 of them without news at the end), so the lists run well past what a PDF shows.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pypdf
import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, event, text

from bench.data import generate
from handlers.i18n import t
from reports.building.build import STALE_SHOWN, PeriodReport, build_report
from reports.building.formatting import number
from reports.building.periods import parse_period
from reports.rendering import xlsx
from reports.rendering.files import render_one
from reports.rendering.text import summary_text
from storage.db import make_engine, reading
from tests.conftest import POSTGRES_URL, REQUIRE_POSTGRES

KECAMATAN = "32.01.01"
ZONE = ZoneInfo("Asia/Jakarta")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def data(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """The benchmark's kecamatan data set, on SQLite or in a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('long') / 'long.sqlite3'}"
        generate(url, "kecamatan", seed=3)
        engine = make_engine(url)
        yield engine
        engine.dispose()
        return
    schema = f"psmbot_long_{uuid.uuid4().hex[:8]}"
    admin = make_engine(POSTGRES_URL)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:
        admin.dispose()
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL is required but unreachable: {exc}")
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    separator = "&" if "?" in POSTGRES_URL else "?"
    url = f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    try:
        generate(url, "kecamatan", seed=3)
        engine = make_engine(url)
        yield engine
        engine.dispose()
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def report_of(engine: Engine, key: str, area: str = KECAMATAN) -> PeriodReport:
    period = parse_period(key)
    now = datetime.combine(period.end + timedelta(days=1), time(0), UTC)
    with reading(engine) as session:
        return build_report(session=session, area_code=area, period=period, now=now)


def stale_by_hand(engine: Engine, end: date) -> list[tuple[date, int]]:
    """(last news, case id) of every stale case at `end`, stalest first, from the raw rows."""
    end_utc = datetime.combine(end, time(0), ZONE).astimezone(UTC)
    cutoff = end - timedelta(days=1 + 14)
    with engine.connect() as connection:
        cases = connection.execute(
            text('SELECT id, status, closed_at, opened_on FROM "case" WHERE deleted_at IS NULL')
        ).all()
        events = connection.execute(text("SELECT case_id, occurred_on FROM caseevent")).all()
    last: dict[int, date] = {}
    for case_id, day in events:
        day = day if isinstance(day, date) else date.fromisoformat(day)
        if day < end and (case_id not in last or day > last[case_id]):
            last[case_id] = day
    stale = []
    for case_id, status, closed_at, opened_on in cases:
        opened = opened_on if isinstance(opened_on, date) else date.fromisoformat(opened_on)
        if isinstance(closed_at, str):
            closed_at = datetime.fromisoformat(closed_at).replace(tzinfo=UTC)
        finished = status in ("closed", "moved") and not (closed_at and closed_at >= end_utc)
        # No news: opened by the cut-off and no event after it (a case without one: its opening).
        news = last.get(case_id, opened)
        if opened <= cutoff and not finished and news <= cutoff:
            stale.append((news, case_id))
    return sorted(stale)


def squeeze(value: str) -> str:
    return "".join(value.split())


def test_the_pdf_shows_the_stalest_cases_and_says_how_many_more(
    data: Engine, tmp_path: Path
) -> None:
    report = report_of(data, "2026-W48")
    assert report.stale == [] and report.sub_areas == []  # the chat text needs neither
    report.load_lists()
    expected = stale_by_hand(data, date(2026, 11, 30))
    assert len(expected) > STALE_SHOWN * 4  # a long list, as in the field
    assert report.stale_total == len(expected)
    assert [s.case_id for s in report.stale] == [case_id for _, case_id in expected[:STALE_SHOWN]]
    assert [s.last_update for s in report.stale] == [day for day, _ in expected[:STALE_SHOWN]]
    assert f"⚠️ {number(len(expected), 'id')} kasus belum ada kabar" in summary_text(report, "id")

    pdf = render_one(report, "pdf", tmp_path / "report.pdf", "id")
    pages = pypdf.PdfReader(pdf).pages
    content = squeeze("\n".join(page.extract_text() for page in pages))
    more = t("id", "reports.more", n=number(len(expected) - STALE_SHOWN, "id"))
    assert squeeze(more) in content
    assert len(pages) < 20  # a phone-sized document, whatever the list's length
    # Each kelurahan has its row, and the rows add up to the area's numbers.
    assert len(report.sub_areas) == 10
    assert sum(s.stale for s in report.sub_areas) == len(expected)
    assert sum(s.activities for s in report.sub_areas) == report.totals.activities
    assert sum(s.new_cases for s in report.sub_areas) == report.totals.new_cases


def test_the_xlsx_has_every_record_of_a_year(data: Engine, tmp_path: Path) -> None:
    report = report_of(data, "2025")
    with data.connect() as connection:
        activities = {
            int(i): int(n)
            for i, n in connection.execute(
                text(
                    "SELECT a.id, (SELECT count(*) FROM media m WHERE m.activity_id = a.id) "
                    "FROM activity a WHERE a.deleted_at IS NULL "
                    "AND a.occurred_on >= '2025-01-01' AND a.occurred_on < '2026-01-01'"
                )
            )
        }
        cases = {
            int(i)
            for (i,) in connection.execute(
                text(
                    'SELECT id FROM "case" WHERE deleted_at IS NULL '
                    "AND opened_on >= '2025-01-01' AND opened_on < '2026-01-01'"
                )
            )
        }
    assert len(activities) > 3000

    book = load_workbook(render_one(report, "xlsx", tmp_path / "report.xlsx", "id"), read_only=True)
    raw = list(book["Data kegiatan"].iter_rows(values_only=True))
    header, rows = raw[0], raw[1:]
    media_column = header.index(t("id", "reports.column.media_count"))
    assert {row[0]: row[media_column] for row in rows} == activities
    assert len(rows) == len(activities)  # each once
    dates = [row[1] for row in rows]
    assert dates == sorted(dates)  # oldest first, across the pieces it was read in
    case_rows = list(book["Data kasus"].iter_rows(values_only=True))[1:]
    assert sorted(row[0] for row in case_rows) == sorted(cases)
    stale_sheet = list(book[t("id", "reports.sheet.stale")].iter_rows(values_only=True))
    expected = stale_by_hand(data, date(2026, 1, 1))
    assert [row[0] for row in stale_sheet[1:]] == [case_id for _, case_id in expected]
    assert len(expected) > STALE_SHOWN
    book.close()


def test_a_province_workbook_has_the_tables_and_the_stalest_cases_not_every_record(
    data: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above a kab/kota the records would outgrow a sheet: the kab/kota reports carry them."""
    monkeypatch.setattr(xlsx, "PROVINCE_LIST_ROWS", 100)
    report = report_of(data, "2025", area="32")
    expected = stale_by_hand(data, date(2026, 1, 1))
    assert report.stale_total == len(expected) > 100
    book = load_workbook(render_one(report, "xlsx", tmp_path / "report.xlsx", "id"), read_only=True)
    assert "Data kegiatan" not in book.sheetnames and "Data kasus" not in book.sheetnames
    summary = [row[0] for row in book[book.sheetnames[0]].iter_rows(values_only=True) if row]
    assert t("id", "reports.records_by_kabkota") in summary
    stale_sheet = list(book[t("id", "reports.sheet.stale")].iter_rows(values_only=True))
    header, rows, more = stale_sheet[0], stale_sheet[1:-1], stale_sheet[-1]
    assert header[0] == t("id", "reports.col.case_no")
    assert [row[0] for row in rows] == [case_id for _, case_id in expected[:100]]
    assert more[0] == t("id", "reports.more_by_kabkota", n=number(len(expected) - 100, "id"))
    book.close()


BIG_TABLES = ("activity", "case", "caseevent", "media", "meeting", "meetingattendance", "person")


def test_every_report_query_is_bounded_and_served_by_an_index(data: Engine) -> None:
    statements: list[tuple[str, object]] = []

    def keep(conn: object, cursor: object, statement: str, parameters: object, *_: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(data, "before_cursor_execute", keep)
    try:
        for key in ("2026-W48", "2026-10"):
            report = report_of(data, key)
            assert report.records is not None
            sum(1 for _ in report.records.activities())
            sum(1 for _ in report.records.cases())
            report.records.stale()
            report.load_lists()
    finally:
        event.remove(data, "before_cursor_execute", keep)
    assert len(statements) > 40
    postgres = data.dialect.name == "postgresql"
    raw: Any = data.raw_connection()
    try:
        cursor = raw.cursor()
        if postgres:
            # With sequential scans priced out, a query no index can serve still shows one.
            cursor.execute("SET enable_seqscan = off")
        for statement, parameters in statements:
            cursor.execute(
                ("EXPLAIN " if postgres else "EXPLAIN QUERY PLAN ") + statement, parameters
            )
            plan = [str(row[-1] if not postgres else row[0]) for row in cursor.fetchall()]
            for line in plan:
                for table in BIG_TABLES:
                    if postgres:
                        assert f"Seq Scan on {table} " not in line + " ", (statement, plan)
                        assert f'Seq Scan on "{table}"' not in line, (statement, plan)
                    else:  # SQLite: "SCAN t" reads a table or index whole, "SEARCH t" a range
                        assert not (line == f"SCAN {table}" or line.startswith(f"SCAN {table} ")), (
                            statement,
                            plan,
                        )
    finally:
        raw.close()
