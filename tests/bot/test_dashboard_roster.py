"""Roster and approvals on the dashboard: the chat's rules, audited, bound to the area."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.web.app import create_web_app
from storage.models.audit import AuditLog
from storage.models.messaging import OutboxMessage
from storage.models.people import Person
from tests.bot.dashboard_world import NEIGHBOUR, browser, build_world, csrf_of
from tests.factories import make_services
from tests.reports.week import KECAMATAN

ROSTER = (
    "nama,telepon,peran,kode_wilayah\n"
    "Budi Baru,081277771001,psm,32.73.07.1001\n"
    "Salah Nomor,12ab,psm,32.73.07.1001\n"  # not a phone number
    "Di Sebelah,081277771003,psm,32.73.01.1004\n"  # Sarijadi: another kecamatan
)


def _person(engine: Engine, person_id: int) -> Person:
    with Session(engine) as session:
        person = session.get(Person, person_id)
        assert person is not None
        return person


def _actions(engine: Engine) -> list[tuple[str, int | None, str | None]]:
    with Session(engine) as session:
        rows = session.exec(select(AuditLog).order_by(AuditLog.id)).all()
        return [
            (r.action, r.actor_id, r.subject_id)
            for r in rows
            if r.action.split(".")[0] != "dashboard" and not r.action.endswith(".viewed")
        ]


async def test_pending_registrations_are_decided_with_the_chat_rules(
    engine: Engine, tmp_path: Path
) -> None:
    world = build_world(engine)
    rina, tono = world.ids["rina"], world.ids["tono"]
    app = create_web_app(make_services(engine, tmp_path), start_services=False)
    async with browser(app, engine, world.ids["dedi"]) as ketua:
        page = await ketua.get("/dasbor/roster")
        assert page.status_code == 200 and "Rina Pendaftar" in page.text
        assert 'data-action="approve"' not in page.text  # a ketua sees, does not decide
        token = await csrf_of(ketua)
        refused = await ketua.post(
            f"/dasbor/roster/pendaftaran/{rina}", data={"csrf": token, "keputusan": "setuju"}
        )
        assert refused.status_code == 303 and "pesan=not_allowed" in refused.headers["location"]
    async with browser(app, engine, world.ids["wawan"]) as neighbour:
        page = await neighbour.get("/dasbor/roster")
        assert "Tono Pendaftar" in page.text and "Rina Pendaftar" not in page.text
        token = await csrf_of(neighbour)
        outside = await neighbour.post(
            f"/dasbor/roster/pendaftaran/{rina}", data={"csrf": token, "keputusan": "setuju"}
        )
        assert outside.status_code == 404
    assert _person(engine, rina).status == "pending"
    async with browser(app, engine, world.ids["tksk"]) as tksk:
        page = await tksk.get("/dasbor/roster")
        assert "Rina Pendaftar" in page.text and "Tono Pendaftar" not in page.text
        assert "+6281377770003" not in page.text and "081377770003" not in page.text  # masked
        no_token = await tksk.post(
            f"/dasbor/roster/pendaftaran/{rina}", data={"keputusan": "setuju"}
        )
        assert no_token.status_code == 403
        token = await csrf_of(tksk)
        done = await tksk.post(
            f"/dasbor/roster/pendaftaran/{rina}", data={"csrf": token, "keputusan": "setuju"}
        )
        assert done.status_code == 303 and "pesan=approved" in done.headers["location"]
        again = await tksk.post(
            f"/dasbor/roster/pendaftaran/{rina}", data={"csrf": token, "keputusan": "tolak"}
        )
        assert "pesan=already_decided" in again.headers["location"]
        shown = await tksk.get(done.headers["location"])
        assert "Pendaftaran disetujui" in shown.text
    assert _person(engine, rina).status == "approved"
    assert _person(engine, tono).status == "pending"
    async with browser(app, engine, world.ids["dinsos"]) as dinsos:
        token = await csrf_of(dinsos)
        rejected = await dinsos.post(
            f"/dasbor/roster/pendaftaran/{tono}", data={"csrf": token, "keputusan": "tolak"}
        )
        assert "pesan=rejected" in rejected.headers["location"]
    assert _person(engine, tono).status == "rejected"
    assert _actions(engine) == [
        ("person.approve", world.ids["tksk"], str(rina)),
        ("person.reject", world.ids["dinsos"], str(tono)),
    ]
    with Session(engine) as session:
        told = session.exec(select(OutboxMessage).where(OutboxMessage.person_id == rina)).all()
    assert len(told) == 1 and "disetujui" in told[0].payload["text"]


async def test_deactivation_follows_rank_rules_and_signs_the_person_out(
    engine: Engine, tmp_path: Path
) -> None:
    world = build_world(engine)
    tksk_id, siti = world.ids["tksk"], world.ids["siti"]
    app = create_web_app(make_services(engine, tmp_path), start_services=False)
    async with (
        browser(app, engine, tksk_id) as tksk,
        browser(app, engine, world.ids["dinsos"]) as dinsos,
    ):
        token = await csrf_of(tksk)
        own = await tksk.post(
            f"/dasbor/roster/orang/{tksk_id}/status", data={"csrf": token, "aktif": "0"}
        )
        assert "pesan=self" in own.headers["location"]
        above = await tksk.post(
            f"/dasbor/roster/orang/{world.ids['dinsos']}/status", data={"csrf": token, "aktif": "0"}
        )
        assert above.status_code == 404  # Dinas Sosial of the kota is outside a kecamatan
        off = await tksk.post(
            f"/dasbor/roster/orang/{siti}/status", data={"csrf": token, "aktif": "0"}
        )
        assert "pesan=deactivated" in off.headers["location"]
        assert _person(engine, siti).active is False
        on = await tksk.post(
            f"/dasbor/roster/orang/{siti}/status", data={"csrf": token, "aktif": "1"}
        )
        assert "pesan=activated" in on.headers["location"]
        # Dinas Sosial deactivates the TKSK: his open dashboard session ends at once.
        assert (await tksk.get("/dasbor/psm")).status_code == 200
        dinsos_token = await csrf_of(dinsos)
        gone = await dinsos.post(
            f"/dasbor/roster/orang/{tksk_id}/status", data={"csrf": dinsos_token, "aktif": "0"}
        )
        assert "pesan=deactivated" in gone.headers["location"]
        for page in ("/dasbor/psm", "/dasbor/roster", "/dasbor/pertemuan"):
            assert (await tksk.get(page)).status_code == 401
        back = await dinsos.post(
            f"/dasbor/roster/orang/{tksk_id}/status", data={"csrf": dinsos_token, "aktif": "1"}
        )
        assert "pesan=activated" in back.headers["location"]
        assert (await tksk.get("/dasbor/psm")).status_code == 401  # signs in again from the chat
    async with browser(app, engine, tksk_id) as again:
        assert (await again.get("/dasbor/roster")).status_code == 200
    assert _actions(engine) == [
        ("person.deactivate", tksk_id, str(siti)),
        ("person.activate", tksk_id, str(siti)),
        ("person.deactivate", world.ids["dinsos"], str(tksk_id)),
        ("person.activate", world.ids["dinsos"], str(tksk_id)),
    ]


async def test_roster_upload_reports_each_refused_row(engine: Engine, tmp_path: Path) -> None:
    world = build_world(engine)
    app = create_web_app(make_services(engine, tmp_path), start_services=False)
    files = {"berkas": ("roster.csv", ROSTER.encode(), "text/csv")}
    async with browser(app, engine, world.ids["dedi"]) as ketua:
        token = await csrf_of(ketua)
        assert (
            await ketua.post("/dasbor/roster/impor", data={"csrf": token}, files=files)
        ).status_code == 404
    async with browser(app, engine, world.ids["tksk"]) as tksk:
        token = await csrf_of(tksk)
        result = await tksk.post("/dasbor/roster/impor", data={"csrf": token}, files=files)
        assert result.status_code == 200
        assert "1 baru, 0 diperbarui, 2 baris ditolak" in result.text
        assert 'data-line="3"' in result.text and 'data-line="4"' in result.text
        assert 'data-line="2"' not in result.text
        unreadable = await tksk.post(
            "/dasbor/roster/impor",
            data={"csrf": token},
            files={"berkas": ("roster.csv", b"just some words\n", "text/csv")},
        )
        assert 'data-problem="unreadable"' in unreadable.text
    with Session(engine) as session:
        names = {p.name for p in session.exec(select(Person)).all()}
        imports = session.exec(select(AuditLog).where(AuditLog.action == "roster.import")).all()
    assert "Budi Baru" in names and "Di Sebelah" not in names and "Salah Nomor" not in names
    assert [(i.actor_id, i.detail) for i in imports] == [
        (world.ids["tksk"], {"via": "dasbor", "created": 1, "updated": 0, "rejected": 2})
    ]


async def test_roster_download_is_masked_audited_and_bound_to_the_area(
    engine: Engine, tmp_path: Path
) -> None:
    world = build_world(engine)
    app = create_web_app(make_services(engine, tmp_path), start_services=False)
    async with browser(app, engine, world.ids["tksk"]) as tksk:
        token = await csrf_of(tksk)
        got = await tksk.post("/dasbor/roster/unduh", data={"csrf": token, "format": "csv"})
        assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(got.content.decode("utf-8-sig"))))
        xlsx = await tksk.post(
            "/dasbor/roster/unduh", data={"csrf": token, "format": "xlsx", "wilayah": KECAMATAN}
        )
        assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
        outside = await tksk.post(
            "/dasbor/roster/unduh", data={"csrf": token, "format": "csv", "wilayah": NEIGHBOUR}
        )
        assert outside.status_code == 404
    names = {row["nama"] for row in rows}
    assert "Siti Aminah" in names and "Ujang Saepudin" in names
    assert "Yayan Sopandi" not in names and "Rina Pendaftar" not in names
    siti_phone = world.week.people["siti"].phone or ""
    assert siti_phone not in got.text and siti_phone[3:] not in got.text
    assert all("****" in row["telepon"] for row in rows)
    with Session(engine) as session:
        exports = session.exec(select(AuditLog).where(AuditLog.action == "export.roster")).all()
    assert [(e.detail["format"], e.subject_id) for e in exports] == [
        ("csv", KECAMATAN),
        ("xlsx", KECAMATAN),
    ]


async def test_the_roster_is_listed_a_page_at_a_time(
    sqlite_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.web.dashboard import roster

    monkeypatch.setattr(roster, "PEOPLE_PAGE", 4)
    world = build_world(sqlite_engine)
    app = create_web_app(make_services(sqlite_engine, tmp_path), start_services=False)
    listed = re.compile(r'<tr data-person="(\d+)"')
    async with browser(app, sqlite_engine, world.ids["tksk"]) as tksk:
        pages = [(await tksk.get("/dasbor/roster", params={"halaman": n})).text for n in (1, 2, 3)]
    people = [listed.findall(page.split('data-table="people"')[1]) for page in pages]
    # Sukajadi: the TKSK and the seven PSM of the week (Ujang, inactive, included): 4 + 4.
    assert [len(ids) for ids in people] == [4, 4, 0]
    assert len({i for ids in people for i in ids}) == 8
    assert "halaman=2" in pages[0] and "halaman=1" in pages[1]
