"""Every role's downloads from the PSM and roster pages: their own area yes, beyond it 404."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.web.app import create_web_app
from tests.bot.dashboard_world import NEIGHBOUR, browser, build_world, csrf_of
from tests.factories import make_services
from tests.reports.week import KECAMATAN, PASTEUR

# Who downloads, the area they ask for, and whether it is theirs.
CASES = [
    ("dedi", PASTEUR, True),  # ketua PSM of Kel. Pasteur
    ("dedi", KECAMATAN, False),
    ("tksk", KECAMATAN, True),
    ("tksk", NEIGHBOUR, False),
    ("wawan", NEIGHBOUR, True),  # TKSK of the neighbouring kecamatan
    ("wawan", PASTEUR, False),
    ("dinsos", KECAMATAN, True),
    ("dinsos", NEIGHBOUR, True),
    ("dinsos", "73.71", False),  # Kota Makassar
    ("admin", NEIGHBOUR, True),
]


@pytest.mark.parametrize(("who", "area", "theirs"), CASES)
async def test_downloads_answer_within_the_area_only(
    sqlite_engine: Engine, tmp_path: Path, who: str, area: str, theirs: bool
) -> None:
    world = build_world(sqlite_engine)
    app = create_web_app(make_services(sqlite_engine, tmp_path), start_services=False)
    async with browser(app, sqlite_engine, world.ids[who]) as client:
        token = await csrf_of(client)
        report = await client.post(
            "/dasbor/psm/laporan",
            data={"csrf": token, "wilayah": area, "periode": "2026-11", "format": "xlsx"},
        )
        roster = await client.post(
            "/dasbor/roster/unduh", data={"csrf": token, "wilayah": area, "format": "csv"}
        )
    if not theirs:
        assert (report.status_code, roster.status_code) == (404, 404)
        return
    assert (report.status_code, roster.status_code) == (200, 200)
    assert report.content.startswith(b"PK")
    rows = list(csv.DictReader(io.StringIO(roster.content.decode("utf-8-sig"))))
    assert rows and all(row["kode_wilayah"].startswith(area) for row in rows)


async def test_a_psm_downloads_nothing(sqlite_engine: Engine, tmp_path: Path) -> None:
    world = build_world(sqlite_engine)
    app = create_web_app(make_services(sqlite_engine, tmp_path), start_services=False)
    async with browser(app, sqlite_engine, world.ids["siti"]) as psm:
        form = {"csrf": "0" * 64, "wilayah": PASTEUR, "format": "csv", "periode": "2026-11"}
        assert (await psm.post("/dasbor/psm/laporan", data=form)).status_code == 401
        assert (await psm.post("/dasbor/roster/unduh", data=form)).status_code == 401
        assert (await psm.get("/dasbor/roster")).status_code == 401
