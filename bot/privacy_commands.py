"""`psmbot privacy export|erase|rotate-keys` and `psmbot retention purge` (UU PDP), audited."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.actors import cli_actor

if TYPE_CHECKING:  # the commands import what they use: `psmbot --help` stays light
    from sqlalchemy import Engine

    from bot.settings import Settings
    from storage.retention import PurgeResult, RetentionPolicy

log = logging.getLogger(__name__)

privacy_app = typer.Typer(help="Personal data requests (UU PDP).", no_args_is_help=True)
retention_app = typer.Typer(help="Retention of personal data.", no_args_is_help=True)

ActorOption = Annotated[
    str | None, typer.Option("--actor", help="Who runs the command, for the audit log.")
]


def retention_policy(settings: Settings) -> RetentionPolicy:
    """The retention periods the settings give."""
    from storage.retention import RetentionPolicy

    return RetentionPolicy(
        inbound_days=settings.retention_inbound_days,
        outbox_days=settings.retention_outbox_days,
        closed_case_days=settings.retention_closed_case_days,
    )


def run_retention_purge(
    engine: Engine, settings: Settings, *, now: datetime, actor_label: str = "retention"
) -> PurgeResult:
    """One purge in its own transaction, then the media files; the nightly job calls this."""
    from storage.db import transaction
    from storage.media_files import delete_media_files
    from storage.retention import purge

    with transaction(engine) as session:
        result = purge(
            session=session, now=now, policy=retention_policy(settings), actor_label=actor_label
        )
    delete_media_files(settings.media_dir, result.files)
    log.info("retention purge: %s", result.counts())
    return result


def _engine(settings: Settings) -> Engine:
    from storage.db import make_engine
    from storage.migrate import upgrade

    engine = make_engine(settings.database_url)
    upgrade(engine)
    return engine


@privacy_app.command("export")
def privacy_export(
    person: Annotated[str, typer.Option("--person", help="The person's phone number.")],
    out: Annotated[Path | None, typer.Option("--out", help="JSON file (default: stdout).")] = None,
    actor: ActorOption = None,
) -> None:
    """Everything held about a PSM or coordinator, as JSON."""
    from bot.settings import Settings
    from storage.audit import audit
    from storage.db import transaction
    from storage.people import get_person_by_phone
    from storage.phones import InvalidPhone, normalise_phone
    from storage.privacy import person_export

    try:
        phone = normalise_phone(person)
    except InvalidPhone:
        typer.echo(f"Nomor telepon tidak valid: {person}", err=True)
        raise typer.Exit(2) from None
    with transaction(_engine(Settings())) as session:
        found = get_person_by_phone(session=session, phone=phone)
        if found is None:
            typer.echo(f"Tidak ada pengguna dengan nomor {person}.", err=True)
            raise typer.Exit(1)
        data = person_export(session=session, person=found)
        audit(
            session=session,
            action="privacy.export",
            actor_label=cli_actor(actor),
            subject_type="person",
            subject_id=found.id,
            detail={"file": out.name if out else None},
        )
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        typer.echo(f"Data ditulis ke {out}", err=True)


@privacy_app.command("erase")
def privacy_erase(
    case: Annotated[int, typer.Option("--case", help="The case number.")],
    reason: Annotated[str, typer.Option("--reason", help="Why (kept in the audit log).")],
    actor: ActorOption = None,
) -> None:
    """Erase a case: its events, media and every message or draft mentioning it."""
    from bot.settings import Settings
    from storage.db import transaction
    from storage.media_files import delete_media_files
    from storage.models.cases import Case
    from storage.privacy import erase_case

    if not reason.strip():
        typer.echo("--reason wajib diisi.", err=True)
        raise typer.Exit(2)
    settings = Settings()
    with transaction(_engine(settings)) as session:
        record = session.get(Case, case)
        if record is None:
            typer.echo(f"Kasus #{case} tidak ditemukan.", err=True)
            raise typer.Exit(1)
        erased = erase_case(
            session=session, case=record, reason=reason.strip(), actor_label=cli_actor(actor)
        )
    files = delete_media_files(settings.media_dir, erased.files)
    counts = erased.counts()
    typer.echo(
        f"Kasus #{case} dihapus: {counts['events']} riwayat, {counts['media']} media "
        f"({files} berkas), {counts['activity_links']} tautan kegiatan, "
        f"{counts['messages_scrubbed']} pesan, {counts['drafts_reset']} draf."
    )


@privacy_app.command("rotate-keys")
def privacy_rotate_keys(actor: ActorOption = None) -> None:
    """Re-encrypt every encrypted value with the newest key of DATA_ENCRYPTION_KEYS."""
    from bot.settings import Settings
    from storage.db import transaction
    from storage.key_rotation import rotate_all

    with transaction(_engine(Settings())) as session:
        count = rotate_all(session=session, actor_label=cli_actor(actor))
    typer.echo(f"{count} nilai dienkripsi ulang dengan kunci terbaru.")


@retention_app.command("purge")
def retention_purge(actor: ActorOption = None) -> None:
    """Delete message logs, sent message contents and closed cases past their retention."""
    from bot.settings import Settings

    settings = Settings()
    result = run_retention_purge(
        _engine(settings), settings, now=datetime.now(UTC), actor_label=cli_actor(actor)
    )
    counts = result.counts()
    typer.echo(
        f"Dihapus: {counts['inbound_messages']} log pesan masuk, "
        f"{counts['outbox_payloads']} isi pesan terkirim, {counts['closed_cases']} kasus "
        f"tertutup ({counts['media_files']} berkas media)."
    )
