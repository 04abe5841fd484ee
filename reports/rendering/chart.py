"""The chart image sent with the chat summary: activities by type and new cases by PPKS."""

from __future__ import annotations

from pathlib import Path

from handlers.i18n import t
from reports.building.build import PeriodReport, area_label
from reports.building.formatting import label, period_label, short_label

# Sized for a phone screen: 800 px wide at 100 dpi.
WIDTH_INCHES = 8.0
DPI = 100
THIS_COLOUR = "#1f6f8b"
BEFORE_COLOUR = "#b8d4de"
CASE_COLOUR = "#c0504d"


def render_chart(report: PeriodReport, path: Path, locale: str) -> Path:
    """Draw the chart as a PNG at `path`."""
    import matplotlib

    matplotlib.use("Agg")  # no display on a server
    import matplotlib.pyplot as plt

    current = {r.code: r.activities for r in report.by_type}
    previous = {r.code: r.activities for r in report.previous_by_type}
    # Types done only in the period before show too, at zero now.
    types = [*current, *(code for code in previous if code not in current)]
    cases = report.new_cases
    panels = 2 if cases else 1
    height = 1.6 + 0.36 * max(len(types), 1) + (1.2 + 0.36 * len(cases) if cases else 0)
    figure, axes = plt.subplots(
        panels,
        1,
        figsize=(WIDTH_INCHES, height),
        dpi=DPI,
        squeeze=False,
        gridspec_kw={"height_ratios": [max(len(types), 1) + 1, len(cases) + 1][:panels]},
    )
    figure.suptitle(
        f"{area_label(report)} · {period_label(report.period, locale)}",
        fontsize=13,
        fontweight="bold",
    )
    top = axes[0][0]
    if types:
        positions = list(range(len(types)))
        before = top.barh(
            [p + 0.2 for p in positions],
            [previous.get(code, 0) for code in types],
            height=0.4,
            color=BEFORE_COLOUR,
            label=short_label(report.period.previous(), locale),
        )
        bars = top.barh(
            [p - 0.2 for p in positions],
            [current.get(code, 0) for code in types],
            height=0.4,
            color=THIS_COLOUR,
            label=short_label(report.period, locale),
        )
        top.bar_label(bars, padding=3, fontsize=10)
        top.bar_label(before, padding=3, fontsize=8, color="#5a7f8c")
        top.set_yticks(positions, [label("activity_type", c, locale) for c in types], fontsize=10)
        top.invert_yaxis()
        # This period first in the legend, above the bars so it hides none of them.
        handles, names = top.get_legend_handles_labels()
        top.legend(
            handles[::-1],
            names[::-1],
            loc="lower right",
            bbox_to_anchor=(1.0, 1.0),
            ncol=2,
            fontsize=9,
            frameon=False,
        )
    else:
        top.text(0.5, 0.5, t(locale, "reports.chart.none"), ha="center", va="center")
        top.set_yticks([])
    top.set_title(t(locale, "reports.chart.by_type"), loc="left", fontsize=11)
    _tidy(top)
    if cases:
        bottom = axes[1][0]
        positions = list(range(len(cases)))
        bars = bottom.barh(positions, [c.count for c in cases], height=0.55, color=CASE_COLOUR)
        bottom.bar_label(bars, padding=3, fontsize=10)
        bottom.set_yticks(positions, [label("ppks", c.code, locale) for c in cases], fontsize=10)
        bottom.invert_yaxis()
        bottom.set_title(t(locale, "reports.chart.new_cases"), loc="left", fontsize=11)
        _tidy(bottom)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png")
    plt.close(figure)
    return path


def _tidy(axis: object) -> None:
    """No frame lines or x ticks: the bars carry their numbers."""
    from matplotlib.axes import Axes

    assert isinstance(axis, Axes)
    for side in ("top", "right", "bottom"):
        axis.spines[side].set_visible(False)
    axis.set_xticks([])
