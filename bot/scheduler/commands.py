"""`psmbot scheduler` and `psmbot meeting create|list`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime
from typing import Annotated

import typer

meeting_app = typer.Typer(help="Routine PSM meetings.", no_args_is_help=True)


def run_scheduler() -> None:
    """Run the scheduler alone (reminders, nudges, reports); `serve` also runs one."""
    from bot.scheduler import Scheduler, SchedulerConfig
    from storage.db import make_engine
    from storage.migrate import upgrade

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    from bot.settings import Settings

    settings = Settings()
    engine = make_engine(settings.database_url)
    upgrade(engine)
    scheduler = Scheduler(engine, SchedulerConfig.from_settings(settings))
    typer.echo(f"Scheduler {scheduler.holder} started; Ctrl+C to stop.")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(scheduler.run())


@meeting_app.command("create")
def meeting_create(
    organiser: Annotated[str, typer.Option(help="Phone of the ketua PSM or TKSK organising.")],
    rule: Annotated[
        str,
        typer.Option(
            help='e.g. "setiap Selasa kedua tiap bulan jam 09.00" or "sekali 2026-12-03 09:00".'
        ),
    ],
    place: Annotated[str | None, typer.Option(help="Where the meeting is held.")] = None,
    title: Annotated[str | None, typer.Option(help="Title; a default names the area.")] = None,
) -> None:
    """Schedule a meeting or a series for the PSM of the organiser's area, and invite them."""
    from bot.settings import Settings
    from handlers.flows.meeting_setup import Refusal, plan_meeting, save_plan, schedule_text
    from handlers.i18n import t
    from storage.db import make_engine, transaction
    from storage.migrate import upgrade
    from storage.people import get_person_by_phone
    from storage.phones import InvalidPhone, normalise_phone

    settings = Settings()
    try:
        phone = normalise_phone(organiser)
    except InvalidPhone:
        typer.echo(f"Nomor telepon tidak valid: {organiser}", err=True)
        raise typer.Exit(2) from None
    engine = make_engine(settings.database_url)
    upgrade(engine)
    now = datetime.now(UTC)
    with transaction(engine) as session:
        person = get_person_by_phone(session=session, phone=phone)
        if person is None:
            typer.echo(f"Tidak ada pengguna dengan nomor {phone}.", err=True)
            raise typer.Exit(2)
        plan = plan_meeting(
            session=session,
            organiser=person,
            text=rule,
            now=now,
            default_zone=settings.default_timezone,
            place=place,
            title=title,
        )
        if isinstance(plan, Refusal):
            typer.echo(t(person.locale, plan.key, **plan.values), err=True)
            raise typer.Exit(1)
        saved = save_plan(session=session, organiser=person, plan=plan, now=now)
        locale = person.locale
        typer.echo(f"{plan.title}: {schedule_text(plan, locale)}, {plan.place or '-'}")
        reachable = len(saved.invitees) - len(saved.unreachable)
        typer.echo(t(locale, "meetings.saved", reachable=reachable, count=len(saved.invitees)))
        if saved.unreachable:
            names = ", ".join(p.name for p in saved.unreachable)
            typer.echo(t(locale, "meetings.unreachable", names=names))


@meeting_app.command("list")
def meeting_list(
    area: Annotated[str | None, typer.Option(help="Area code; all areas when left out.")] = None,
) -> None:
    """The scheduled meetings still to come, in each area's local time."""
    from bot.settings import Settings
    from handlers.flows.meeting_text import meeting_values
    from handlers.i18n import t
    from storage.db import make_engine, transaction
    from storage.meetings import upcoming_meetings
    from storage.migrate import upgrade
    from storage.regions import timezone_of

    settings = Settings()
    engine = make_engine(settings.database_url)
    upgrade(engine)
    with transaction(engine) as session:
        meetings = upcoming_meetings(
            session=session, now=datetime.now(UTC), area_code=area, limit=200
        )
        if not meetings:
            typer.echo(t("id", "meetings.none_upcoming"))
            return
        for meeting in meetings:
            zone = timezone_of(
                session=session, code=meeting.area_code, default=settings.default_timezone
            )
            values = meeting_values(meeting, zone, "id")
            typer.echo(
                f"{meeting.id}\t{meeting.area_code}\t{values['when']}\t{meeting.title}\t{values['place']}"
            )
