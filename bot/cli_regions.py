"""`psmbot regions sync|import` and `psmbot roster import`, and loading regions at upgrade."""

from __future__ import annotations

import csv
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

if TYPE_CHECKING:  # the commands import what they use: `psmbot --help` stays light
    from sqlalchemy import Engine

T = TypeVar("T")

regions_app = typer.Typer(help="The Kemendagri region list.", no_args_is_help=True)
roster_app = typer.Typer(help="People on the roster.", no_args_is_help=True)


class _Bar:
    """A progress line on stderr for a bulk region load."""

    def __init__(self, label: str) -> None:
        self._label = label
        self._started = time.perf_counter()

    def __call__(self, done: int, total: int) -> None:
        share = done / total if total else 1.0
        filled = int(share * 30)
        sys.stderr.write(
            f"\r{self._label} [{'#' * filled}{'.' * (30 - filled)}] {done:,}/{total:,}"
        )
        if done >= total:
            sys.stderr.write(f" ({time.perf_counter() - self._started:.1f} s)\n")
        sys.stderr.flush()


def upgrade_and_load(engine: Engine) -> int:
    """Migrate the schema, then load the official regions if none are there; returns added."""
    from storage.db import transaction
    from storage.migrate import hold_setup_lock, upgrade
    from storage.region_sync import ensure_official_regions, official_count

    upgrade(engine)
    with transaction(engine) as session:
        hold_setup_lock(session)  # two processes starting together load the list once
        if official_count(session=session) > 0:
            return 0
        typer.echo("Memuat daftar wilayah Kemendagri (sekali saja)...", err=True)
        return ensure_official_regions(session=session, progress=_Bar("Wilayah"))


def migrated_engine() -> Engine:
    """The settings' database, migrated and with the official regions (for the commands)."""
    from bot.settings import Settings
    from storage.db import make_engine

    engine = make_engine(Settings().database_url)
    upgrade_and_load(engine)
    return engine


@regions_app.command("sync")
def regions_sync(
    overwrite_local: Annotated[
        bool, typer.Option(help="Also replace names corrected locally with the official ones.")
    ] = False,
) -> None:
    """Bring the region table in line with the installed official list (after an upgrade)."""
    from storage.db import transaction
    from storage.region_sync import count_by_level, sync_regions

    engine = migrated_engine()
    with transaction(engine) as session:
        report = sync_regions(
            session=session, overwrite_local=overwrite_local, progress=_Bar("Wilayah baru")
        )
        levels = count_by_level(session=session)
    typer.echo(
        f"Wilayah: {report.added} baru, {report.renamed} diperbarui, {report.removed} dihapus; "
        f"{levels.get('village', 0):,} desa/kelurahan, {levels.get('district', 0):,} kecamatan."
    )
    if report.kept:
        shown = ", ".join(report.kept[:10]) + (" ..." if len(report.kept) > 10 else "")
        typer.echo(
            f"{len(report.kept)} wilayah lama tetap disimpan karena masih dipakai data: {shown}"
        )
    if report.local_differs:
        typer.echo(
            f"{report.local_differs} nama hasil koreksi lokal berbeda dari daftar resmi "
            "(dipertahankan; --overwrite-local untuk memakai nama resmi)."
        )


@regions_app.command("import")
def regions_import(
    file: Annotated[Path, typer.Argument(help="CSV with kode,nama (Kemendagri codes).")],
) -> None:
    """Local corrections: add or rename regions from a CSV (kode,nama per line)."""
    from storage.db import transaction
    from storage.region_lookup import code_from_digits
    from storage.regions import get_region, upsert_region

    if not file.exists():
        typer.echo(f"Berkas tidak ditemukan: {file}", err=True)
        raise typer.Exit(2)
    engine = migrated_engine()
    rows: list[tuple[str, str]] = []
    bad: list[str] = []
    try:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            records = list(csv.reader(handle))
    except UnicodeDecodeError:
        typer.echo("Gagal: berkas harus CSV berenkode UTF-8 (kode,nama per baris).", err=True)
        raise typer.Exit(2) from None
    for number, record in enumerate(records, start=1):
        if not record or not "".join(record).strip():
            continue
        raw = record[0].strip()
        code = code_from_digits(raw)
        name = " ".join(record[1].split()) if len(record) > 1 else ""
        if code is None or not name:
            if number == 1 and code is None:
                continue  # a header line
            why = "nama kosong" if code is not None else f"kode tidak valid {raw!r}"
            bad.append(f"  baris {number}: {why}")
            continue
        rows.append((code, name))
    # Parents first, so every region's parent exists when it is written.
    rows.sort(key=lambda r: len(r[0]))
    listed = {code for code, _ in rows}
    created = renamed = 0
    with transaction(engine) as session:
        for code, name in rows:
            parent = code.rsplit(".", 1)[0] if "." in code else None
            if parent and parent not in listed and get_region(session=session, code=parent) is None:
                bad.append(f"  {code}: wilayah induk {parent} tidak ada")
                continue
            region = get_region(session=session, code=code)
            before = region.name if region is not None else None
            _, new = upsert_region(session=session, code=code, name=name)
            created += new
            renamed += (not new) and before != name
            session.flush()
    for line in bad:
        typer.echo(line, err=True)
    typer.echo(f"{len(rows)} wilayah dibaca: {created} baru, {renamed} diganti namanya.")
    if bad:
        typer.echo(f"{len(bad)} baris ditolak.", err=True)
        raise typer.Exit(1)


@roster_app.command("import")
def roster_import(
    file: Annotated[Path, typer.Argument(help="CSV or XLSX with nama, telepon, peran, ...")],
) -> None:
    """Import PSM and coordinators; safe to run again with the same or an updated file."""
    from handlers.roster import RosterFileError, import_file

    if not file.exists():
        typer.echo(f"Berkas tidak ditemukan: {file}", err=True)
        raise typer.Exit(2)
    engine = migrated_engine()
    try:
        report = import_file(engine, file, progress=_with_progress_bar)
    except RosterFileError as exc:
        typer.echo(f"Gagal: {exc}", err=True)
        raise typer.Exit(2) from None
    same = f" {report.unchanged} baris sudah sama, tidak diubah." if report.unchanged else ""
    typer.echo(
        f"Selesai: {report.created} baru, {report.updated} diperbarui, "
        f"{len(report.errors)} baris ditolak.{same}"
    )
    for line, reason in report.errors:
        typer.echo(f"  baris {line}: {reason}", err=True)
    if report.errors:
        raise typer.Exit(1)


def _with_progress_bar(rows: Iterable[T]) -> Iterator[T]:
    """Yield the rows while drawing a progress bar on stderr."""
    with typer.progressbar(list(rows), label="Mengimpor", file=sys.stderr) as bar:
        yield from bar
