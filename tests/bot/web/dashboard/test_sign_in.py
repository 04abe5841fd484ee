"""Signing in from the chat: a one-time link, a session cookie, sign-out, revocation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select, update
from typer.testing import CliRunner

from bot.cli import app as cli
from storage.db import transaction
from storage.models.dashboard import DashboardSession
from storage.people import get_person_by_phone
from tests.bot.web.dashboard.helpers import (
    DINSOS,
    KETUA_PASTEUR,
    PSM_PASTEUR,
    TKSK,
    browser,
    csrf_of,
    link_for,
    seed,
    session_rows,
    sign_in,
)
from tests.factories import SimChat


async def test_a_link_opens_one_session_and_then_no_longer_works(
    engine: Engine, tmp_path: Path
) -> None:
    demo = seed(engine, tmp_path)
    token = link_for(engine, TKSK)
    async with browser(demo) as first, browser(demo) as second:
        before = await first.get("/dasbor/")
        shown = await first.get(f"/dasbor/masuk/{token}")
        previewed = await second.get(f"/dasbor/masuk/{token}")  # a chat app's link preview
        used = await first.post(f"/dasbor/masuk/{token}")
        overview = await first.get("/dasbor/")
        again = await second.post(f"/dasbor/masuk/{token}")
        reopened = await second.get(f"/dasbor/masuk/{token}")
        stranger = await second.get("/dasbor/")

    assert before.status_code == 401
    assert "kirim /dasbor di chat" in before.text
    assert shown.status_code == previewed.status_code == 200
    assert 'method="post"' in shown.text
    assert used.status_code == 303 and used.headers["location"] == "/dasbor/"
    cookie = used.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/dasbor" in cookie
    assert "Secure" not in cookie  # PUBLIC_BASE_URL is http here
    assert token not in cookie
    assert overview.status_code == 200
    assert "Hendra Gunawan (TKSK Sukajadi)" in overview.text
    assert again.status_code == reopened.status_code == 410
    assert "sudah dipakai" in again.text
    assert stranger.status_code == 401


async def test_a_link_expires_after_ten_minutes(engine: Engine, tmp_path: Path) -> None:
    demo = seed(engine, tmp_path)
    now = datetime.now(UTC)
    stale = link_for(engine, TKSK, now=now - timedelta(minutes=10, seconds=5))
    fresh = link_for(engine, TKSK, now=now - timedelta(minutes=9))
    async with browser(demo) as client:
        late = await client.post(f"/dasbor/masuk/{stale}")
        shown_late = await client.get(f"/dasbor/masuk/{stale}")
        in_time = await client.post(f"/dasbor/masuk/{fresh}")
        unknown = await client.post("/dasbor/masuk/not-a-token")

    assert late.status_code == shown_late.status_code == unknown.status_code == 410
    assert in_time.status_code == 303


async def test_the_cookie_is_secure_behind_https(engine: Engine, tmp_path: Path) -> None:
    demo = seed(engine, tmp_path, public_base_url="https://psmbot.example.go.id")
    async with browser(demo) as client:
        used = await client.post(f"/dasbor/masuk/{link_for(engine, TKSK)}")

    assert "Secure" in used.headers["set-cookie"]


async def test_a_session_lapses_after_twelve_idle_hours(engine: Engine, tmp_path: Path) -> None:
    demo = seed(engine, tmp_path)
    async with browser(demo) as client:
        await sign_in(client, engine, TKSK)
        fresh = await client.get("/dasbor/kasus")
        with transaction(engine) as session:
            session.exec(  # type: ignore[call-overload]
                update(DashboardSession).values(
                    last_seen_at=datetime.now(UTC) - timedelta(hours=12, minutes=1)
                )
            )
        idle = await client.get("/dasbor/kasus")

    assert fresh.status_code == 200
    assert idle.status_code == 401
    assert [revoked is not None for (revoked,) in session_rows(engine, TKSK)] == [True]


async def test_signing_out_needs_the_forms_csrf_token(engine: Engine, tmp_path: Path) -> None:
    demo = seed(engine, tmp_path)
    async with browser(demo) as client:
        await sign_in(client, engine, TKSK)
        page = await client.get("/dasbor/")
        missing = await client.post("/dasbor/keluar")
        forged = await client.post("/dasbor/keluar", data={"csrf": "0" * 64})
        still_in = await client.get("/dasbor/")
        signed_out = await client.post("/dasbor/keluar", data={"csrf": csrf_of(page.text)})
        after = await client.get("/dasbor/")

    assert missing.status_code == forged.status_code == 403
    assert still_in.status_code == 200
    assert signed_out.status_code == 200
    assert "Anda sudah keluar" in signed_out.text
    assert 'psmbot_dasbor=""' in signed_out.headers["set-cookie"]
    assert after.status_code == 401


async def test_the_chat_sends_coordinators_a_link_and_refuses_psm(
    engine: Engine, tmp_path: Path
) -> None:
    demo = seed(engine, tmp_path, public_base_url="https://psmbot.example.go.id/")
    tksk, psm = SimChat(demo.services, TKSK), SimChat(demo.services, PSM_PASTEUR)
    async with demo.services.running():
        sent = await tksk.send("/dasbor")
        menu = await tksk.send("/menu")
        tapped = await tksk.send("🖥️ Dasbor")
        refused = await psm.send("/dasbor")
    link = sent[0].text.split("\n")[1]
    token = link.rsplit("/", 1)[1]
    async with browser(demo) as client:
        used = await client.post(f"/dasbor/masuk/{token}")

    assert link.startswith("https://psmbot.example.go.id/dasbor/masuk/")
    assert "10 menit" in sent[0].text and "sekali" in sent[0].text
    assert "🖥️ Dasbor" in menu[0].option_labels()
    assert "/dasbor/masuk/" in tapped[0].text
    assert refused[0].text.startswith("Mohon maaf, dasbor web hanya untuk")
    assert "/dasbor/masuk/" not in refused[0].text
    assert used.status_code == 303


async def test_a_psm_link_opens_nothing(engine: Engine, tmp_path: Path) -> None:
    demo = seed(engine, tmp_path)
    async with browser(demo) as client:
        used = await client.post(f"/dasbor/masuk/{link_for(engine, PSM_PASTEUR)}")

    assert used.status_code == 410


async def test_deactivating_a_person_signs_them_out_everywhere(
    engine: Engine, tmp_path: Path
) -> None:
    demo = seed(engine, tmp_path)
    tksk = SimChat(demo.services, TKSK)
    async with browser(demo) as laptop, browser(demo) as phone:
        await sign_in(laptop, engine, KETUA_PASTEUR)
        await sign_in(phone, engine, KETUA_PASTEUR)
        unused = link_for(engine, KETUA_PASTEUR)
        before = await laptop.get("/dasbor/")
        async with demo.services.running():
            done = await tksk.send("/nonaktifkan 081200000029")
        on_laptop = await laptop.get("/dasbor/")
        on_phone = await phone.get("/dasbor/kegiatan")
        with_link = await phone.post(f"/dasbor/masuk/{unused}")

    assert before.status_code == 200
    assert done[0].text.endswith("sudah dinonaktifkan.")
    assert on_laptop.status_code == on_phone.status_code == 401
    assert with_link.status_code == 410
    assert [revoked is not None for (revoked,) in session_rows(engine, KETUA_PASTEUR)] == [
        True,
        True,
    ]


async def test_a_person_deactivated_any_other_way_is_signed_out_too(
    engine: Engine, tmp_path: Path
) -> None:
    demo = seed(engine, tmp_path)
    async with browser(demo) as client:
        await sign_in(client, engine, DINSOS)
        before = await client.get("/dasbor/kasus")
        with transaction(engine) as session:
            person = get_person_by_phone(session=session, phone=DINSOS)
            assert person is not None
            person.active = False
            session.add(person)
        after = await client.get("/dasbor/kasus")

    assert before.status_code == 200
    assert after.status_code == 401


def test_the_cli_prints_a_link_for_a_coordinator_only(engine: Engine, tmp_path: Path) -> None:
    seed(engine, tmp_path)
    env = {"DATABASE_URL": engine.url.render_as_string(hide_password=False)}
    env["PUBLIC_BASE_URL"] = "https://dasbor.example.go.id"
    runner = CliRunner()
    printed = runner.invoke(cli, ["dashboard", "link", "--as", "0812-0000-0003"], env=env)
    refused = runner.invoke(cli, ["dashboard", "link", "--as", PSM_PASTEUR], env=env)
    unknown = runner.invoke(cli, ["dashboard", "link", "--as", "081299999999"], env=env)

    assert printed.exit_code == 0, printed.output
    link = printed.stdout.strip()
    assert link.startswith("https://dasbor.example.go.id/dasbor/masuk/")
    with Session(engine) as session:
        from storage.dashboard_access import link_is_usable

        assert link_is_usable(session=session, token=link.rsplit("/", 1)[1], now=datetime.now(UTC))
        from storage.models.audit import AuditLog

        actions = [a.action for a in session.exec(select(AuditLog)).all()]
    assert "dashboard.link" in actions
    assert refused.exit_code == unknown.exit_code == 2
    assert "Dasbor hanya untuk" in refused.output


async def test_a_persons_data_export_lists_their_dashboard_sessions_without_tokens(
    engine: Engine, tmp_path: Path
) -> None:
    from storage.privacy import person_export

    demo = seed(engine, tmp_path)
    async with browser(demo) as client:
        await sign_in(client, engine, TKSK)
    with Session(engine) as session:
        person = get_person_by_phone(session=session, phone=TKSK)
        assert person is not None
        exported = person_export(session=session, person=person)

    assert len(exported["dashboard_sessions"]) == 1
    assert "token_hash" not in exported["dashboard_sessions"][0]
    assert exported["dashboard_sessions"][0]["revoked_at"] is None
