"""Coordinators: menus with their work, approvals with the phone, numbers that add up."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import Session

from reports.building.build import build_report
from reports.building.periods import parse_period
from reports.rendering.text import summary_text
from reports.rendering.xlsx import render_xlsx
from storage.cases import add_event, create_case
from storage.db import transaction
from storage.models.cases import CaseEventKind
from storage.models.people import PersonRole
from tests.factories import SimChat, add_person, make_services, seed_area

TKSK = "+6281234567003"
PSM = "+6281234567001"
NEWCOMER = "+6281234567009"
# Tuesday 17 November 2026 (week 47); last week is 2026-W46.
AT = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)


async def register(tksk: SimChat, newcomer: SimChat) -> None:
    """Rina, not on the roster, asks to be registered as a PSM of Kel. Pasteur."""
    await tksk.send("/start", at=AT)  # the TKSK has chatted, so the request reaches them
    for text in ("/start", "Ajukan pendaftaran", "Rina Marlina", "Pasteur"):
        await newcomer.send(text, at=AT)


async def test_a_tksk_menu_offers_the_coordinators_work_and_the_pending_approvals(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    add_person(engine, TKSK, name="Hendra", role=PersonRole.TKSK, area_code="32.73.07")
    services = make_services(engine, tmp_path)
    tksk, newcomer = SimChat(services, TKSK), SimChat(services, NEWCOMER)
    await register(tksk, newcomer)

    request = tksk.new_messages()
    menu = await tksk.send("/menu", at=AT)
    pending = await tksk.send("Persetujuan", at=AT)
    decided = await tksk.send("✅ Rina Marlina", at=AT)
    empty = await tksk.send("/menu", at=AT)
    none_left = await tksk.send("🧾 Persetujuan", at=AT)

    assert "telepon 0812-3456-7009" in request[0].text
    assert menu[0].option_labels() == [
        "📊 Rekap",
        "📅 Rapat",
        "🗂️ Kasus wilayah",
        "🧾 Persetujuan",
        "📝 Lapor kegiatan",
        "🖥️ Dasbor",
        "❓ Bantuan",
    ]
    assert pending[0].text == (
        "Permintaan pendaftaran yang menunggu (1):\n"
        "• No. 2: Rina Marlina, Kel. Pasteur, telepon 0812-3456-7009"
    )
    assert decided[0].text == "✅ Rina Marlina sudah disetujui dan diberi tahu."
    assert empty[0].option_labels()[3] == "🧾 Persetujuan"
    assert none_left[0].text.startswith("Tidak ada permintaan pendaftaran yang menunggu.")


async def test_a_psm_approved_this_week_is_not_missing_from_last_weeks_reports(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    add_person(engine, TKSK, name="Hendra", role=PersonRole.TKSK, area_code="32.73.07")
    add_person(engine, PSM, name="Asep Rostered")  # on the roster: a PSM all along
    services = make_services(engine, tmp_path)
    tksk, newcomer = SimChat(services, TKSK), SimChat(services, NEWCOMER)
    await register(tksk, newcomer)
    request = tksk.new_messages()
    await tksk.send(choice=request[0].options[0][0], at=AT)  # approved on Tuesday of week 47

    with Session(engine) as session:
        last_week = build_report(
            session=session, area_code="32.73.07", period=parse_period("2026-W46"), now=AT
        )
        this_week = build_report(
            session=session, area_code="32.73.07", period=parse_period("2026-W47"), now=AT
        )
    assert [e.name for e in last_week.silent] == ["Asep Rostered"]
    assert "🙋 PSM melapor: 0 dari 1" in summary_text(last_week, "id")
    assert [e.name for e in this_week.silent] == ["Asep Rostered", "Rina Marlina"]


def test_referral_totals_add_up_and_xlsx_headers_follow_the_language(
    engine: Engine, tmp_path: Path
) -> None:
    seed_area(engine)
    psm = add_person(engine, PSM)
    assert psm.id is not None
    with transaction(engine) as session:
        for n, destination in enumerate(("dinas_sosial", "puskesmas", "rumah_sakit", "polisi")):
            case = create_case(
                session=session,
                reporter_id=psm.id,
                area_code="32.73.07.1001",
                values={"client_name": f"Klien {n}", "ppks": 8},
                opened_on=date(2026, 11, 10),
                now=AT,
            )
            add_event(
                session=session,
                case=case,
                kind=CaseEventKind.REFERRAL,
                actor_id=psm.id,
                occurred_on=date(2026, 11, 11),
                now=AT,
                data={"destination": destination},
            )
    with Session(engine) as session:
        report = build_report(
            session=session, area_code="32.73.07", period=parse_period("2026-W46"), now=AT
        )
    text = summary_text(report, "id")
    [line] = [line for line in text.splitlines() if line.startswith("↪️ Rujukan")]
    parts = line.split("(", 1)[1].rstrip(")").split(", ")
    assert line.startswith("↪️ Rujukan: 4 (")
    assert sum(int(part.rsplit(" ", 1)[1]) for part in parts) == 4
    assert "Kepolisian 1" in line

    indonesian = load_workbook(render_xlsx(report, tmp_path / "id.xlsx", "id"))
    english = load_workbook(render_xlsx(report, tmp_path / "en.xlsx", "en"))
    id_header = next(indonesian["Data kasus"].iter_rows(values_only=True))
    en_header = next(english["Case records"].iter_rows(values_only=True))
    assert id_header[:4] == ("No.", "Tanggal dibuka", "PPKS (kode)", "Kategori PPKS")
    assert en_header[:4] == ("No.", "Opened on", "PPKS (code)", "PPKS category")
    assert "opened_on" not in id_header and "Rujukan" in id_header
