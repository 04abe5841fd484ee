"""The report's attachments: chart PNG, PDF and XLSX written under MEDIA_DIR."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from handlers.i18n import t
from handlers.messages import Attachment
from reports.building.build import PeriodReport
from reports.rendering.chart import render_chart
from reports.rendering.pdf import PDF_FAILURES, render_pdf
from reports.rendering.xlsx import render_xlsx

log = logging.getLogger(__name__)

PNG = "image/png"
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_stem(report: PeriodReport, locale: str) -> str:
    """`rekap-mingguan-sukajadi-2026-W47`: what a downloaded file is called."""
    words = "summary" if locale == "en" else "rekap"
    kind = t(locale, f"reports.kind.{report.period.kind}")
    area = re.sub(r"[^a-z0-9]+", "-", report.area_name.lower()).strip("-")
    parts = [kind, words, area] if locale == "en" else [words, kind, area]
    return f"{'-'.join(parts)}-{report.period.key}"


FORMATS = ("png", "pdf", "xlsx")


def render_files(
    report: PeriodReport,
    *,
    media_dir: Path,
    folder: str,
    locale: str,
    formats: tuple[str, ...] = FORMATS,
) -> list[Attachment]:
    """Write the chart, PDF and XLSX (or the `formats` asked) into `media_dir/folder`.

    When the PDF cannot be made (WeasyPrint's system libraries missing, a layout that fails),
    the other files still go, and the report is marked so that its chat text says the PDF is
    missing (`report.pdf_missing`).
    """
    directory = media_dir / folder
    stem = file_stem(report, locale)
    files = []
    chart = directory / f"{stem}.png"
    if "png" in formats or "pdf" in formats:
        render_chart(report, chart, locale)
    if "png" in formats:
        files.append((chart, PNG))
    if "pdf" in formats:
        try:
            files.append((render_pdf(report, directory / f"{stem}.pdf", locale, chart=chart), PDF))
        except PDF_FAILURES as exc:
            log.warning("report PDF not made, sent without it: %s", type(exc).__name__)
            report.pdf_missing = True
            report.pdf_error = f"{type(exc).__name__}: {exc}"[:300]
    if "xlsx" in formats:
        files.append((render_xlsx(report, directory / f"{stem}.xlsx", locale), XLSX))
    return [
        Attachment(path.relative_to(media_dir).as_posix(), content_type, path.name)
        for path, content_type in files
    ]


def render_one(report: PeriodReport, fmt: str, path: Path, locale: str) -> Path:
    """Write one format (`png`, `pdf`, `xlsx`) at `path`."""
    if fmt == "png":
        return render_chart(report, path, locale)
    if fmt == "pdf":
        import tempfile

        with tempfile.TemporaryDirectory() as scratch:
            chart = render_chart(report, Path(scratch) / "chart.png", locale)
            return render_pdf(report, path, locale, chart=chart)
    if fmt == "xlsx":
        return render_xlsx(report, path, locale)
    raise ValueError(f"unknown report format: {fmt}")
