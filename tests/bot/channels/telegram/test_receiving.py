"""Receiving from Telegram (by polling the fake): what each kind of update becomes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import Engine

from handlers.messages import Location, Option
from tests.factories import add_person, seed_area
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_service import (
    deliver_all,
    enqueue,
    inbound_count,
    link_telegram,
    record_inbounds,
    telegram_services,
)
from tests.fakes.telegram_users import TelegramUser

SITI_ID = 1001
PHONE = "+6281234567001"
MB = 1024 * 1024


@pytest.fixture
def engine(sqlite_engine: Engine) -> Engine:
    """These tests are about Telegram's updates; repeats on both databases are in test_modes."""
    return sqlite_engine


@pytest.fixture
def siti(engine: Engine, fake_telegram: FakeTelegram) -> TelegramUser:
    """A PSM of Kel. Pasteur whose Telegram account is already linked."""
    seed_area(engine)
    link_telegram(engine, add_person(engine, PHONE, "Siti Aminah"), SITI_ID)
    return TelegramUser(fake_telegram, SITI_ID, "Siti", "Aminah")


async def test_the_same_update_delivered_twice_is_handled_once(
    engine: Engine,
    tmp_path: Path,
    fake_telegram: FakeTelegram,
    siti: TelegramUser,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    services = telegram_services(engine, tmp_path, fake_telegram)
    seen = record_inbounds(services, monkeypatch)
    photo = siti.sends_photo("Kunjungan rumah lansia di RT 02 RW 03 hari ini")
    async with services.running():
        fake_telegram.push_update(photo)
        await fake_telegram.wait_for(lambda: fake_telegram.texts_to(SITI_ID))
        answered = fake_telegram.texts_to(SITI_ID)
        # Telegram delivers it again (e.g. the bot restarted before confirming it), then more.
        fake_telegram.push_update(photo)
        fake_telegram.push_update(siti.says("/bantuan"))
        await fake_telegram.wait_for(
            lambda: any(t.startswith("Cara melapor") for t in fake_telegram.texts_to(SITI_ID))
        )
        await deliver_all(services)

    texts = fake_telegram.texts_to(SITI_ID)
    assert texts[: len(answered)] == answered
    # The repeat was answered by nothing: the next reply is /bantuan's.
    assert texts[len(answered)].startswith("Cara melapor")
    assert [i.text for i in seen] == [photo["message"]["caption"], "/bantuan"]
    assert inbound_count(engine) == 2
    assert len(fake_telegram.downloads) == 1  # the repeat did not fetch the photo again


async def test_a_photo_is_saved_from_its_largest_size_with_its_checksum(
    engine: Engine,
    tmp_path: Path,
    fake_telegram: FakeTelegram,
    siti: TelegramUser,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    services = telegram_services(engine, tmp_path, fake_telegram)
    seen = record_inbounds(services, monkeypatch)
    content = b"\xff\xd8\xff\xe0 a photo of the BPNT distribution" * 100
    update = siti.sends_photo("Penyaluran BPNT di balai RW 05, 32 KPM", content=content)
    async with services.running():
        fake_telegram.push_update(update)
        [inbound] = await fake_telegram.wait_for(lambda: seen)

    [media] = inbound.media
    assert media.sha256 == hashlib.sha256(content).hexdigest()
    assert media.content_type == "image/jpeg" and media.size_bytes == len(content)
    assert (services.settings.media_dir / media.path).read_bytes() == content
    largest = update["message"]["photo"][-1]["file_id"]
    assert fake_telegram.downloads == [fake_telegram.files[largest][2]]
    assert inbound.urn == f"telegram:{SITI_ID}" and inbound.address == str(SITI_ID)
    assert inbound.display_name == "Siti Aminah" and inbound.text.startswith("Penyaluran")


async def test_a_photo_over_20_mb_is_refused_politely_without_downloading_it(
    engine: Engine,
    tmp_path: Path,
    fake_telegram: FakeTelegram,
    siti: TelegramUser,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    services = telegram_services(engine, tmp_path, fake_telegram)
    seen = record_inbounds(services, monkeypatch)
    async with services.running():
        fake_telegram.push_update(siti.sends_photo("Foto kegiatan", size=25 * MB))
        [reply] = await fake_telegram.wait_for(lambda: fake_telegram.texts_to(SITI_ID))

    assert seen[0].rejected == "too_large" and seen[0].media == ()
    assert reply.startswith("Mohon maaf, berkasnya terlalu besar (maksimal 20 MB)")
    assert fake_telegram.downloads == []
    assert all(method != "getFile" for method, _status in fake_telegram.calls)


async def test_a_pdf_is_taken_and_other_files_are_refused_politely(
    engine: Engine,
    tmp_path: Path,
    fake_telegram: FakeTelegram,
    siti: TelegramUser,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    services = telegram_services(engine, tmp_path, fake_telegram)
    seen = record_inbounds(services, monkeypatch)
    async with services.running():
        for update in (
            siti.sends_document("surat-rujukan.pdf", "application/pdf", b"%PDF-1.7 rujukan"),
            siti.sends_document("catatan.docx", "application/msword"),
            siti.sends_voice(),
        ):
            fake_telegram.push_update(update)
        await fake_telegram.wait_for(lambda: len(fake_telegram.texts_to(SITI_ID)) >= 3)

    pdf, word, voice = seen
    assert pdf.media[0].content_type == "application/pdf" and pdf.rejected is None
    assert (word.rejected, voice.rejected) == ("file_type", "file_type")
    assert len(fake_telegram.downloads) == 1
    refusals = [t for t in fake_telegram.texts_to(SITI_ID) if "jenis berkas" in t]
    assert len(refusals) == 2


async def test_location_contact_and_album_become_fields_of_the_inbound(
    engine: Engine,
    tmp_path: Path,
    fake_telegram: FakeTelegram,
    siti: TelegramUser,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    services = telegram_services(engine, tmp_path, fake_telegram)
    seen = record_inbounds(services, monkeypatch)
    album = siti.sends_album(3, "Pendampingan penyaluran PKH di RW 07 hari ini, 25 KPM")
    updates = [
        siti.sends_location(-6.8915, 107.5862),
        siti.shares_contact("6281234567001"),
        siti.shares_contact("081299998888", own=False),
        *album,
    ]
    async with services.running():
        for update in updates:
            fake_telegram.push_update(update)
        await fake_telegram.wait_for(lambda: len(seen) == len(updates))

    location, own, other, *photos = seen
    assert location.location == Location(-6.8915, 107.5862)
    assert (own.contact_phone, own.contact_is_own) == ("+6281234567001", True)
    assert (other.contact_phone, other.contact_is_own) == ("+6281299998888", False)
    group_ids = {p.group_id for p in photos}
    assert len(group_ids) == 1 and None not in group_ids
    assert [bool(p.text) for p in photos] == [True, False, False]
    assert len({p.media[0].sha256 for p in photos}) == 3


async def test_an_edited_message_gets_one_polite_notice_and_changes_nothing(
    engine: Engine,
    tmp_path: Path,
    fake_telegram: FakeTelegram,
    siti: TelegramUser,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    services = telegram_services(engine, tmp_path, fake_telegram)
    seen = record_inbounds(services, monkeypatch)
    location = siti.sends_location(-6.89, 107.58)
    async with services.running():
        fake_telegram.push_update(siti.edits(siti.says("kmrn verval DTKS di RW 02"), "typo"))
        fake_telegram.push_update(siti.edits(location, ""))  # a live location moving: silence
        fake_telegram.push_update(siti.says("/bantuan"))
        await fake_telegram.wait_for(lambda: len(fake_telegram.texts_to(SITI_ID)) >= 2)

    notice, help_text = fake_telegram.texts_to(SITI_ID)
    assert notice.startswith("Mohon maaf, pesan yang diubah tidak saya proses.")
    assert help_text.startswith("Cara melapor")
    assert [(i.rejected, i.text) for i in seen] == [("edited", ""), (None, "/bantuan")]


async def test_a_pressed_button_is_answered_resolved_to_its_key_and_marked(
    engine: Engine,
    tmp_path: Path,
    fake_telegram: FakeTelegram,
    siti: TelegramUser,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    services = telegram_services(engine, tmp_path, fake_telegram)
    seen = record_inbounds(services, monkeypatch)
    long_key = "pilih:" + "k" * 80
    enqueue(engine, SITI_ID, "Pilih satu:", options=[Option("a", "Satu"), Option(long_key, "Dua")])
    async with services.running():
        await deliver_all(services)
        [question] = fake_telegram.sent_to(SITI_ID)
        press = siti.presses(question, "Dua")
        fake_telegram.push_update(press)
        fake_telegram.push_update(press)  # delivered twice
        await fake_telegram.wait_for(lambda: len(fake_telegram.answered) == 2)
        await fake_telegram.wait_for(lambda: fake_telegram.sent_to(SITI_ID, "editMessageText"))

    assert [i.choice for i in seen] == [long_key]
    assert fake_telegram.answered == [press["callback_query"]["id"]] * 2
    [edited] = fake_telegram.sent_to(SITI_ID, "editMessageText")
    assert edited.message_id == question.message_id
    assert edited.text == "Pilih satu:\n\n» Dua" and edited.buttons() == []


GROUP = -100555


async def test_in_a_group_only_commands_for_this_bot_are_answered_without_personal_data(
    engine: Engine,
    tmp_path: Path,
    fake_telegram: FakeTelegram,
    siti: TelegramUser,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    services = telegram_services(engine, tmp_path, fake_telegram)
    seen = record_inbounds(services, monkeypatch)
    in_group = siti.in_group(GROUP)
    stranger = TelegramUser(fake_telegram, 2002, "Budi").in_group(GROUP)
    async with services.running():
        for update in (
            in_group.says("Assalamualaikum, rapat PSM besok jam 9 ya"),
            in_group.says("/kasus@another_bot"),
            stranger.says("/kasus"),
            in_group.says("/kasus@psm_test_bot"),
        ):
            fake_telegram.push_update(update)
        await fake_telegram.wait_for(lambda: fake_telegram.texts_to(GROUP))
        await deliver_all(services)

    assert [(i.text, i.is_group_chat, i.address) for i in seen] == [
        ("/kasus", True, str(GROUP)),
        ("/kasus@psm_test_bot", True, str(GROUP)),
    ]
    [answer] = fake_telegram.texts_to(GROUP)
    assert answer.startswith("Untuk menjaga kerahasiaan data warga")
    assert "Siti" not in answer and "Pasteur" not in answer
    assert fake_telegram.texts_to(SITI_ID) == []
