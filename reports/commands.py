"""`psmbot report weekly|monthly|yearly` and `psmbot export cases|activities`."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn
from zoneinfo import ZoneInfo

import typer

from bot.actors import cli_actor

if TYPE_CHECKING:  # the commands import what they use: `psmbot --help` stays light
    from sqlalchemy import Engine
    from sqlmodel import Session

    from reports.building.periods import Period, PeriodKind
    from storage.models.regions import Region

report_app = typer.Typer(help="Coordinators' reports on demand.", no_args_is_help=True)
export_app = typer.Typer(help="Data exports (recorded in the audit log).", no_args_is_help=True)


class ReportFormat(StrEnum):
    """What `psmbot report` writes."""

    TEXT = "text"
    PDF = "pdf"
    XLSX = "xlsx"
    PNG = "png"


class ExportFormat(StrEnum):
    """What `psmbot export` writes."""

    CSV = "csv"
    XLSX = "xlsx"


AreaOption = Annotated[str, typer.Option("--area", help="Region code or name, e.g. Sukajadi.")]
FormatOption = Annotated[ReportFormat, typer.Option("--format", help="Output format.")]
OutOption = Annotated[
    Path | None, typer.Option("--out", help="File to write (text goes to stdout without it).")
]
LangOption = Annotated[str, typer.Option("--lang", help="id (Indonesian) or en.")]


@report_app.command("weekly")
def weekly(
    area: AreaOption,
    week: Annotated[
        str | None, typer.Option("--week", help="ISO week, e.g. 2026-W47 (default: last week).")
    ] = None,
    format: FormatOption = ReportFormat.TEXT,
    out: OutOption = None,
    lang: LangOption = "id",
) -> None:
    """One weekly report (ISO week, Monday to Sunday, in the area's time zone)."""
    _report("weekly", area, week, format, out, lang)


@report_app.command("monthly")
def monthly(
    area: AreaOption,
    month: Annotated[
        str | None, typer.Option("--month", help="Month, e.g. 2026-11 (default: last month).")
    ] = None,
    format: FormatOption = ReportFormat.TEXT,
    out: OutOption = None,
    lang: LangOption = "id",
) -> None:
    """One monthly report, with each PSM's performance."""
    _report("monthly", area, month, format, out, lang)


@report_app.command("yearly")
def yearly(
    area: AreaOption,
    year: Annotated[
        str | None, typer.Option("--year", help="Year, e.g. 2026 (default: last year).")
    ] = None,
    format: FormatOption = ReportFormat.TEXT,
    out: OutOption = None,
    lang: LangOption = "id",
) -> None:
    """One yearly report, with each PSM's performance."""
    _report("yearly", area, year, format, out, lang)


@export_app.command("cases")
def export_cases(
    format: Annotated[ExportFormat, typer.Option("--format")] = ExportFormat.CSV,
    area: Annotated[str | None, typer.Option("--area", help="Region code or name.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="File to write.")] = None,
) -> None:
    """Every case (NIK masked, no client names) as CSV or XLSX."""
    _export("cases", format, area, out)


@export_app.command("activities")
def export_activities(
    format: Annotated[ExportFormat, typer.Option("--format")] = ExportFormat.CSV,
    area: Annotated[str | None, typer.Option("--area", help="Region code or name.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="File to write.")] = None,
) -> None:
    """Every activity as CSV or XLSX."""
    _export("activities", format, area, out)


def _report(
    kind: PeriodKind,
    area: str,
    period_text: str | None,
    fmt: ReportFormat,
    out: Path | None,
    lang: str,
) -> None:
    from reports.building.build import build_report
    from reports.rendering.files import file_stem, render_one
    from reports.rendering.text import summary_text
    from storage.audit import audit
    from storage.db import transaction

    locale = "en" if lang == "en" else "id"
    now = datetime.now(UTC)
    engine = _engine()
    with transaction(engine) as session:
        region = _resolve_area(session, area)
        period = _period(kind, period_text, now.astimezone(ZoneInfo(region.timezone)).date())
        report = build_report(session=session, area_code=region.code, period=period, now=now)
        if fmt == ReportFormat.TEXT:
            text = summary_text(report, locale)
            if out is None:
                typer.echo(text)
            else:
                out.write_text(text + "\n", encoding="utf-8")
        else:
            out = out or Path(f"{file_stem(report, locale)}.{fmt.value}")
            render_one(report, fmt.value, out, locale)
        audit(
            session=session,
            action="report.generated",
            actor_label=cli_actor(),
            subject_type="area",
            subject_id=region.code,
            detail={"period": period.key, "format": fmt.value, "file": out.name if out else None},
        )
    if out is not None:
        typer.echo(f"Laporan ditulis: {out}", err=True)


def _export(subject: str, fmt: ExportFormat, area: str | None, out: Path | None) -> None:
    from bot.exports import Format, audit_export, write_export
    from storage.db import reading, transaction
    from storage.exports import Subject

    engine = _engine()
    chosen: Subject = "cases" if subject == "cases" else "activities"
    kind: Format = "csv" if fmt == ExportFormat.CSV else "xlsx"
    stamp = datetime.now(UTC).date().isoformat()
    out = out or Path(f"export-{subject}-{stamp}.{fmt.value}")
    # The rows stream inside a read-only session (SQLite's write lock is never held while the
    # file is written); the audit entry follows in a short transaction of its own.
    with reading(engine) as session:
        code = _resolve_area(session, area).code if area else None
        count = write_export(session=session, subject=chosen, fmt=kind, out=out, area_code=code)
    with transaction(engine) as session:
        audit_export(
            session=session,
            subject=chosen,
            fmt=kind,
            out=out,
            area_code=code,
            rows=count,
            actor_label=cli_actor(),
        )
    typer.echo(f"{count} baris ditulis ke {out}", err=True)


def _engine() -> Engine:
    from bot.settings import Settings
    from storage.db import make_engine
    from storage.migrate import upgrade

    engine = make_engine(Settings().database_url)
    upgrade(engine)
    return engine


def _resolve_area(session: Session, text: str) -> Region:
    """The region named by a code (`32.73.07`, `327307`) or names (`Sukajadi, Kota Bandung`).

    A name several areas share is taken when only one of them has people on the roster.
    """
    from storage.regions import get_region, level_of

    candidate = text.strip()
    if candidate.replace(".", "").isdigit():
        try:
            level_of(candidate)
        except ValueError:
            _fail(f"Kode wilayah tidak valid: {text}")
        region = get_region(session=session, code=candidate)
        if region is None:
            _fail(f"Wilayah dengan kode {text} tidak ditemukan.")
        return region
    matches = _named(session, candidate)
    if len(matches) > 1:
        used = [r for r in matches if _has_people(session, r.code)]
        matches = used if len(used) == 1 else matches
    if not matches:
        _fail(f"Wilayah {text!r} tidak ditemukan. Coba kode wilayahnya, mis. 32.73.07.")
    if len(matches) > 1:
        listed = ", ".join(f"{r.code} {r.name}" for r in matches[:8])
        _fail(f"Nama {text!r} cocok dengan beberapa wilayah ({listed}); pakai kodenya.")
    return matches[0]


def _named(session: Session, text: str) -> list[Region]:
    """Regions named by `Sukajadi` or by a path, smallest first: `Sukajadi, Kota Bandung`."""
    from storage.regions import find_regions_by_name

    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) == 1:
        return find_regions_by_name(session=session, name=parts[0])
    found: list[Region] = []
    for outer in find_regions_by_name(session=session, name=parts[-1]):
        inner = [outer]
        for part in reversed(parts[:-1]):
            inner = [
                r
                for area in inner
                for r in find_regions_by_name(session=session, name=part, within=area.code)
            ]
        found += inner
    return found


def _has_people(session: Session, code: str) -> bool:
    from sqlmodel import col, or_, select

    from storage.models.people import Person

    query = select(Person.id).where(
        or_(Person.area_code == code, col(Person.area_code).startswith(code + "."))
    )
    return session.exec(query.limit(1)).first() is not None


def _period(kind: PeriodKind, text: str | None, today: date) -> Period:
    """The period asked for, or the last complete one."""
    from reports.building.periods import last_complete, parse_period

    if text is None:
        return last_complete(kind, today)
    try:
        period = parse_period(text)
    except ValueError:
        examples = {"weekly": "2026-W47", "monthly": "2026-11", "yearly": "2026"}
        _fail(f"Periode tidak dikenal: {text!r}. Contoh: {examples[kind]}")
    if period.kind != kind:
        _fail(f"{text!r} bukan periode {kind}.")
    return period


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(2)
