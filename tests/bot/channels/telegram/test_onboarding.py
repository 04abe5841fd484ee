"""A PSM on Telegram from the first /start to a saved report, through the fake Bot API."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from storage.models.activities import Activity
from storage.models.media import Media
from storage.models.people import Identity
from tests.factories import add_person, seed_area
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_objects import Sent
from tests.fakes.telegram_service import link_telegram, telegram_services
from tests.fakes.telegram_users import TelegramUser

SITI_ID = 1001
PHONE = "+6281234567001"
CAPTION = "Lapor, hari ini dampingi penyaluran BPNT di balai RW 05 Kel. Pasteur, 32 KPM hadir"
MB = 1024 * 1024


def with_button(fake: FakeTelegram, chat: int, data: str) -> Sent | None:
    """The latest message to the chat offering a button with this callback data."""
    offering = [s for s in fake.sent_to(chat) if data in dict(s.buttons()).values()]
    return offering[-1] if offering else None


def label_of(sent: Sent, data: str) -> str:
    """The label of the button with this callback data."""
    return next(label for label, d in sent.buttons() if d == data)


async def test_a_psm_onboards_by_sharing_their_contact_and_reports_an_album_of_three_photos(
    engine: Engine, tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    seed_area(engine)
    add_person(engine, PHONE, "Siti Aminah")
    siti = TelegramUser(fake_telegram, SITI_ID, "Siti")
    services = telegram_services(engine, tmp_path, fake_telegram)
    async with services.running():
        # An unknown Telegram account says /start: the bot asks for the phone number with
        # Telegram's contact button.
        fake_telegram.push_update(siti.says("/start"))
        [ask] = await fake_telegram.wait_for(lambda: fake_telegram.sent_to(SITI_ID))
        [button] = ask.keyboard()
        assert button["request_contact"] is True

        # Pressing it shares her own contact; she is on the roster, so she is greeted by name.
        fake_telegram.push_update(siti.shares_contact(PHONE.removeprefix("+")))
        await fake_telegram.wait_for(
            lambda: any("Siti Aminah" in t for t in fake_telegram.texts_to(SITI_ID))
        )

        # She reports as she always does: three photos at once, the words on the first.
        for update in siti.sends_album(3, CAPTION):
            fake_telegram.push_update(update)
        summary = await fake_telegram.wait_for(
            lambda: with_button(fake_telegram, SITI_ID, "draft:save"), timeout=15
        )
        fake_telegram.push_update(siti.presses(summary, label_of(summary, "draft:save")))
        await fake_telegram.wait_for(lambda: fake_telegram.sent_to(SITI_ID, "editMessageText"))
        await fake_telegram.wait_for(lambda: _activities(engine), timeout=10)

    with Session(engine) as session:
        identity = session.exec(select(Identity).where(Identity.urn == f"telegram:{SITI_ID}")).one()
        assert identity.person_id is not None
        [activity] = session.exec(select(Activity)).all()
        photos = session.exec(select(Media).where(Media.activity_id == activity.id)).all()
    assert activity.reporter_id == identity.person_id
    assert activity.activity_type == "bansos" and activity.people_reached == 32
    assert len(photos) == 3 and len({p.sha256 for p in photos}) == 3
    assert all((services.settings.media_dir / p.path).exists() for p in photos)
    assert fake_telegram.flood_refusals == 0


async def test_a_25_mb_photo_is_refused_politely_and_the_draft_is_kept(
    engine: Engine, tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    seed_area(engine)
    link_telegram(engine, add_person(engine, PHONE, "Siti Aminah"), SITI_ID)
    siti = TelegramUser(fake_telegram, SITI_ID, "Siti")
    services = telegram_services(engine, tmp_path, fake_telegram)
    async with services.running():
        fake_telegram.push_update(siti.sends_photo(CAPTION))
        summary = await fake_telegram.wait_for(
            lambda: with_button(fake_telegram, SITI_ID, "draft:save"), timeout=15
        )
        seen = len(fake_telegram.texts_to(SITI_ID))
        fake_telegram.push_update(siti.sends_photo(size=25 * MB))
        await fake_telegram.wait_for(lambda: len(fake_telegram.texts_to(SITI_ID)) > seen)
        refusal = fake_telegram.texts_to(SITI_ID)[seen]
        # The question still stands: saving now stores the report with the first photo.
        fake_telegram.push_update(siti.presses(summary, label_of(summary, "draft:save")))
        await fake_telegram.wait_for(lambda: _activities(engine), timeout=10)

    assert refusal.startswith("Mohon maaf, berkasnya terlalu besar (maksimal 20 MB)")
    assert len(fake_telegram.downloads) == 1  # the first photo; the large one never fetched
    with Session(engine) as session:
        [activity] = session.exec(select(Activity)).all()
        photos = session.exec(select(Media).where(Media.activity_id == activity.id)).all()
    assert len(photos) == 1


def _activities(engine: Engine) -> list[Activity]:
    with Session(engine) as session:
        return list(session.exec(select(Activity)).all())
