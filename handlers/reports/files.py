"""The report's attachments: chart PNG, PDF and XLSX written under MEDIA_DIR."""

from __future__ import annotations

import re
from pathlib import Path

from handlers.i18n import t
from handlers.messages import Attachment
from handlers.reports.build import PeriodReport
from handlers.reports.chart import render_chart
from handlers.reports.pdf import render_pdf
from handlers.reports.xlsx import render_xlsx

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


def render_files(
    report: PeriodReport, *, media_dir: Path, folder: str, locale: str
) -> list[Attachment]:
    """Write the chart, PDF and XLSX into `media_dir/folder`; attachments name them."""
    directory = media_dir / folder
    stem = file_stem(report, locale)
    chart = render_chart(report, directory / f"{stem}.png", locale)
    pdf = render_pdf(report, directory / f"{stem}.pdf", locale, chart=chart)
    xlsx = render_xlsx(report, directory / f"{stem}.xlsx", locale)
    return [
        Attachment(path.relative_to(media_dir).as_posix(), content_type, path.name)
        for path, content_type in ((chart, PNG), (pdf, PDF), (xlsx, XLSX))
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
