"""Every dashboard page and download, as each coordinator, and as a neighbour (404)."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from reports.building.build import build_report
from reports.building.periods import period_containing
from storage.listings import ACTIVITY_COLUMNS
from storage.models.activities import Activity
from storage.models.audit import AuditLog
from tests.bot.web.dashboard.helpers import (
    ADMIN,
    DINSOS,
    KETUA_CIPEDES,
    KETUA_PASTEUR,
    NIK,
    PASTEUR,
    SUKAJADI,
    TKSK,
    TKSK_SUKASARI,
    Demo,
    browser,
    csrf_of,
    seed,
    sign_in,
    totals_on,
)


def pages_of(demo: Demo) -> list[str]:
    """Every page and image of the dashboard that shows the demo's Pasteur records."""
    return [
        "/dasbor/",
        f"/dasbor/?wilayah={PASTEUR}",
        f"/dasbor/grafik/minggu.png?wilayah={PASTEUR}",
        f"/dasbor/grafik/tren.png?wilayah={PASTEUR}",
        f"/dasbor/kegiatan?wilayah={PASTEUR}",
        f"/dasbor/kegiatan/{demo.activity_id}",
        f"/dasbor/kasus?wilayah={PASTEUR}",
        f"/dasbor/kasus?wilayah={PASTEUR}&basi=1&status=open&ppks=8",
        f"/dasbor/kasus/{demo.case_id}",
        f"/dasbor/berkas/{demo.case_photo}",
        f"/dasbor/berkas/{demo.activity_photo}/kecil",
    ]


@pytest.mark.parametrize("phone", [KETUA_PASTEUR, TKSK, DINSOS, ADMIN])
async def test_each_coordinator_opens_every_page_of_their_area(
    engine: Engine, tmp_path: Path, phone: str
) -> None:
    demo = seed(engine, tmp_path)
    async with browser(demo) as client:
        await sign_in(client, engine, phone)
        answers = {path: await client.get(path) for path in pages_of(demo)}
        page = await client.get(f"/dasbor/kegiatan?wilayah={PASTEUR}")
        download = await client.post(
            "/dasbor/kegiatan/unduh",
            data={"csrf": csrf_of(page.text), "wilayah": PASTEUR, "format": "xlsx"},
        )

    assert {path: r.status_code for path, r in answers.items()} == dict.fromkeys(answers, 200)
    assert answers[f"/dasbor/grafik/tren.png?wilayah={PASTEUR}"].content.startswith(b"\x89PNG")
    assert answers[f"/dasbor/berkas/{demo.case_photo}"].headers["content-type"] == "image/png"
    assert answers[f"/dasbor/berkas/{demo.activity_photo}/kecil"].content[:2] == b"\xff\xd8"
    assert download.status_code == 200
    assert download.content.startswith(b"PK")  # an XLSX is a zip


@pytest.mark.parametrize(
    ("phone", "home"), [(TKSK_SUKASARI, "32.73.01"), (KETUA_CIPEDES, "32.73.07.1002")]
)
async def test_a_neighbour_gets_404_for_everything_of_pasteur(
    engine: Engine, tmp_path: Path, phone: str, home: str
) -> None:
    demo = seed(engine, tmp_path)
    outside = [p for p in pages_of(demo) if p != "/dasbor/"]
    outside += [f"/dasbor/?wilayah={SUKAJADI}", "/dasbor/kegiatan?wilayah=32.73"]
    async with browser(demo) as client:
        await sign_in(client, engine, phone)
        own = await client.get("/dasbor/")
        answers = {path: (await client.get(path)).status_code for path in outside}
        page = await client.get("/dasbor/kegiatan")
        download = await client.post(
            "/dasbor/kegiatan/unduh",
            data={"csrf": csrf_of(page.text), "wilayah": PASTEUR, "format": "csv"},
        )

    assert own.status_code == 200 and page.status_code == 200
    assert answers == dict.fromkeys(outside, 404)
    assert download.status_code == 404
    with Session(engine) as session:
        exports = session.exec(select(AuditLog).where(AuditLog.action == "export.activities"))
        assert exports.all() == []


async def test_the_overview_shows_the_reports_numbers(engine: Engine, tmp_path: Path) -> None:
    demo = seed(engine, tmp_path)
    now = datetime.now(UTC)
    week = period_containing("weekly", now.astimezone(ZoneInfo("Asia/Jakarta")).date())
    last_week = week.previous()
    async with browser(demo) as client:
        await sign_in(client, engine, TKSK)
        this = await client.get("/dasbor/")
        before = await client.get(f"/dasbor/?minggu={last_week.key}")
        nonsense = await client.get("/dasbor/?minggu=2026-13")
    with Session(engine) as session:
        expected = {
            key: build_report(session=session, area_code=SUKAJADI, period=p, now=now)
            for key, p in (("this", week), ("before", last_week))
        }

    for html, report in ((this.text, expected["this"]), (before.text, expected["before"])):
        shown = totals_on(html)
        totals = report.totals
        assert shown["activities"] == str(totals.activities)
        assert shown["people_reached"].replace(".", "") == str(totals.people_reached)
        assert shown["new_cases"] == str(totals.new_cases)
        assert shown["referrals"] == str(totals.referrals)
        assert shown["meetings"] == str(totals.meetings)
        assert shown["psm_reporting"] == f"{totals.psm_reporting} / {report.psm_total}"
        assert f'data-count="stale">({report.stale_total})' in html
        assert f'data-count="silent">({len(report.silent)})' in html
        for m in report.meetings:
            assert f'data-attended="{m.attended}" data-invited="{m.invited}"' in html
        for row in report.by_type:
            assert re.search(
                rf'data-code="{row.code}"><td>[^<]+</td><td class="num">{row.activities}</td>',
                html,
            )
    assert report.totals.activities > 0  # the demo's last week had work to compare
    assert [(m.attended, m.invited) for m in report.meetings] == [(3, 5)]
    assert f'data-week="{week.key}"' in this.text
    assert len(re.findall(r'<tr data-week="', this.text)) == 12
    assert nonsense.status_code == 404


async def test_activities_filter_by_type_and_download_the_same_rows(
    engine: Engine, tmp_path: Path
) -> None:
    demo = seed(engine, tmp_path)
    since = datetime.now(UTC).date() - timedelta(days=14)
    async with browser(demo) as client:
        await sign_in(client, engine, TKSK)
        listed = await client.get(
            "/dasbor/kegiatan", params={"jenis": "bansos", "dari": since.isoformat()}
        )
        download = await client.post(
            "/dasbor/kegiatan/unduh",
            data={
                "csrf": csrf_of(listed.text),
                "jenis": "bansos",
                "dari": since.isoformat(),
                "format": "csv",
            },
        )
        forged = await client.post(
            "/dasbor/kegiatan/unduh", data={"jenis": "bansos", "format": "csv"}
        )
    with Session(engine) as session:
        expected = session.exec(
            select(func.count(col(Activity.id))).where(
                col(Activity.area_code).startswith(SUKAJADI + "."),
                Activity.activity_type == "bansos",
                col(Activity.occurred_on) >= since,
                col(Activity.deleted_at).is_(None),
            )
        ).one()
        audits = session.exec(select(AuditLog).where(AuditLog.action == "export.activities")).all()
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))

    assert expected > 0
    assert f'data-count="activities">{expected} kegiatan' in listed.text
    assert "Pendampingan penyaluran bansos" in listed.text
    assert rows[0] == list(ACTIVITY_COLUMNS)
    assert len(rows) - 1 == expected
    assert {r[2] for r in rows[1:]} == {"bansos"}
    assert forged.status_code == 403
    assert len(audits) == 1
    assert audits[0].subject_id == SUKAJADI
    assert audits[0].detail["rows"] == expected
    assert audits[0].detail["via"] == "dasbor"


async def test_a_case_page_masks_the_nik_names_the_client_by_role_and_is_audited(
    engine: Engine, tmp_path: Path
) -> None:
    demo = seed(engine, tmp_path)
    pages = {}
    for phone in (TKSK, DINSOS):
        async with browser(demo) as client:
            await sign_in(client, engine, phone)
            pages[phone] = (await client.get(f"/dasbor/kasus/{demo.case_id}")).text
            pages[phone + "list"] = (await client.get(f"/dasbor/kasus?wilayah={PASTEUR}")).text
    with Session(engine) as session:
        from storage.models.cases import Case

        case = session.get(Case, demo.case_id)
        assert case is not None
        viewed = session.exec(
            select(AuditLog).where(
                AuditLog.action == "case.viewed", AuditLog.subject_id == str(demo.case_id)
            )
        ).all()

    for html in pages.values():
        assert NIK not in html
    assert "3273********0001" in pages[TKSK]
    assert case.client_name in pages[TKSK] and case.client_name in pages[TKSK + "list"]
    assert case.client_name not in pages[DINSOS]
    assert case.client_name not in pages[DINSOS + "list"]
    assert "nama hanya untuk TKSK" in pages[DINSOS]
    assert f'src="/dasbor/berkas/{demo.case_photo}"' in pages[TKSK]
    assert 'data-event="opened"' in pages[TKSK]
    assert len(viewed) == 2


async def test_every_dashboard_answer_carries_the_security_headers(
    engine: Engine, tmp_path: Path
) -> None:
    demo = seed(engine, tmp_path)
    async with browser(demo) as client:
        await sign_in(client, engine, TKSK)
        answers = [
            await client.get("/dasbor/"),
            await client.get("/dasbor/kasus/999999"),
            await client.get("/dasbor/static/dashboard.css"),
            await client.get("/dasbor/grafik/minggu.png"),
        ]
        health = await client.get("/healthz")

    for answer in answers:
        csp = answer.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp and "style-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "no-referrer"
    assert answers[0].headers["cache-control"] == "no-store"
    assert answers[1].status_code == 404
    assert "<style" not in answers[0].text and "<script>" not in answers[0].text
    assert " style=" not in answers[0].text and "onclick" not in answers[0].text
    assert "content-security-policy" not in health.headers


async def test_the_dashboard_answers_without_the_slash_and_in_english(
    engine: Engine, tmp_path: Path
) -> None:
    demo = seed(engine, tmp_path)
    from storage.db import transaction
    from storage.people import get_person_by_phone

    with transaction(engine) as session:
        person = get_person_by_phone(session=session, phone=TKSK)
        assert person is not None
        person.locale = "en"
        session.add(person)
    async with browser(demo) as client:
        await sign_in(client, engine, TKSK)
        bare = await client.get("/dasbor", follow_redirects=True)
        cases = await client.get("/dasbor/kasus")

    assert bare.status_code == 200
    assert "<h1>Overview of Kec. Sukajadi</h1>" in bare.text
    assert '<html lang="en">' in cases.text
    assert "Cases of Kec. Sukajadi" in cases.text
