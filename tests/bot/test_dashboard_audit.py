"""The audit log page: Dinas Sosial and admins only, each reading their own area's entries."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import select

from bot.web.app import create_web_app
from storage.audit import audit
from storage.db import transaction
from storage.models.audit import AuditLog
from storage.models.people import Person
from tests.bot.dashboard_world import browser, build_world
from tests.factories import make_services
from tests.reports.week import KECAMATAN

ENTRY = re.compile(r'data-entry="\d+" data-action="([a-z_.]+)"')


async def test_audit_log_is_for_dinsos_and_admins_filtered_and_bound_to_the_area(
    engine: Engine, tmp_path: Path
) -> None:
    world = build_world(engine)
    ids = world.ids
    with transaction(engine) as session:
        for action, actor, subject in (
            ("person.approve", ids["tksk"], ids["siti"]),
            ("export.cases", ids["tksk"], None),
            ("person.deactivate", ids["wawan"], ids["yayan"]),
            ("roster.import", None, None),
        ):
            audit(
                session=session,
                action=action,
                actor_id=actor,
                actor_label=None if actor else "cli",
                subject_type="person" if subject else "area",
                subject_id=subject or KECAMATAN,
            )
    with transaction(engine) as session:  # one entry of last month, for the period filter
        old = session.exec(select(AuditLog).where(AuditLog.action == "export.cases")).one()
        old.at = datetime.now(UTC) - timedelta(days=40)
        session.add(old)
    app = create_web_app(make_services(engine, tmp_path), start_services=False)
    async with browser(app, engine, ids["siti"]) as psm:
        assert (await psm.get("/dasbor/audit")).status_code == 401  # a PSM never signs in
    for key in ("dedi", "tksk", "wawan"):
        async with browser(app, engine, ids[key]) as refused:
            assert (await refused.get("/dasbor/audit")).status_code == 404
            assert "/dasbor/audit" not in (await refused.get("/dasbor/psm")).text
    async with browser(app, engine, ids["dinsos"]) as dinsos:
        page = await dinsos.get("/dasbor/audit")
        assert page.status_code == 200
        seen = ENTRY.findall(page.text)
        # Kota Bandung's entries (both kecamatan, the sign-ins); never the system's own.
        assert {"person.approve", "export.cases", "person.deactivate"} <= set(seen)
        assert "roster.import" not in seen
        people = ENTRY.findall((await dinsos.get("/dasbor/audit", params={"aksi": "person"})).text)
        assert set(people) == {"person.approve", "person.deactivate"}
        by_wawan = await dinsos.get("/dasbor/audit", params={"orang": str(ids["wawan"])})
        assert set(ENTRY.findall(by_wawan.text)) >= {"person.deactivate"}
        assert "person.approve" not in ENTRY.findall(by_wawan.text)
        # The filter's days are the area's (WIB): after 17:00 UTC it is already tomorrow there.
        today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
        recent = await dinsos.get(
            "/dasbor/audit",
            params={"dari": (today - timedelta(days=7)).isoformat(), "sampai": today.isoformat()},
        )
        assert "export.cases" not in ENTRY.findall(recent.text)
        assert "person.approve" in ENTRY.findall(recent.text)
        assert (await dinsos.get("/dasbor/audit", params={"dari": "kemarin"})).status_code == 404
    async with browser(app, engine, ids["admin"]) as admin:
        seen = ENTRY.findall((await admin.get("/dasbor/audit")).text)
        assert "roster.import" in seen and "person.approve" in seen
        assert "audit.viewed" in seen  # Dinas Sosial's reading of the log is itself logged


async def test_the_pages_speak_english_to_english_readers(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    world = build_world(sqlite_engine)
    with transaction(sqlite_engine) as session:
        for key in ("tksk", "dinsos"):
            person = session.get(Person, world.ids[key])
            assert person is not None
            person.locale = "en"
            session.add(person)
    app = create_web_app(make_services(sqlite_engine, tmp_path), start_services=False)
    async with browser(app, sqlite_engine, world.ids["tksk"]) as tksk:
        psm = await tksk.get("/dasbor/psm", params={"bulan": "2026-11"})
        roster = await tksk.get("/dasbor/roster")
        meetings = await tksk.get("/dasbor/pertemuan")
    async with browser(app, sqlite_engine, world.ids["dinsos"]) as dinsos:
        log = await dinsos.get("/dasbor/audit")
    assert "PSM performance, Kec. Sukajadi" in psm.text and "Reports (month)" in psm.text
    assert "November 2026" in psm.text
    assert "Registrations awaiting approval" in roster.text and "Approve" in roster.text
    assert "Upcoming" in meetings.text and "1 coming · 1 not coming · 1 excused" in meetings.text
    assert "Audit log" in log.text and "Kinerja" not in psm.text + log.text
