"""A coordinator's morning in a real browser: sign in from the chat, read, filter, sign out.

The real service runs (`psmbot serve` with the simulator, SQLite in a temporary folder) and
Chromium drives it: the TKSK of the demo area sends /dasbor in the simulator page, opens the
link the bot sent, checks the overview against `psmbot report weekly --format text`, filters
the activities, opens a case with a photo and signs out. Screenshots go to tests/artifacts/.

Skipped when /usr/bin/chromium is missing, unless PSMBOT_REQUIRE_BROWSER=1 (CI), which fails.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, col, select

from storage.db import make_engine
from storage.models.activities import Activity
from storage.models.cases import Case, CaseEvent, CaseEventKind
from tests.bot.web.dashboard.helpers import (
    PASTEUR,
    SUKAJADI,
    add_held_meeting,
    add_photo,
    last_week_noon,
)

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts"
TKSK_PHONE = "081200000003"

if not CHROMIUM.exists():
    if os.environ.get("PSMBOT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"PSMBOT_REQUIRE_BROWSER=1 but {CHROMIUM} is missing", pytrace=False)
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)


@dataclass
class Service:
    """The running service and how to reach and command it."""

    url: str
    env: dict[str, str]
    folder: Path
    photo_case: int


def _psmbot(service_env: dict[str, str], folder: Path, *args: str) -> str:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "psmbot"), *args],
        env=service_env,
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _free_port() -> int:
    """PSMBOT_BROWSER_PORT if set, else a port nothing listens on (suites may run side by side)."""
    if configured := os.environ.get("PSMBOT_BROWSER_PORT"):
        return int(configured)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    """`psmbot serve` on the demo data, with a photo on a Sukajadi case's referral."""
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TELEGRAM_", "TWILIO_", "SIMULATOR_", "PUBLIC_", "DATABASE_"))
    }
    env.update(
        ENVIRONMENT="local",
        DATABASE_URL=f"sqlite:///{tmp_path / 'psmbot.sqlite3'}",
        MEDIA_DIR=str(tmp_path / "media"),
        PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        SCHEDULER_ENABLED="false",
    )
    _psmbot(env, tmp_path, "db", "upgrade")
    _psmbot(env, tmp_path, "demo", "seed")
    engine = make_engine(env["DATABASE_URL"])
    with Session(engine) as session:
        referral = session.exec(
            select(CaseEvent)
            .join(Case, col(Case.id) == col(CaseEvent.case_id))
            .where(
                col(Case.area_code).startswith(SUKAJADI + "."),
                CaseEvent.kind == CaseEventKind.REFERRAL,
            )
            .order_by(col(CaseEvent.id))
        ).first()
        assert referral is not None
        case_id = referral.case_id
        bansos = session.exec(
            select(Activity)
            .where(
                col(Activity.area_code).startswith(SUKAJADI + "."),
                Activity.activity_type == "bansos",
            )
            .order_by(col(Activity.occurred_on).desc(), col(Activity.id).desc())
        ).first()
        assert bansos is not None
    add_photo(engine, tmp_path / "media", "bansos.png", activity_id=bansos.id or 0)
    add_photo(engine, tmp_path / "media", "rujukan.png", case_event_id=referral.id or 0)
    add_held_meeting(engine, PASTEUR, last_week_noon(), came=4, stayed_away=1)
    engine.dispose()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "psmbot"),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if server.poll() is not None:
                break
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail("psmbot serve did not answer /healthz")
        assert server.poll() is None, (tmp_path / "serve.log").read_text()
        yield Service(url, env, tmp_path, case_id)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _chat_numbers(text: str) -> dict[str, int]:
    """The headline numbers of the chat report's text (Indonesian)."""

    def grab(pattern: str) -> int:
        found = re.search(pattern, text)
        assert found is not None, f"{pattern!r} not in the report:\n{text}"
        return int(found.group(1).replace(".", ""))

    numbers = {
        "activities": grab(r"Kegiatan: ([\d.]+)"),
        "people_reached": grab(r"Warga terjangkau: ([\d.]+)"),
        "new_cases": grab(r"Kasus baru: ([\d.]+)"),
        "referrals": grab(r"Rujukan: ([\d.]+)"),
        "psm_reporting": grab(r"PSM melapor: ([\d.]+)"),
        "psm_total": grab(r"PSM melapor: [\d.]+ dari ([\d.]+)"),
    }
    stale = re.search(r"([\d.]+) kasus belum ada kabar", text)
    numbers["stale"] = int(stale.group(1)) if stale else 0
    silent = re.search(r"Belum melapor \(([\d.]+)\)", text)
    numbers["silent"] = int(silent.group(1)) if silent else 0
    meetings = re.search(r"Rapat: ([\d.]+), hadir ([\d.]+) dari ([\d.]+) undangan", text)
    numbers["meetings"] = int(meetings.group(1)) if meetings else 0
    numbers["attended"] = int(meetings.group(2)) if meetings else 0
    numbers["invited"] = int(meetings.group(3)) if meetings else 0
    return numbers


def test_a_tksk_signs_in_from_the_chat_reads_filters_and_signs_out(service: Service) -> None:
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    expect.set_options(timeout=120_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
        # The machine running the tests may be busy: pages with charts get time.
        context.set_default_timeout(120_000)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        failed: list[str] = []
        page.on(
            "response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None
        )

        # In the chat (the simulator page), the TKSK asks for the dashboard.
        page.goto(f"{service.url}/simulator?phone={TKSK_PHONE}")
        page.locator("#text").fill("/dasbor")
        page.locator("#composer button[type=submit]").click()
        message = page.locator(".msg.in", has_text="/dasbor/masuk/").last
        expect(message).to_be_visible()
        page.screenshot(path=ARTIFACTS / "1-simulator-link.png", full_page=True)
        found = re.search(r"https?://\S+/dasbor/masuk/\S+", message.inner_text())
        assert found is not None
        link = found.group(0)
        assert link.startswith(service.url)

        # The link's page, then the overview of last week.
        page.goto(link)
        page.screenshot(path=ARTIFACTS / "2-sign-in.png")
        page.get_by_role("button", name="Masuk").click()
        expect(page.locator("h1")).to_have_text("Ringkasan Kec. Sukajadi")
        week_select = page.locator("select[name=minggu]")
        last_week = week_select.locator("option").nth(1).get_attribute("value")
        assert last_week is not None
        week_select.select_option(last_week)  # the page's script submits the change
        page.wait_for_url(re.compile(f"minggu={last_week}"), wait_until="domcontentloaded")
        expect(page.locator(".period")).to_have_attribute("data-week", last_week)
        page.wait_for_load_state("networkidle")

        def tile(key: str) -> str:
            return page.locator(f'[data-total="{key}"] .value').inner_text().strip()

        shown = {
            key: int(tile(key).replace(".", ""))
            for key in ("activities", "people_reached", "new_cases", "referrals", "meetings")
        }
        reporting, total = tile("psm_reporting").split(" / ")
        shown["psm_reporting"], shown["psm_total"] = int(reporting), int(total)
        for key in ("stale", "silent"):
            count = page.locator(f'[data-count="{key}"]').inner_text()
            shown[key] = int(count.strip("() ").replace(".", ""))
        rows = page.locator("table[data-table=meetings] tr[data-attended]")
        shown["attended"] = sum(int(r.get_attribute("data-attended") or 0) for r in rows.all())
        shown["invited"] = sum(int(r.get_attribute("data-invited") or 0) for r in rows.all())
        chart_width = page.locator("img.chart").first.evaluate("img => img.naturalWidth")
        page.screenshot(path=ARTIFACTS / "3-overview.png", full_page=True)

        report = _psmbot(
            service.env,
            service.folder,
            "report",
            "weekly",
            "--area",
            SUKAJADI,
            "--week",
            last_week,
            "--format",
            "text",
        )
        default_report = _psmbot(
            service.env, service.folder, "report", "weekly", "--area", "Sukajadi"
        )
        chat = _chat_numbers(report)
        (ARTIFACTS / "overview-vs-chat.json").write_text(
            json.dumps({"week": last_week, "dashboard": shown, "chat": chat}, indent=2)
        )
        assert shown == chat
        assert (chat["meetings"], chat["attended"], chat["invited"]) == (1, 4, 5)
        assert report == default_report  # the CLI's default is that same, last, week
        assert chart_width > 0

        # Activities: only the bansos distributions.
        page.get_by_role("link", name="Kegiatan", exact=True).click()
        everything = page.locator("[data-count=activities]").inner_text()
        page.locator("select[name=jenis]").select_option("bansos")
        page.get_by_role("button", name="Tampilkan").last.click()
        page.wait_for_url(re.compile("jenis=bansos"), wait_until="domcontentloaded")
        kinds = page.locator("table[data-table=activities] tr[data-activity] td:nth-child(2)")
        assert kinds.count() > 0
        assert set(kinds.all_inner_texts()) == {"Pendampingan penyaluran bansos"}
        filtered = page.locator("[data-count=activities]").inner_text()
        assert int(filtered.split()[0]) < int(everything.split()[0])
        thumbnail = page.locator("table[data-table=activities] tr[data-activity] .thumbs img")
        expect(thumbnail.first).to_be_visible()
        page.wait_for_load_state("networkidle")
        assert thumbnail.first.evaluate("img => img.naturalWidth") == 160
        page.screenshot(path=ARTIFACTS / "4-activities-bansos.png", full_page=True)

        # A case with a photo on its referral.
        page.get_by_role("link", name="Kasus", exact=True).click()
        page.locator(f'a[href="/dasbor/kasus/{service.photo_case}"]').first.click()
        expect(page.locator("h1")).to_contain_text(f"Kasus #{service.photo_case}")
        referral = page.locator('[data-event="referral"]')
        expect(referral).to_be_visible()
        photo = referral.locator("img").first
        expect(photo).to_be_visible()
        page.wait_for_load_state("networkidle")
        assert photo.evaluate("img => img.naturalWidth") == 320
        page.screenshot(path=ARTIFACTS / "5-case-timeline.png", full_page=True)

        # A phone-sized look at the overview, same session.
        phone = browser.new_context(
            viewport={"width": 390, "height": 844},
            device_scale_factor=2,
            is_mobile=True,
            storage_state=context.storage_state(),
        )
        phone.set_default_timeout(120_000)
        small = phone.new_page()
        small.goto(f"{service.url}/dasbor/")
        expect(small.locator("h1")).to_have_text("Ringkasan Kec. Sukajadi")
        small.wait_for_load_state("networkidle")
        small.screenshot(path=ARTIFACTS / "6-overview-phone.png", full_page=True)
        wide = small.evaluate("document.documentElement.scrollWidth")
        assert wide <= 390
        phone.close()

        # No page so far failed to load something or broke a rule of its CSP ("Refused to
        # ..."); the browser's own favicon look-up on the simulator page is no page's request.
        assert failed == []
        assert [e for e in errors if not e.startswith("Failed to load resource")] == []

        # Signing out; the dashboard then asks to sign in again (401).
        page.get_by_role("button", name="Keluar").click()
        expect(page.locator("h1")).to_have_text("Anda sudah keluar")
        page.screenshot(path=ARTIFACTS / "7-signed-out.png")
        page.goto(f"{service.url}/dasbor/kegiatan")
        expect(page.locator("h1")).to_have_text("Anda sudah keluar")
        browser.close()
    served = (service.folder / "serve.log").read_text()
    assert "/dasbor/masuk/[redacted]" in served
    assert link.rsplit("/", 1)[1] not in served
