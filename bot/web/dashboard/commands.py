"""`psmbot dashboard link --as PHONE`: a one-time sign-in link, for admins and tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

dashboard_app = typer.Typer(help="The coordinators' web dashboard (/dasbor).", no_args_is_help=True)


@dashboard_app.command("link")
def link(
    phone: Annotated[str, typer.Option("--as", help="Phone number of the coordinator.")],
) -> None:
    """Print a sign-in link (10 minutes, once) for a coordinator, as the chat sends it."""
    from bot.actors import cli_actor
    from bot.settings import Settings
    from storage.audit import audit
    from storage.dashboard_access import create_link, may_use_dashboard, sign_in_url
    from storage.db import make_engine, transaction
    from storage.migrate import upgrade
    from storage.people import get_person_by_phone
    from storage.phones import InvalidPhone, normalise_phone

    try:
        number = normalise_phone(phone)
    except InvalidPhone:
        typer.echo(f"Nomor telepon tidak valid: {phone}", err=True)
        raise typer.Exit(2) from None
    settings = Settings()
    engine = make_engine(settings.database_url)
    upgrade(engine)
    with transaction(engine) as session:
        person = get_person_by_phone(session=session, phone=number)
        if person is None:
            typer.echo(f"Tidak ada orang dengan nomor {number}.", err=True)
            raise typer.Exit(2)
        if not may_use_dashboard(person):
            typer.echo(
                "Dasbor hanya untuk ketua PSM, TKSK, Dinas Sosial dan admin yang aktif.", err=True
            )
            raise typer.Exit(2)
        token = create_link(session=session, person=person, now=datetime.now(UTC))
        audit(
            session=session,
            action="dashboard.link",
            actor_label=cli_actor(),
            subject_type="person",
            subject_id=person.id,
        )
    typer.echo(sign_in_url(settings.public_base_url, token))
