"""The dashboard's trend image: activities, people reached and new cases, week by week."""

from __future__ import annotations

from pathlib import Path

from handlers.i18n import t
from reports.building.build import Totals
from reports.rendering.chart import CASE_COLOUR, DPI, THIS_COLOUR, WIDTH_INCHES, _tidy

REACHED_COLOUR = "#7aa974"


def render_trend(weeks: list[tuple[str, Totals]], title: str, path: Path, locale: str) -> Path:
    """Draw one small panel per measure, a bar per week (oldest left), as a PNG at `path`."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    measures = [
        ("dash.overview.activities", [w.activities for _, w in weeks], THIS_COLOUR),
        ("dash.overview.people_reached", [w.people_reached for _, w in weeks], REACHED_COLOUR),
        ("dash.overview.new_cases", [w.new_cases for _, w in weeks], CASE_COLOUR),
    ]
    figure, axes = plt.subplots(
        len(measures), 1, figsize=(WIDTH_INCHES, 1.0 + 1.7 * len(measures)), dpi=DPI, squeeze=False
    )
    figure.suptitle(title, fontsize=13, fontweight="bold")
    positions = list(range(len(weeks)))
    for (key, values, colour), row in zip(measures, axes, strict=True):
        axis = row[0]
        bars = axis.bar(positions, values, color=colour, width=0.7)
        axis.bar_label(bars, padding=2, fontsize=8)
        axis.set_title(t(locale, key), loc="left", fontsize=10)
        axis.set_xticks(positions, [name for name, _ in weeks], fontsize=8)
        axis.set_ylim(0, max([*values, 1]) * 1.25)
        _tidy(axis)
        axis.tick_params(axis="x", length=0)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png")
    plt.close(figure)
    return path
