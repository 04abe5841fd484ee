"""A CSV export is the same file on PostgreSQL (cells rendered by the database, `COPY` writing
activities) as on SQLite (Python's csv writer), whatever the records hold."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

import bot.exports
from bot.cli import app
from bot.exports import write_export
from storage import exports
from storage.db import make_engine, reading, transaction
from storage.exports import Subject, export_columns
from storage.migrate import upgrade
from storage.models.activities import Activity
from storage.models.audit import AuditLog
from storage.models.cases import Case, CaseStatus
from storage.models.media import Media
from storage.models.people import Person
from storage.models.regions import Region
from storage.personal_data import mask_nik
from tests.conftest import truncate
from tests.factories import add_person, seed_area

NOW = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)
PASTEUR, CIPEDES = "32.73.07.1001", "32.73.07.1002"
# Texts a CSV must carry through: quotes, commas, line breaks, an empty text beside nothing,
# cells that start a formula, non-ASCII, and what COPY treats specially (`\.`, backslashes).
TEXTS: list[str | None] = [
    'Kata "Pak RT", lalu pergi',
    "baris satu\nbaris dua",
    "CR LF\r\ndi tengah",
    '"',
    'akhir kutip"\n',
    "",
    None,
    '=HYPERLINK("http://x.example","klik")',
    "+62 812 0000",
    "-3 orang",
    "@SUM(A1)",
    "\tmasuk",
    "\rmasuk",
    "Émilie café — 日本語 ✓ 🙂",
    "\\.",
    "C:\\data\\n",
    ",",
    "  spasi  ",
]
COUNTS = [12, -3, 0, None]


def records(engine: Engine) -> None:
    """The same records on any database: activities and cases with every text above."""
    seed_area(engine)
    names = ['Siti "Ibu" Aminah, S.Pd', "=cmd|' /C calc'!A0", "Nyoman Ñandú\nBaris"]
    reporters = [
        add_person(engine, f"+62812345670{i:02d}", name=name, area_code=PASTEUR).id
        for i, name in enumerate(names)
    ]
    statuses = list(CaseStatus)
    short = ["", None, "=1", '"', ",", "-1", "@", "\n1"]
    with transaction(engine) as session:
        for number, text in enumerate(TEXTS):
            activity = Activity(
                reporter_id=reporters[number % len(reporters)],
                area_code=(PASTEUR, CIPEDES)[number % 2],
                activity_type=(text or "")[:16] if number % 3 else "sosialisasi",
                occurred_on=date(2026, 11, 16 - number % 4),
                rt=short[number % len(short)],
                rw=short[(number + 3) % len(short)],
                place=text,
                people_reached=COUNTS[number % len(COUNTS)],
                psm_role=(None, "", "+inisiator", "motivator")[number % 4],
                ppks=(None, 7, -2)[number % 3],
                description=text,
                created_at=NOW,
                updated_at=NOW,
            )
            case = Case(
                reporter_id=reporters[(number + 1) % len(reporters)],
                area_code=(CIPEDES, PASTEUR)[number % 2],
                client_name="Klien",
                nik=(None, "", "3273014507540001", "1234", "3273-0145-0754-0002")[number % 5],
                rt=short[(number + 1) % len(short)],
                rw=short[(number + 5) % len(short)],
                ppks=(3, None, -1)[number % 3],
                status=statuses[number % len(statuses)],
                referral=text[:20] if text is not None else None,
                consent_given=number % 2 == 0,
                opened_on=date(2026, 11, 10 + number % 5),
                created_at=NOW,
                updated_at=NOW,
            )
            session.add(activity)
            session.add(case)
            session.flush()
            if number % 4 == 1:
                session.add(Media(**_file(number), activity_id=activity.id))
                session.add(Media(**_file(number + 100), case_id=case.id))


def _file(number: int) -> dict[str, Any]:
    return {"sha256": f"{number:064d}", "path": f"f/{number}", "content_type": "image/jpeg",
            "size_bytes": 1}  # fmt: skip


def exported(engine: Engine, subject: Subject, tmp_path: Path, name: str) -> bytes:
    out = tmp_path / f"{name}-{subject}.csv"
    with reading(engine) as session:
        count = write_export(session=session, subject=subject, fmt="csv", out=out, area_code=None)
    assert count == len(TEXTS)
    return out.read_bytes()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'python.sqlite3'}")
    upgrade(engine)
    records(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_engine(postgres_schema_url: str) -> Iterator[Engine]:
    engine = make_engine(postgres_schema_url)
    truncate(engine)
    records(engine)
    yield engine
    engine.dispose()


@pytest.mark.parametrize("subject", ["activities", "cases"])
def test_postgresql_writes_the_csv_of_the_python_writer_byte_for_byte(
    subject: Subject,
    sqlite_engine: Engine,
    postgres_engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    python = exported(sqlite_engine, subject, tmp_path, "sqlite")
    database = exported(postgres_engine, subject, tmp_path, "postgresql")
    assert database == python
    # Python's own rows on PostgreSQL (a database that does not send UTF-8): the same again.
    monkeypatch.setattr(bot.exports, "renders_csv", lambda session: False)
    assert exported(postgres_engine, subject, tmp_path, "python") == python

    text = python.decode("utf-8")
    assert text.startswith("\ufeff" + ",".join(export_columns(subject)) + "\r\n")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert rows[0] == list(export_columns(subject))
    assert rows[1:] == expected(postgres_engine, subject)


def expected(engine: Engine, subject: Subject) -> list[list[str]]:
    """What a spreadsheet shows of each record, read from the database row by row."""
    with Session(engine) as session:
        names = {p.id: (p.name, p.phone) for p in session.exec(select(Person)).all()}
        regions = dict(session.exec(select(Region.code, Region.name)).all())
        media = session.exec(select(Media)).all()
        files = [m.activity_id if subject == "activities" else m.case_id for m in media]
        if subject == "activities":
            return [
                [cell(a.id), cell(a.occurred_on), text(a.activity_type), text(a.area_code),
                 text(regions[a.area_code]), text(a.rt), text(a.rw), text(a.place),
                 cell(a.people_reached), text(a.psm_role), cell(a.ppks), text(a.description),
                 cell(files.count(a.id)), text(names[a.reporter_id][0]),
                 text(names[a.reporter_id][1])]
                for a in session.exec(select(Activity).order_by(Activity.occurred_on, Activity.id))
            ]  # fmt: skip
        return [
            [cell(c.id), cell(c.opened_on), cell(c.ppks), c.status.value, text(c.area_code),
             text(regions[c.area_code]), text(c.rt), text(c.rw), text(c.referral),
             mask_nik(c.nik), cell(c.consent_given), cell(files.count(c.id)),
             text(names[c.reporter_id][0]), text(names[c.reporter_id][1])]
            for c in session.exec(select(Case).order_by(Case.opened_on, Case.id))
        ]  # fmt: skip


def text(value: str | None) -> str:
    """A text cell: empty for nothing, an apostrophe before what would start a formula."""
    if not value:
        return ""
    return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value


def cell(value: Any) -> str:
    """A number (negative ones as text, `'-3`), a date or a flag as the CSV spells it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return f"'{value}" if value < 0 else str(value)


def test_records_end_with_crlf_and_line_breaks_in_a_field_stay_wherever_the_blocks_break(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    crlf = []  # each record as Python writes it, and as COPY does (LF at the end)
    for value in TEXTS * 3:
        record = io.StringIO()
        csv.writer(record).writerow([value, "x"])
        crlf.append(record.getvalue())
    data = "".join(line.removesuffix("\r\n") + "\n" for line in crlf).encode("utf-8")
    chance = random.Random(7)
    for chunk in (1, 5, 64, 1 << 16):
        monkeypatch.setattr(exports, "CHUNK", chunk)
        cuts = sorted(chance.sample(range(1, len(data)), 40))
        blocks = [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True)]
        written = bytearray()
        exports._crlf_records(blocks, written.extend)
        assert written.decode("utf-8") == "".join(crlf)


def test_the_export_command_on_postgresql_audits_the_rows_copy_wrote(
    postgres_schema_url: str, postgres_engine: Engine, tmp_path: Path
) -> None:
    out = tmp_path / "kegiatan.csv"
    result = CliRunner().invoke(
        app,
        ["export", "activities", "--format", "csv", "--area", "32.73.07", "--out", str(out)],
        env={"DATABASE_URL": postgres_schema_url, "MEDIA_DIR": str(tmp_path / "media")},
    )
    assert result.exit_code == 0, result.output
    assert f"{len(TEXTS)} baris ditulis" in result.output
    with Session(postgres_engine) as session:
        entry = session.exec(select(AuditLog)).one()
    assert (entry.action, entry.subject_id) == ("export.activities", "32.73.07")
    assert entry.detail == {"format": "csv", "rows": len(TEXTS), "file": "kegiatan.csv"}
    assert len(list(csv.reader(out.open(encoding="utf-8-sig", newline="")))) == len(TEXTS) + 1
