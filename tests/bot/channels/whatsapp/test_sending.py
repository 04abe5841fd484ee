"""WhatsApp messages going out: the 24-hour window, templates, retries, rate, media links."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.channels.whatsapp.media_links import media_link_path
from bot.sending.sender import OutboxSender
from storage.models.messaging import OutboxStatus
from storage.models.people import PersonRole
from tests.bot.channels.whatsapp.outbox_rows import enqueue, last_wrote, row
from tests.factories import add_person, seed_area
from tests.fakes.twilio_api import (
    AUTH_TOKEN,
    PUBLIC_BASE_URL,
    SENDER,
    FakeTwilio,
    WhatsAppWorld,
    running_fake,
)

PSM_PHONE = "+6281234567001"
OTHER_PSM = "+6281234567002"
ADMIN_PHONE = "+6281234567099"
REMINDER_SID = "HX" + "a" * 32
REPORT_SID = "HX" + "b" * 32
TEMPLATES = {
    "meeting_reminder": {
        "content_sid": REMINDER_SID,
        "variables": ["name", "meeting", "starts", "option:1", "option:2"],
    },
    "weekly_report": {"content_sid": REPORT_SID, "variables": ["1", "2", "3"]},
}
REMINDER_VALUES = {
    "name": "Siti Aminah",
    "meeting": "Rapat rutin PSM\nKel. Pasteur",
    "starts": "Senin, 17 November 09.00 WIB",
}
RSVP = [["rsvp:12:yes", "Hadir"], ["rsvp:12:no", "Tidak hadir"]]


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    yield from running_fake()


@pytest.fixture
async def world(
    twilio: FakeTwilio, sqlite_engine: Engine, tmp_path: Path
) -> AsyncIterator[WhatsAppWorld]:
    seed_area(sqlite_engine)
    add_person(sqlite_engine, PSM_PHONE)
    world = WhatsAppWorld(twilio, sqlite_engine, tmp_path, whatsapp_templates=TEMPLATES)
    yield world
    await world.aclose()


async def test_a_reminder_inside_the_window_goes_as_free_form_text(
    world: WhatsAppWorld, twilio: FakeTwilio
) -> None:
    engine = world.services.engine
    last_wrote(engine, PSM_PHONE, timedelta(hours=3))
    sent = enqueue(
        engine,
        PSM_PHONE,
        "Pengingat: rapat rutin PSM besok pukul 09.00 di kantor kelurahan.",
        kind="meeting_reminder",
        options=RSVP,
        template_variables=REMINDER_VALUES,
    )

    await world.deliver()

    [message] = twilio.sent_to(PSM_PHONE)
    assert message.content_sid is None
    assert message.from_ == SENDER
    assert message.body == (
        "Pengingat: rapat rutin PSM besok pukul 09.00 di kantor kelurahan.\n\n"
        "1. Hadir\n2. Tidak hadir\n_Balas dengan nomor pilihan, misalnya 1._"
    )
    assert message.status_callback == PUBLIC_BASE_URL + "/whatsapp/status"
    assert (row(engine, sent).status, row(engine, sent).external_id) == (
        OutboxStatus.SENT,
        message.sid,
    )


async def test_a_reminder_outside_the_window_goes_as_its_template_with_the_right_values(
    world: WhatsAppWorld, twilio: FakeTwilio
) -> None:
    engine = world.services.engine
    last_wrote(engine, PSM_PHONE, timedelta(hours=30))
    sent = enqueue(
        engine,
        PSM_PHONE,
        "Pengingat: rapat rutin PSM besok pukul 09.00.",
        kind="meeting_reminder",
        options=RSVP,
        template_variables=REMINDER_VALUES,
    )

    await world.deliver()

    [message] = twilio.sent_to(PSM_PHONE)
    assert message.body == ""
    assert message.content_sid == REMINDER_SID
    assert message.content_variables == {
        "1": "Siti Aminah",
        "2": "Rapat rutin PSM Kel. Pasteur",  # WhatsApp takes no new line in a value
        "3": "Senin, 17 November 09.00 WIB",
        "4": "rsvp:12:yes",  # quick-reply buttons answer with the option's key
        "5": "rsvp:12:no",
    }
    assert row(engine, sent).status is OutboxStatus.SENT


async def test_a_contact_who_never_wrote_gets_a_template_too(
    world: WhatsAppWorld, twilio: FakeTwilio
) -> None:
    enqueue(
        world.services.engine,
        PSM_PHONE,
        "Pengingat rapat",
        kind="meeting_reminder",
        options=RSVP,
        template_variables=REMINDER_VALUES,
    )
    await world.deliver()

    [message] = twilio.sent_to(PSM_PHONE)
    assert message.content_sid == REMINDER_SID and message.body == ""


async def test_outside_the_window_without_a_template_the_message_is_held_and_admins_told_once(
    world: WhatsAppWorld, twilio: FakeTwilio
) -> None:
    engine = world.services.engine
    add_person(engine, OTHER_PSM, name="Dedi")
    add_person(engine, ADMIN_PHONE, name="Admin Dinsos", role=PersonRole.ADMIN)
    last_wrote(engine, ADMIN_PHONE, timedelta(hours=1))
    last_wrote(engine, PSM_PHONE, timedelta(days=3))
    last_wrote(engine, OTHER_PSM, timedelta(days=2))
    held = [
        enqueue(engine, PSM_PHONE, "Kasus Ibu S belum diperbarui 14 hari.", kind="followup"),
        enqueue(engine, OTHER_PSM, "Kasus Bapak R belum diperbarui 14 hari.", kind="followup"),
    ]

    await world.deliver()
    # Another one the same day: admins already know.
    held.append(enqueue(engine, PSM_PHONE, "Kasus Ibu T belum diperbarui.", kind="followup"))
    await world.deliver()

    assert twilio.sent_to(PSM_PHONE) == [] and twilio.sent_to(OTHER_PSM) == []
    for outbox_id in held:
        found = row(engine, outbox_id)
        assert found.status is OutboxStatus.HELD
        assert found.last_error == (
            "outside WhatsApp's 24-hour window and no template for kind 'followup'"
        )
    [alert] = twilio.sent_to(ADMIN_PHONE)
    assert alert.body.startswith('⚠️ Pesan WhatsApp jenis "followup" ditahan')
    assert "WHATSAPP_TEMPLATES" in alert.body


async def test_a_template_value_the_message_lacks_holds_it(
    world: WhatsAppWorld, twilio: FakeTwilio
) -> None:
    engine = world.services.engine
    last_wrote(engine, PSM_PHONE, timedelta(days=2))
    sent = enqueue(
        engine,
        PSM_PHONE,
        "Pengingat rapat",
        kind="meeting_reminder",
        options=RSVP,
        template_variables={"name": "Siti Aminah"},
    )

    await world.deliver()

    assert twilio.sent_to(PSM_PHONE) == []
    assert row(engine, sent).status is OutboxStatus.HELD
    assert row(engine, sent).last_error == (
        "template for kind 'meeting_reminder' needs 'meeting', not given"
    )


async def test_a_rate_limited_send_is_retried_and_delivered_exactly_once(
    world: WhatsAppWorld, twilio: FakeTwilio
) -> None:
    engine = world.services.engine
    last_wrote(engine, PSM_PHONE, timedelta(minutes=5))
    sent = enqueue(engine, PSM_PHONE, "Laporan Bapak/Ibu sudah tersimpan.")
    twilio.fail_next(429, 20429, "Too Many Requests", retry_after=30)

    await world.deliver()
    waiting = row(engine, sent)
    assert waiting.status is OutboxStatus.PENDING
    assert (
        timedelta(seconds=25) < waiting.next_attempt_at - datetime.now(UTC) <= timedelta(seconds=30)
    )
    assert twilio.sent_to(PSM_PHONE) == []

    # Half a minute later (the sender's clock), it goes through once.
    later = OutboxSender(
        engine,
        world.services.adapters,
        clock=lambda: datetime.now(UTC) + timedelta(seconds=31),
        holder=world.services.sender.holder,
    )
    await later.drain()
    await later.drain()

    assert [m.body for m in twilio.sent_to(PSM_PHONE)] == ["Laporan Bapak/Ibu sudah tersimpan."]
    assert row(engine, sent).status is OutboxStatus.SENT
    assert twilio.api_calls == 2


async def test_a_server_error_is_retried_with_backoff(
    world: WhatsAppWorld, twilio: FakeTwilio
) -> None:
    engine = world.services.engine
    last_wrote(engine, PSM_PHONE, timedelta(minutes=5))
    sent = enqueue(engine, PSM_PHONE, "Terima kasih.")
    twilio.fail_next(500, 20500, "Internal Server Error")

    await world.deliver()

    waiting = row(engine, sent)
    assert waiting.status is OutboxStatus.PENDING and waiting.attempts == 1
    assert (
        waiting.last_error
        == "twilio 500 code 20500: Unable to create record: Internal Server Error"
    )
    assert waiting.next_attempt_at > datetime.now(UTC)


async def test_an_invalid_number_is_marked_undeliverable(
    world: WhatsAppWorld, twilio: FakeTwilio
) -> None:
    engine = world.services.engine
    last_wrote(engine, PSM_PHONE, timedelta(minutes=5))
    sent = enqueue(engine, PSM_PHONE, "Terima kasih.")
    twilio.fail_next(400, 21211, "The 'To' number is not a valid phone number.")

    await world.deliver()

    assert row(engine, sent).status is OutboxStatus.UNDELIVERABLE
    assert "21211" in (row(engine, sent).last_error or "")


async def test_an_unreachable_api_is_a_transient_failure(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    fake = FakeTwilio()  # never started: nothing listens on its port
    seed_area(sqlite_engine)
    world = WhatsAppWorld(fake, sqlite_engine, tmp_path)
    fake._server.server_close()
    last_wrote(sqlite_engine, PSM_PHONE, timedelta(minutes=5))
    sent = enqueue(sqlite_engine, PSM_PHONE, "Terima kasih.")

    await world.deliver()
    await world.aclose()

    assert row(sqlite_engine, sent).status is OutboxStatus.PENDING
    assert (row(sqlite_engine, sent).last_error or "").startswith("network: ")


async def test_a_report_file_goes_as_a_signed_link_that_serves_it(
    world: WhatsAppWorld, twilio: FakeTwilio
) -> None:
    engine = world.services.engine
    media_dir = world.services.settings.media_dir
    pdf = b"%PDF-1.7 rekap mingguan Sukajadi"
    (media_dir / "reports").mkdir(parents=True)
    (media_dir / "reports" / "rekap.pdf").write_bytes(pdf)
    last_wrote(engine, PSM_PHONE, timedelta(hours=1))
    enqueue(
        engine,
        PSM_PHONE,
        "Rekap minggu 2026-W47 terlampir.",
        kind="weekly_report",
        attachments=[["reports/rekap.pdf", "application/pdf", "rekap-2026-W47.pdf"]],
    )

    await world.deliver()

    text, document = twilio.sent_to(PSM_PHONE)
    assert text.body == "Rekap minggu 2026-W47 terlampir."
    [link] = document.media_urls
    assert link.startswith(PUBLIC_BASE_URL + "/media/") and link.endswith("/rekap-2026-W47.pdf")
    path = link.removeprefix(PUBLIC_BASE_URL)
    served = await world.http.get(path)
    assert served.status_code == 200 and served.content == pdf
    assert served.headers["content-type"] == "application/pdf"
    token = path.split("/")[2]
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert (await world.http.get(f"/media/{forged}/rekap.pdf")).status_code == 404
    expired = media_link_path(
        AUTH_TOKEN, "reports/rekap.pdf", "rekap.pdf", now=datetime.now(UTC) - timedelta(days=2)
    )
    assert (await world.http.get(expired)).status_code == 404
    escape = media_link_path(AUTH_TOKEN, "../test.sqlite3", "db", now=datetime.now(UTC))
    assert (await world.http.get(escape)).status_code == 404


async def test_a_report_outside_the_window_goes_as_a_template_and_its_files_follow_an_answer(
    world: WhatsAppWorld, twilio: FakeTwilio
) -> None:
    engine = world.services.engine
    tksk = "+6281234567003"
    add_person(engine, tksk, name="Pak Asep", role=PersonRole.TKSK, area_code="32.73.07")
    last_wrote(engine, tksk, timedelta(days=4))
    media_dir = world.services.settings.media_dir
    (media_dir / "reports").mkdir(parents=True)
    (media_dir / "reports" / "w47.pdf").write_bytes(b"%PDF-1.7 rekap")
    (media_dir / "reports" / "w47.xlsx").write_bytes(b"PK\x03\x04 rekap")
    enqueue(
        engine,
        tksk,
        "Rekap mingguan Kec. Sukajadi, 17-23 November 2026: 14 kegiatan, 3 kasus baru.",
        kind="weekly_report",
        attachments=[
            ["reports/w47.pdf", "application/pdf", "rekap-sukajadi-2026-W47.pdf"],
            ["reports/w47.xlsx", "application/vnd.ms-excel", "rekap-sukajadi-2026-W47.xlsx"],
        ],
        template_variables={"1": "Pak Asep", "2": "Kec. Sukajadi", "3": "17-23 November 2026"},
    )

    await world.deliver()
    [template] = twilio.sent_to(tksk)
    assert template.content_sid == REPORT_SID
    assert template.content_variables == {
        "1": "Pak Asep",
        "2": "Kec. Sukajadi",
        "3": "17-23 November 2026",
    }

    # Pak Asep answers the template: the window is open, the summary and files follow.
    await world.say(tksk, "Terima kasih")
    await world.deliver()

    after = twilio.sent_to(tksk)[1:]
    assert after[0].body.startswith("Rekap mingguan Kec. Sukajadi")
    files = [url.rsplit("/", 1)[-1] for m in after for url in m.media_urls]
    assert files == ["rekap-sukajadi-2026-W47.pdf", "rekap-sukajadi-2026-W47.xlsx"]
    assert all(m.content_sid is None for m in after)


async def test_sends_keep_to_the_messages_per_second_setting(
    twilio: FakeTwilio, sqlite_engine: Engine, tmp_path: Path
) -> None:
    seed_area(sqlite_engine)
    world = WhatsAppWorld(twilio, sqlite_engine, tmp_path, twilio_messages_per_second=10)
    phones = [f"+62812345671{n:02d}" for n in range(25)]
    for phone in phones:
        last_wrote(sqlite_engine, phone, timedelta(minutes=1))
        enqueue(sqlite_engine, phone, "Terima kasih.")

    started = time.monotonic()
    await world.deliver()
    elapsed = time.monotonic() - started
    await world.aclose()

    assert len(twilio.messages) == 25
    # 25 calls at 10 per second, though chats go side by side: never more than 10 in any second.
    arrivals = sorted(m.at for m in twilio.messages)
    assert max(sum(1 for u in arrivals if t <= u < t + 1.0) for t in arrivals) <= 10
    assert elapsed >= 2.0
