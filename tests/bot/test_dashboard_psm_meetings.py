"""PSM performance, report downloads and meetings on the dashboard, as each role sees them."""

from __future__ import annotations

import io
import re
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.web.app import create_web_app
from storage.models.audit import AuditLog
from storage.models.meetings import Meeting
from tests.bot.dashboard_world import NEIGHBOUR, browser, build_world, csrf_of
from tests.factories import make_services
from tests.reports.week import KECAMATAN

NOVEMBER = {"bulan": "2026-11", "tahun": "2026"}
PSM_ROW = re.compile(r'<tr data-psm="(\d+)">\s*<td>([^<]+)')
NIK_LIKE = re.compile(r"(?:href|action)=\"[^\"]*\d{16}")


def _names(html: str) -> list[str]:
    return [name.strip() for _, name in PSM_ROW.findall(html)]


async def test_psm_performance_per_role_and_area(engine: Engine, tmp_path: Path) -> None:
    world = build_world(engine)
    app = create_web_app(make_services(engine, tmp_path), start_services=False)
    sukajadi = [
        "Asep Hidayat",
        "Euis Kurniasih",
        "Dedi Supriadi",
        "Siti Aminah",
        "Lilis Marlina",
        "Neneng Suryani",
    ]
    async with browser(app, engine, world.ids["tksk"]) as tksk:
        page = await tksk.get("/dasbor/psm", params=NOVEMBER)
        assert page.status_code == 200
        assert _names(page.text) == sukajadi  # by kelurahan (Cipedes, Pasteur, Sukawarna), name
        assert not NIK_LIKE.search(page.text)
        busiest = await tksk.get(
            "/dasbor/psm", params={**NOVEMBER, "urut": "laporan_bulan", "arah": "turun"}
        )
        # Euis and Siti 5 reports each, Dedi 3, Asep 2, Lilis and Neneng none (ties by name).
        assert _names(busiest.text) == [
            "Euis Kurniasih",
            "Siti Aminah",
            "Dedi Supriadi",
            "Asep Hidayat",
            "Lilis Marlina",
            "Neneng Suryani",
        ]
        siti = re.search(
            rf'data-psm="{world.ids["siti"]}">.*?data-col="reports_month">(\d+)<.*?'
            r'data-col="reports_year">(\d+)<',
            page.text,
            re.S,
        )
        assert siti is not None and siti.groups() == ("5", "6")
        assert "Inisiator 1 · Dinamisator 2" in page.text
        neighbour_area = await tksk.get("/dasbor/psm", params={**NOVEMBER, "wilayah": NEIGHBOUR})
        assert neighbour_area.status_code == 404
    async with browser(app, engine, world.ids["dedi"]) as ketua:
        page = await ketua.get("/dasbor/psm", params=NOVEMBER)
        assert page.status_code == 200
        assert _names(page.text) == ["Dedi Supriadi", "Siti Aminah"]  # Kel. Pasteur only
        wider = await ketua.get("/dasbor/psm", params={**NOVEMBER, "wilayah": KECAMATAN})
        assert wider.status_code == 404
    async with browser(app, engine, world.ids["wawan"]) as neighbour:
        page = await neighbour.get("/dasbor/psm", params=NOVEMBER)
        assert _names(page.text) == ["Yayan Sopandi"]
        outside = await neighbour.get("/dasbor/psm", params={**NOVEMBER, "wilayah": KECAMATAN})
        assert outside.status_code == 404
    for key in ("dinsos", "admin"):
        async with browser(app, engine, world.ids[key]) as reader:
            page = await reader.get("/dasbor/psm", params=NOVEMBER)
            assert page.status_code == 200
            assert sorted(_names(page.text)) == sorted([*sukajadi, "Yayan Sopandi"])
            narrowed = await reader.get("/dasbor/psm", params={**NOVEMBER, "wilayah": KECAMATAN})
            assert sorted(_names(narrowed.text)) == sorted(sukajadi)
    async with browser(app, engine, world.ids["siti"]) as psm:
        assert (await psm.get("/dasbor/psm", params=NOVEMBER)).status_code == 401
    async with browser(app, engine, None) as nobody:
        assert (await nobody.get("/dasbor/psm")).status_code == 401


async def test_monthly_and_yearly_reports_download_within_the_area(
    engine: Engine, tmp_path: Path
) -> None:
    world = build_world(engine)
    app = create_web_app(make_services(engine, tmp_path), start_services=False)
    async with browser(app, engine, world.ids["tksk"]) as tksk:
        token = await csrf_of(tksk, "/dasbor/psm?bulan=2026-11")
        form = {"csrf": token, "wilayah": KECAMATAN, "periode": "2026-11", "format": "xlsx"}
        monthly = await tksk.post("/dasbor/psm/laporan", data=form)
        assert monthly.status_code == 200
        assert monthly.headers["content-type"].startswith("application/vnd.openxmlformats")
        assert "attachment" in monthly.headers["content-disposition"]
        book = load_workbook(io.BytesIO(monthly.content))
        cells = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row}
        assert "Siti Aminah" in cells and "Yayan Sopandi" not in cells
        yearly = await tksk.post("/dasbor/psm/laporan", data={**form, "periode": "2026"})
        assert yearly.status_code == 200
        pdf = await tksk.post("/dasbor/psm/laporan", data={**form, "format": "pdf"})
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        weekly = await tksk.post("/dasbor/psm/laporan", data={**form, "periode": "2026-W46"})
        assert weekly.status_code == 404
        elsewhere = await tksk.post("/dasbor/psm/laporan", data={**form, "wilayah": NEIGHBOUR})
        assert elsewhere.status_code == 404
        forged = await tksk.post("/dasbor/psm/laporan", data={**form, "csrf": "x" * 64})
        assert forged.status_code == 403
    async with browser(app, engine, world.ids["dedi"]) as ketua:
        token = await csrf_of(ketua, "/dasbor/psm?bulan=2026-11")
        wider = await ketua.post("/dasbor/psm/laporan", data={**form, "csrf": token})
        assert wider.status_code == 404  # the kecamatan is above a ketua's kelurahan
    with Session(engine) as session:
        exports = session.exec(select(AuditLog).where(AuditLog.action == "export.report")).all()
    assert sorted((e.detail["period"], e.detail["format"]) for e in exports) == [
        ("2026", "xlsx"),
        ("2026-11", "pdf"),
        ("2026-11", "xlsx"),
    ]
    assert {e.actor_id for e in exports} == {world.ids["tksk"]}


async def test_meetings_of_the_area_with_answers_attendance_and_minutes(
    engine: Engine, tmp_path: Path
) -> None:
    world = build_world(engine)
    with Session(engine) as session:
        held = session.exec(
            select(Meeting).where(Meeting.title == "Rapat rutin PSM Sukajadi")
        ).one()
        sarijadi = session.exec(select(Meeting).where(Meeting.title == "Rapat Sarijadi")).one()
    app = create_web_app(make_services(engine, tmp_path), start_services=False)
    async with browser(app, engine, world.ids["tksk"]) as tksk:
        page = await tksk.get("/dasbor/pertemuan")
        assert page.status_code == 200
        upcoming = page.text.split('data-section="past"')[0]
        assert "Rapat koordinasi bulan depan" in upcoming
        assert "1 hadir · 1 tidak · 1 izin" in upcoming
        past = page.text.split('data-section="past"')[1]
        assert "Rapat rutin PSM Sukajadi" in past and "3 dari 5" in past
        assert "Rapat Sarijadi" not in page.text
        detail = await tksk.get(f"/dasbor/pertemuan/{held.id}")
        assert detail.status_code == 200 and "Siti Aminah" in detail.text
        assert (await tksk.get(f"/dasbor/pertemuan/{sarijadi.id}")).status_code == 404
        assert (await tksk.get("/dasbor/pertemuan/999999")).status_code == 404
    async with browser(app, engine, world.ids["wawan"]) as neighbour:
        assert (await neighbour.get(f"/dasbor/pertemuan/{sarijadi.id}")).status_code == 200
        assert (await neighbour.get(f"/dasbor/pertemuan/{held.id}")).status_code == 404
        listed = await neighbour.get("/dasbor/pertemuan")
        assert "Rapat Sarijadi" in listed.text and "Rapat rutin PSM Sukajadi" not in listed.text
    async with browser(app, engine, world.ids["dedi"]) as ketua:
        # A kecamatan meeting is not the kelurahan's: a ketua of Pasteur does not open it.
        assert (await ketua.get(f"/dasbor/pertemuan/{held.id}")).status_code == 404
        assert "Rapat rutin PSM Pasteur" in (await ketua.get("/dasbor/pertemuan")).text
    for key in ("dinsos", "admin"):
        async with browser(app, engine, world.ids[key]) as reader:
            assert (await reader.get(f"/dasbor/pertemuan/{held.id}")).status_code == 200
            assert (await reader.get(f"/dasbor/pertemuan/{sarijadi.id}")).status_code == 200
    async with browser(app, engine, world.ids["siti"]) as psm:
        assert (await psm.get("/dasbor/pertemuan")).status_code == 401
