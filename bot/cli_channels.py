"""`psmbot channels add|list|disable|enable`: the bots and senders beyond the environment's."""

from __future__ import annotations

from typing import Annotated

import typer

channels_app = typer.Typer(
    help="Channel rows: several Telegram bots, WhatsApp or SMS numbers in one deployment.",
    no_args_is_help=True,
)


@channels_app.command("add")
def channels_add(
    key: Annotated[str, typer.Argument(help="Its key, e.g. wa-sulsel (outbox, webhook paths).")],
    kind: Annotated[str, typer.Option("--type", help="telegram, whatsapp or sms.")],
    env_prefix: Annotated[
        str, typer.Option(help="Its credentials are <PREFIX>_TELEGRAM_BOT_TOKEN and the like.")
    ],
    name: Annotated[str | None, typer.Option(help="What people call it.")] = None,
    area: Annotated[str | None, typer.Option(help="Region code it serves, e.g. 73.")] = None,
    rate: Annotated[
        float | None, typer.Option(help="Messages per second it may send (Twilio).")
    ] = None,
) -> None:
    """Add a channel row; it runs from the next start of `psmbot serve`."""
    from bot.channel_rows import env_name
    from bot.channels.registry import CHANNEL_TYPES, channel_type
    from bot.cli_regions import migrated_engine
    from storage.channels import ChannelRowError, add_channel
    from storage.db import transaction
    from storage.regions import get_region
    from storage.types import utcnow

    engine = migrated_engine()
    known = {t.code for t in CHANNEL_TYPES if t.settings_fields}
    declared = channel_type(kind)
    try:
        if rate is not None and declared is not None and declared.rate_field is None:
            raise ChannelRowError(f"{declared.name} keeps its own limits: no --rate")
        with transaction(engine) as session:
            if area and get_region(session=session, code=area) is None:
                raise ChannelRowError(f"no region with code {area!r}")
            row = add_channel(
                session=session,
                key=key,
                type=kind,
                name=name or key,
                env_prefix=env_prefix,
                known_types=known,
                area_code=area,
                messages_per_second=rate,
                now=utcnow(),
            )
            prefix = row.env_prefix
    except ChannelRowError as exc:
        typer.echo(f"Channel not added: {exc}", err=True)
        raise typer.Exit(2) from None
    assert declared is not None
    typer.echo(f"Channel {key} ({kind}) added. Set in the environment before the next start:")
    for field in declared.own_fields:
        typer.echo(f"  {env_name(prefix, field)}  (required)")
    for field in declared.settings_fields:
        if field not in declared.own_fields:
            typer.echo(f"  {env_name(prefix, field)}  (optional; else {field.upper()})")


@channels_app.command("list")
def channels_list() -> None:
    """Every channel row: key, kind, area, rate, on or off, and whether it can start."""
    from bot.channel_rows import plan_rows
    from bot.cli_regions import migrated_engine
    from bot.settings import Settings

    plans = plan_rows(migrated_engine(), Settings())
    if not plans:
        typer.echo("No channel rows: the environment's channels only.")
        return
    for plan in plans:
        row = plan.row
        rate = f"{row.messages_per_second:g}/s" if row.messages_per_second else "-"
        state = "ready" if plan.problem is None else plan.problem
        typer.echo(
            f"{row.key:<20} {row.type:<9} area {row.area_code or '-':<8} rate {rate:<7} "
            f"{row.name}: {state}"
        )


def _set_enabled(key: str, enabled: bool) -> int | None:
    from bot.cli_regions import migrated_engine
    from storage.channels import set_enabled
    from storage.db import transaction

    with transaction(migrated_engine()) as session:
        return set_enabled(session=session, key=key, enabled=enabled)


@channels_app.command("disable")
def channels_disable(key: Annotated[str, typer.Argument(help="The channel's key.")]) -> None:
    """Turn a channel row off: its webhooks answer 410, what it still had to send is given up."""
    given_up = _set_enabled(key, False)
    if given_up is None:
        typer.echo(f"No channel {key!r}.", err=True)
        raise typer.Exit(2)
    typer.echo(
        f"Channel {key} turned off from the next start; {given_up} unsent message(s) given up."
    )
    typer.echo("Its contacts are reached through the environment's channel of its kind.")


@channels_app.command("enable")
def channels_enable(key: Annotated[str, typer.Argument(help="The channel's key.")]) -> None:
    """Turn a channel row on again (from the next start)."""
    if _set_enabled(key, True) is None:
        typer.echo(f"No channel {key!r}.", err=True)
        raise typer.Exit(2)
    typer.echo(f"Channel {key} turned on from the next start.")
