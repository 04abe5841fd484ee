"""The `psmbot` command."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli_channels import channels_app
from bot.cli_regions import regions_app, roster_app, upgrade_and_load
from bot.privacy_commands import privacy_app, retention_app
from bot.scheduler.commands import meeting_app, run_scheduler
from bot.web.dashboard.commands import dashboard_app
from reports.commands import export_app, report_app

if TYPE_CHECKING:
    from bot.app import Services
    from bot.settings import Settings

# Every command imports what it uses when it runs: `psmbot --help` loads typer and the command
# modules only, never the database layer, the platforms' clients or the document renderers.

app = typer.Typer(
    help="psmbot: chat reporting for community social workers (PSM).",
    no_args_is_help=True,
    add_completion=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
demo_app = typer.Typer(help="Demo data.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(demo_app, name="demo")
app.add_typer(roster_app, name="roster")
app.add_typer(regions_app, name="regions")
app.add_typer(channels_app, name="channels")
app.add_typer(report_app, name="report")
app.add_typer(export_app, name="export")
app.add_typer(meeting_app, name="meeting")
app.add_typer(privacy_app, name="privacy")
app.add_typer(retention_app, name="retention")
app.add_typer(dashboard_app, name="dashboard")
app.command("scheduler")(run_scheduler)


# Commands that run a service log at INFO; the others only say what goes wrong.
SERVICE_COMMANDS = {"serve", "scheduler"}


@app.callback()
def _secure(
    ctx: typer.Context,
    actor: Annotated[
        str | None, typer.Option("--actor", help="Who runs the command, for the audit log.")
    ] = None,
) -> None:
    """Before any command: logging through the redacting filter, and the encryption keyring."""
    from bot.actors import declare
    from bot.security import configure_security

    declare(actor)
    _logging(quiet=ctx.invoked_subcommand not in SERVICE_COMMANDS)
    configure_security(_settings())


def _settings() -> Settings:
    from bot.settings import Settings

    return Settings()


def _logging(verbose: bool = False, *, quiet: bool = False) -> None:
    from bot.security import install_log_filter

    logging.basicConfig(
        level=logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # Secrets, media tokens and personal data never reach a log line.
    install_log_filter()
    # httpx logs every request URL, and Telegram's URLs contain the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Run the service: web endpoints, simulator, outbox sender, scheduler."""
    import uvicorn

    from bot.app import build_services
    from bot.web.app import create_web_app
    from storage.db import make_engine

    settings = _with_served_address(_settings(), host, port)
    engine = make_engine(settings.database_url)
    _upgrade(engine)  # first: the channel rows are read from the database
    services = build_services(settings, engine=engine)
    _announce(settings, host, port)
    _announce_rows(services)
    # log_config=None: uvicorn's loggers (the access log too) go through our redacting handler.
    uvicorn.run(create_web_app(services), host=host, port=port, log_level="info", log_config=None)


def _with_served_address(settings: Settings, host: str, port: int) -> Settings:
    """Without a configured PUBLIC_BASE_URL, links the bot sends (the dashboard's sign-in)
    point at the address this process serves, e.g. `make run PORT=8123`."""
    if "public_base_url" in settings.model_fields_set:
        return settings
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    return settings.model_copy(update={"public_base_url": f"http://{shown}:{port}"})


def _announce(settings: Settings, host: str, port: int) -> None:
    """Say loudly how this process runs: environment, database, channels, simulator."""
    from sqlalchemy.engine import make_url

    from storage.db import normalise_url

    log = logging.getLogger("psmbot")
    backend = make_url(normalise_url(settings.database_url)).get_backend_name()
    telegram = f"on ({settings.telegram_mode})" if settings.telegram_enabled else "off"
    log.info(
        "ENVIRONMENT=%s, database %s, Telegram %s, WhatsApp %s, SMS %s, public URL %s",
        settings.environment,
        backend,
        telegram,
        "on" if settings.whatsapp_enabled else "off",
        "on" if settings.sms_enabled else "off",
        settings.public_base_url,
    )
    if not settings.simulator_enabled:
        log.info("Simulator OFF")
        return
    token = "?token=<SIMULATOR_TOKEN>" if settings.simulator_token else ""
    log.warning(
        "SIMULATOR ON at http://%s:%s/simulator%s: it lists the roster and lets anyone who can "
        "reach it write as any phone number%s",
        host,
        port,
        token,
        "" if token else ". Set SIMULATOR_ENABLED=false for a real deployment",
    )
    typer.echo(f"Simulator: http://{host}:{port}/simulator{token}")


def _announce_rows(services: Services) -> None:
    """Name the channel rows this process runs and those it does not."""
    log = logging.getLogger("psmbot")
    running = [key for key, adapter in services.adapters.items() if key != adapter.code]
    if running:
        log.info("channel rows running: %s", ", ".join(running))
    if services.turned_off:
        log.info("channel rows turned off: %s", ", ".join(services.turned_off))
    if services.unstarted:
        log.error(
            "channel rows not started (see `psmbot doctor`): %s", ", ".join(services.unstarted)
        )


@app.command()
def chat(
    as_: Annotated[str, typer.Option("--as", help="The phone number to chat as.")],
    name: Annotated[str | None, typer.Option(help="Display name.")] = None,
) -> None:
    """Chat with the bot in the terminal; options are numbered, answer with number or label."""
    from bot.app import build_services
    from bot.terminal_chat import run_terminal_chat
    from storage.phones import InvalidPhone, normalise_phone

    try:
        phone = normalise_phone(as_)
    except InvalidPhone:
        typer.echo(f"Nomor telepon tidak valid: {as_}", err=True)
        raise typer.Exit(2) from None
    # The terminal is its own channel: no platform polling, no scheduler beside a running serve.
    settings = _settings().model_copy(
        update={"telegram_bot_token": None, "twilio_account_sid": None, "scheduler_enabled": False}
    )
    services = build_services(settings, channel_rows=False)
    _upgrade(services.engine)
    asyncio.run(run_terminal_chat(services, phone, sys.stdin, sys.stdout, display_name=name))


@app.command()
def parse(
    text: Annotated[str, typer.Argument(help="The message text.")],
    now: Annotated[str | None, typer.Option(help="Message time, ISO 8601.")] = None,
) -> None:
    """Print the parser's JSON for one message."""
    from zoneinfo import ZoneInfo

    from handlers.parsing import parse_message

    settings = _settings()
    if now is None:
        moment = datetime.now(ZoneInfo(settings.default_timezone))
    else:
        try:
            moment = datetime.fromisoformat(now)
        except ValueError:
            typer.echo(f"--now is not ISO 8601: {now}", err=True)
            raise typer.Exit(2) from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=ZoneInfo(settings.default_timezone))
    typer.echo(json.dumps(parse_message(text, moment).to_json_dict(), ensure_ascii=False))


@app.command()
def doctor() -> None:
    """Check the configuration end to end: database, regions, platforms, URL, PDF, media."""
    from bot.doctor import run_checks, table
    from storage.db import make_engine

    settings = _settings()
    engine = make_engine(settings.database_url)
    results = run_checks(settings, engine)
    engine.dispose()
    typer.echo(table(results))
    if any(r.status == "FAIL" for r in results):
        raise typer.Exit(1)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Run the migrations to the newest schema."""
    from storage.db import make_engine, transaction
    from storage.region_sync import count_by_level

    engine = make_engine(_settings().database_url)
    added = _upgrade(engine)
    with transaction(engine) as session:
        levels = count_by_level(session=session)
    typer.echo(
        f"Database is up to date. Regions: {added:,} loaded now; "
        f"{levels.get('province', 0)} provinsi, {levels.get('regency', 0)} kabupaten/kota, "
        f"{levels.get('district', 0):,} kecamatan, {levels.get('village', 0):,} desa/kelurahan."
    )


def _upgrade(engine: object) -> int:
    """Migrations, then the official region list when the table has none of it."""
    from sqlalchemy import Engine

    assert isinstance(engine, Engine)
    return upgrade_and_load(engine)


@demo_app.command("seed")
def demo_seed(
    if_empty: Annotated[bool, typer.Option(help="Only when no one is registered yet.")] = False,
) -> None:
    """Create the demo area (Kota Bandung, Kec. Sukajadi) with PSM and recent work."""
    from bot.demo import is_empty, seed_demo
    from storage.db import make_engine

    engine = make_engine(_settings().database_url)
    _upgrade(engine)
    if if_empty and not is_empty(engine):
        typer.echo("Database already has people; demo not seeded.")
        return
    counts = seed_demo(engine)
    typer.echo(
        f"Demo seeded: {counts['people']} people, {counts['activities']} activities, "
        f"{counts['cases']} cases.\nTry PSM Kel. Pasteur: 081200000030, TKSK Sukajadi: 081200000003"
    )


def main() -> None:
    """Entry point of the `psmbot` command."""
    app()


if __name__ == "__main__":
    main()
