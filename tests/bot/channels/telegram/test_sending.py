"""Sending through Telegram: keyboards, long texts, files, limits, and failures of the API."""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.channels.telegram.buttons import resolve_callback
from bot.channels.telegram.limits import TelegramLimits
from handlers.messages import Attachment, Option
from storage.models.messaging import OutboxStatus
from tests.fakes.telegram_api import FakeLimits, FakeTelegram
from tests.fakes.telegram_service import (
    channel_of,
    deliver_all,
    enqueue,
    scaled,
    telegram_services,
)

CHAT = 7001


@pytest.fixture
def engine(sqlite_engine: Engine) -> Engine:
    """These tests are about Telegram, not the database: SQLite is enough."""
    return sqlite_engine


LONG_KEY = "followup:case:123456:visit:" + "x" * 60  # more than Telegram's 64 bytes


async def test_options_arrive_as_buttons_and_a_long_key_is_found_again(
    engine: Engine, tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    services = telegram_services(engine, tmp_path, fake_telegram)
    options = [Option("draft:save", "💾 Simpan"), Option(LONG_KEY, "📅 Kunjungan lanjutan")]
    enqueue(engine, CHAT, "Simpan laporan ini?", options=options)
    async with services.running():
        rows = await deliver_all(services)

    [sent] = fake_telegram.sent_to(CHAT)
    assert sent.text == "Simpan laporan ini?"
    (save_label, save_data), (later_label, later_data) = sent.buttons()
    assert (save_label, save_data) == ("💾 Simpan", "draft:save")
    assert later_label == "📅 Kunjungan lanjutan" and len(later_data.encode()) <= 64
    with Session(engine) as session:
        assert resolve_callback(session=session, chat_id=str(CHAT), data=later_data) == LONG_KEY
    assert rows[0].status == OutboxStatus.SENT and rows[0].external_id == str(sent.message_id)


async def test_the_contact_question_shows_telegrams_own_contact_button(
    engine: Engine, tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    services = telegram_services(engine, tmp_path, fake_telegram)
    enqueue(engine, CHAT, "Bagikan nomor?", options=[Option("share_contact", "📱 Bagikan nomor")])
    async with services.running():
        await deliver_all(services)

    [sent] = fake_telegram.sent_to(CHAT)
    assert sent.keyboard() == [{"text": "📱 Bagikan nomor", "request_contact": True}]
    assert sent.reply_markup is not None and sent.reply_markup["one_time_keyboard"] is True
    assert sent.buttons() == []


async def test_a_long_text_arrives_in_parts_a_second_apart_with_the_buttons_on_the_last(
    engine: Engine, tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    services = telegram_services(engine, tmp_path, fake_telegram)
    lines = [
        f"{n:03d}. Kunjungan rumah lansia RT 0{n % 9 + 1} 👨‍👩‍👧‍👦 selesai" for n in range(200)
    ]
    text = "\n".join(lines)
    assert len(text) > 2 * 4096
    enqueue(engine, CHAT, text, options=[Option("ok", "Oke")])
    async with services.running():
        await deliver_all(services)

    parts = fake_telegram.sent_to(CHAT)
    assert len(parts) == 3
    assert all(len(p.text.encode("utf-16-le")) // 2 <= 4096 for p in parts if p.text)
    # Cut at line breaks only: no line is torn and nothing is lost.
    assert "\n".join(p.text or "" for p in parts) == text
    assert [bool(p.buttons()) for p in parts] == [False, False, True]
    gaps = [b.at - a.at for a, b in itertools.pairwise(parts)]
    assert min(gaps) >= 0.95, gaps
    assert fake_telegram.flood_refusals == 0


async def test_a_family_emoji_across_the_4096_mark_goes_whole_into_the_next_part(
    engine: Engine, tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    services = telegram_services(engine, tmp_path, fake_telegram)
    family = "👨‍👩‍👧‍👦"  # four people and three zero-width joiners: 11 UTF-16 units
    # No space or line break to cut at; the emoji starts 6 units before the limit.
    text = "a" * 4090 + family + "b" * 100
    enqueue(engine, CHAT, text)
    async with services.running():
        await deliver_all(services)

    assert [p.text for p in fake_telegram.sent_to(CHAT)] == ["a" * 4090, family + "b" * 100]


async def test_report_files_go_as_a_photo_and_documents(
    engine: Engine, tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    services = telegram_services(engine, tmp_path, fake_telegram)
    media = services.settings.media_dir
    (media / "reports").mkdir(parents=True)
    files = {
        "reports/chart.png": (b"\x89PNG chart", "image/png", "grafik.png"),
        "reports/week.pdf": (b"%PDF week", "application/pdf", "rekap-2026-W47.pdf"),
        "reports/week.xlsx": (
            b"PK xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "rekap-2026-W47.xlsx",
        ),
    }
    for path, (content, _type, _name) in files.items():
        (media / path).write_bytes(content)
    attachments = [Attachment(path, kind, name) for path, (_c, kind, name) in files.items()]
    enqueue(engine, CHAT, "Rekap mingguan Kec. Sukajadi", attachments=attachments)
    async with services.running():
        await deliver_all(services, timeout=20)

    sent = fake_telegram.sent_to(CHAT)
    assert [(s.method, s.file_name) for s in sent] == [
        ("sendMessage", None),
        ("sendPhoto", "grafik.png"),
        ("sendDocument", "rekap-2026-W47.pdf"),
        ("sendDocument", "rekap-2026-W47.xlsx"),
    ]
    assert [s.file_bytes for s in sent[1:]] == [content for content, _t, _n in files.values()]


async def test_a_retry_after_a_429_does_not_send_the_first_part_again(
    engine: Engine, tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    services = telegram_services(engine, tmp_path, fake_telegram)
    text = "\n".join(["A" * 3000, "B" * 3000, "C" * 3000])
    enqueue(engine, CHAT, text)
    fake_telegram.fail_next(1, "429", retry_after=1, skip=1)  # the second part is refused

    async with services.running():
        [row] = await deliver_all(services)

    assert fake_telegram.texts_to(CHAT) == ["A" * 3000, "B" * 3000, "C" * 3000]
    assert row.status == OutboxStatus.SENT and row.attempts == 2


async def test_a_user_who_blocked_the_bot_is_undeliverable_and_not_tried_again(
    engine: Engine, tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    services = telegram_services(engine, tmp_path, fake_telegram)
    fake_telegram.blocked.add(CHAT)
    enqueue(engine, CHAT, "Pengingat rapat PSM besok")
    enqueue(engine, 7002, "Pengingat rapat PSM besok")

    async with services.running():
        blocked, other = await deliver_all(services)
        await services.sender.drain()

    assert blocked.status == OutboxStatus.UNDELIVERABLE and blocked.attempts == 1
    assert "blocked" in (blocked.last_error or "")
    assert other.status == OutboxStatus.SENT
    assert fake_telegram.calls.count(("sendMessage", 403)) == 1


async def test_an_unknown_chat_fails_without_retrying(
    engine: Engine, tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    services = telegram_services(engine, tmp_path, fake_telegram)
    fake_telegram.missing_chats.add(CHAT)
    enqueue(engine, CHAT, "Halo")

    async with services.running():
        [row] = await deliver_all(services)

    assert row.status == OutboxStatus.FAILED and row.attempts == 1
    assert "chat not found" in (row.last_error or "").lower()


GROUP = -100123
BUSY = TelegramLimits(per_group=5, per_group_seconds=0.5, overall=8, overall_seconds=0.25)
SCALED_FAKE_LIMITS = FakeLimits(per_group=5, per_group_seconds=0.5, overall=8, overall_seconds=0.25)


async def test_a_busy_group_and_many_chats_stay_within_the_limits(
    engine: Engine, tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    # Telegram's limits scaled down (5 per half second in a group, 8 per quarter second
    # overall), so the test shows the windows being kept without waiting a minute.
    fake_telegram.reset(SCALED_FAKE_LIMITS)
    services = telegram_services(engine, tmp_path, fake_telegram, options=scaled(BUSY))
    for n in range(12):
        enqueue(engine, GROUP, f"Rekap kelompok {n}")
    for chat in range(7200, 7215):
        enqueue(engine, chat, f"Pengingat untuk {chat}")

    started = time.monotonic()
    async with services.running():
        rows = await deliver_all(services, timeout=20)
    took = time.monotonic() - started

    assert {r.status for r in rows} == {OutboxStatus.SENT}
    assert fake_telegram.flood_refusals == 0
    assert fake_telegram.texts_to(GROUP) == [f"Rekap kelompok {n}" for n in range(12)]
    assert took >= 1.0  # 12 group messages at 5 per window need two full windows


async def test_without_the_limiter_the_fake_refuses_a_burst(
    engine: Engine, tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    # The check above can fail: the same burst with limits off is met with 429s. The fake's
    # group window is long here, so that even a loaded machine's slow sends fall in it.
    fake_telegram.reset(replace(SCALED_FAKE_LIMITS, per_group=3, per_group_seconds=10.0))
    unlimited = TelegramLimits(overall=10_000, per_chat=10_000, per_group=10_000)
    services = telegram_services(engine, tmp_path, fake_telegram, options=scaled(unlimited))
    for n in range(12):
        enqueue(engine, GROUP, f"Rekap kelompok {n}")

    async with services.running():
        deadline = time.monotonic() + 120  # a hang guard only
        while fake_telegram.flood_refusals == 0 and time.monotonic() < deadline:
            await asyncio.sleep(0.1)

    assert fake_telegram.flood_refusals > 0
    assert channel_of(services).options.limits == unlimited
