"""A TKSK runs the area in a real browser: approves a registration, uploads a roster with a bad
row and reads its per-row report, opens PSM performance (sorts it, downloads the monthly
summary) and the meetings. Same running service as the dashboard's first browser test.

Screenshots go to tests/artifacts/ (manage-*.png). Skipped when /usr/bin/chromium is missing,
unless PSMBOT_REQUIRE_BROWSER=1, which fails.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import Session, col, select

from storage.db import make_engine, transaction
from storage.models.meetings import Meeting, MeetingAttendance
from storage.models.people import Person, PersonRole
from tests.bot.web.dashboard.test_browser import (  # the running service (one fixture)
    ARTIFACTS,
    CHROMIUM,
    Service,
    service,
)

__all__ = ["service"]

TKSK_PHONE = "081200000003"  # the demo's TKSK of Kec. Sukajadi
SUKAJADI = "32.73.07"
PASTEUR = "32.73.07.1001"
ROSTER = (
    "nama,telepon,peran,kode_wilayah\n"
    "Budi Santoso,081299990011,psm,32.73.07.1001\n"
    "Nomor Salah,0812-ABC,psm,32.73.07.1001\n"  # not a phone number
    "Warga Sarijadi,081299990013,psm,32.73.01.1004\n"  # another kecamatan's kelurahan
)


def _prepare(service: Service) -> None:
    """A pending registration in Pasteur, a meeting ahead with answers and one held."""
    engine = make_engine(service.env["DATABASE_URL"])
    now = datetime.now(UTC)
    with transaction(engine) as session:
        session.add(
            Person(
                name="Wulan Pendaftar",
                phone="+6281299990001",
                role=PersonRole.PSM,
                area_code=PASTEUR,
                status="pending",
            )
        )
        tksk = session.exec(select(Person).where(Person.phone == "+6281200000003")).one()
        psm = session.exec(
            select(Person)
            .where(col(Person.area_code).startswith(SUKAJADI + "."), Person.role == PersonRole.PSM)
            .order_by(col(Person.id))
            .limit(6)
        ).all()
        ahead = Meeting(
            organiser_id=tksk.id or 0,
            area_code=SUKAJADI,
            title="Rapat rutin PSM Sukajadi",
            place="Aula Kecamatan",
            starts_at=now + timedelta(days=3),
        )
        held = Meeting(
            organiser_id=tksk.id or 0,
            area_code=SUKAJADI,
            title="Rapat evaluasi bansos",
            place="Aula Kecamatan",
            starts_at=now - timedelta(days=5),
            status="held",
            minutes="Penyaluran BPNT tahap 4 selesai.\nVerval DTKS dilanjutkan minggu depan.",
        )
        session.add_all([ahead, held])
        session.flush()
        for index, person in enumerate(psm):
            answer = ("hadir", "hadir", "hadir", "izin", "tidak", None)[index]
            session.add(
                MeetingAttendance(
                    meeting_id=ahead.id or 0,
                    person_id=person.id or 0,
                    rsvp=answer,
                    reason="sakit" if answer == "izin" else None,
                )
            )
            session.add(
                MeetingAttendance(
                    meeting_id=held.id or 0, person_id=person.id or 0, attended=index < 4
                )
            )
    engine.dispose()


def _link(service: Service) -> str:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "psmbot"), "dashboard", "link", "--as", TKSK_PHONE],
        env=service.env,
        cwd=service.folder,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_tksk_approves_uploads_a_roster_and_reads_psm_and_meetings(
    service: Service, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    _prepare(service)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    roster_file = tmp_path / "roster-sukajadi.csv"
    roster_file.write_text(ROSTER, encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, locale="id-ID", accept_downloads=True
        )
        page = context.new_page()
        errors: list[str] = []

        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        failed: list[str] = []
        page.on(
            "response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None
        )
        page.goto(_link(service))
        page.get_by_role("button", name="Masuk").click()
        expect(page.locator("h1")).to_have_text("Ringkasan Kec. Sukajadi")

        # Roster: the pending registration, approved with the chat's rules.
        page.get_by_role("link", name="Roster", exact=True).click()
        expect(page.locator("h1")).to_contain_text("Roster dan persetujuan")
        pending = page.locator("table[data-table=pending] tr", has_text="Wulan Pendaftar")
        expect(pending).to_have_count(1)
        page.screenshot(path=ARTIFACTS / "manage-1-roster-pending.png", full_page=True)
        pending.get_by_role("button", name="Setujui").click()
        expect(page.locator("[data-message=approved]")).to_be_visible()
        expect(page.locator("[data-section=pending]")).to_contain_text(
            "Tidak ada pendaftaran yang menunggu."
        )
        expect(
            page.locator("table[data-table=people] tr", has_text="Wulan Pendaftar")
        ).to_have_count(1)
        page.screenshot(path=ARTIFACTS / "manage-2-roster-approved.png", full_page=True)

        # Upload a roster with two bad rows; the page says which and why.
        page.locator("input[name=berkas]").set_input_files(str(roster_file))
        page.get_by_role("button", name="Unggah dan impor").click()
        expect(page.locator("h1")).to_have_text("Hasil impor roster")
        expect(page.locator("[data-summary]")).to_have_text(
            "1 baru, 0 diperbarui, 2 baris ditolak."
        )
        rejected = page.locator("table[data-table=rejected] tr[data-line]")
        expect(rejected).to_have_count(2)
        assert rejected.evaluate_all("rows => rows.map(r => r.dataset.line)") == ["3", "4"]
        assert "Sarijadi" in rejected.nth(1).inner_text()
        page.screenshot(path=ARTIFACTS / "manage-3-roster-import-report.png", full_page=True)
        page.get_by_role("link", name="Kembali ke roster").click()
        expect(page.locator("table[data-table=people] tr", has_text="Budi Santoso")).to_have_count(
            1
        )

        # PSM performance: sort by this month's reports, download the monthly summary.
        page.get_by_role("link", name="PSM", exact=True).click()
        expect(page.locator("h1")).to_contain_text("Kinerja PSM Kec. Sukajadi")
        rows = page.locator("table[data-table=psm] tr[data-psm]")
        assert rows.count() > 0
        page.locator("a[data-sort=laporan_bulan]").click()
        page.wait_for_url(re.compile("urut=laporan_bulan"))
        page.locator("a[data-sort=laporan_bulan]").click()
        page.wait_for_url(re.compile("arah=turun"))
        counts = [
            int(text.replace(".", ""))
            for text in page.locator("td[data-col=reports_month]").all_inner_texts()
        ]
        assert counts == sorted(counts, reverse=True) and counts[0] > 0
        page.screenshot(path=ARTIFACTS / "manage-4-psm-performance.png", full_page=True)
        monthly = page.locator("form", has=page.locator("button[data-download=monthly]"))
        monthly.locator("select[name=format]").select_option("xlsx")
        with page.expect_download() as download_info:
            monthly.locator("button[data-download=monthly]").click()
        download = download_info.value
        assert download.suggested_filename.startswith("rekap-bulanan-sukajadi-")
        assert download.suggested_filename.endswith(".xlsx")
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        assert saved.read_bytes()[:2] == b"PK"

        # Meetings: answers of the coming one, attendance and minutes of the held one.
        page.get_by_role("link", name="Pertemuan", exact=True).click()
        upcoming = page.locator("[data-section=upcoming] tr[data-meeting]")
        expect(upcoming).to_have_count(1)
        expect(upcoming.locator("[data-col=rsvp]")).to_have_text("3 hadir · 1 tidak · 1 izin")
        past = page.locator("[data-section=past] tr[data-meeting]", has_text="Rapat evaluasi")
        expect(past.locator("[data-col=attended]")).to_have_text("4 dari 6")
        page.screenshot(path=ARTIFACTS / "manage-5-meetings.png", full_page=True)
        past.get_by_role("link", name="Rapat evaluasi bansos").click()
        expect(page.locator("[data-section=minutes]")).to_contain_text("Penyaluran BPNT tahap 4")
        expect(page.locator("table[data-table=invitees] tr")).to_have_count(7)
        page.screenshot(path=ARTIFACTS / "manage-6-meeting-minutes.png", full_page=True)

        # On a phone: the PSM table scrolls inside its box, the page itself does not.
        phone = browser.new_context(
            viewport={"width": 390, "height": 844},
            device_scale_factor=2,
            is_mobile=True,
            storage_state=context.storage_state(),
        )
        small = phone.new_page()
        small.goto(f"{service.url}/dasbor/psm")
        expect(small.locator("h1")).to_contain_text("Kinerja PSM")
        small.screenshot(path=ARTIFACTS / "manage-7-psm-phone.png", full_page=True)
        assert small.evaluate("document.documentElement.scrollWidth") <= 390
        phone.close()
        assert errors == [] and failed == []
        browser.close()

    engine = make_engine(service.env["DATABASE_URL"])
    with Session(engine) as session:
        names = {p.name: p.status for p in session.exec(select(Person)).all()}
    engine.dispose()
    assert names["Wulan Pendaftar"] == "approved"
    assert names["Budi Santoso"] == "approved"
    assert "Warga Sarijadi" not in names and "Nomor Salah" not in names
