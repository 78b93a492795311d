"""The HTML documents' charts, drawn with matplotlib as SVG (its words stay text, so a
PDF of it can be searched and read back). Word documents draw their own charts from the
same `Bars` (documents/word_charts.py), with these labels and colours.

matplotlib is imported when a chart is drawn, never at start-up (it takes half a second).
The colours print in black and white: planned time light grey, what happened dark, a
skipped block hatched; every bar carries its figure.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from facilitator.documents.model import Bars
from facilitator.documents.text import clean_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["category_labels", "svg"]

COLOURS = ("#b8b8b8", "#2b2b2b", "#6d6d6d", "#e0e0e0")
"""The series' colours in order: light grey, near black, mid grey, pale grey."""
EDGE = "#555555"
"""The hatching and edge of a bar set apart (a skipped block), and a chart's axis line."""
ROW_INCHES = 0.32
"""Height of a category's row in a chart with bars across."""
WIDTH_INCHES = 6.6
"""A chart's width: the text width of an A4 page, portrait."""
CHAR_INCHES = 0.056
"""About how wide a character of the 8-point labels is."""


def category_labels(chart: Bars) -> list[str]:
    """Each category's label as a chart shows it: on one line, at most 48 characters, its
    remark in brackets (`3. Agreements  (skipped)`)."""
    remarks = chart.remarks or ("",) * len(chart.categories)
    return [
        " ".join(clean_text(c).split())[:48] + (f"  ({r})" if r else "")
        for c, r in zip(chart.categories, remarks, strict=True)
    ]


def _figure(chart: Bars) -> Figure:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    matplotlib.rcParams.update(
        {
            "font.family": "DejaVu Sans",  # ships with matplotlib, has every Latvian letter
            "font.size": 8,
            "svg.fonttype": "none",
            "svg.hashsalt": "facilitator",
        }
    )
    count = len(chart.categories)
    groups = max(1, len(chart.series))
    height = 0.8 + ROW_INCHES * count * (1 + 0.4 * (groups - 1)) if chart.across else 2.4
    # Margins set by hand: matplotlib's automatic layout draws the figure several times,
    # doubling what a chart costs.
    figure = Figure(figsize=(WIDTH_INCHES, height))
    axes = figure.add_subplot()
    width = 0.8 / groups
    positions = list(range(count))
    apart = chart.apart or (False,) * count
    for n, series in enumerate(chart.series):
        offsets = [p - 0.4 + width * (n + 0.5) for p in positions]
        draw = axes.barh if chart.across else axes.bar
        bars = draw(offsets, series.values, width * 0.95, label=series.name, color=COLOURS[n % 4])
        for bar, set_apart in zip(bars, apart, strict=True):
            if set_apart:
                bar.set_hatch("////")
                bar.set_edgecolor(EDGE)
        axes.bar_label(bars, labels=list(series.labels), padding=2, fontsize=7)
    labels = category_labels(chart)
    title_room = 0.38 / height
    if chart.across:
        longest = max((len(label) for label in labels), default=1)
        left = min(0.62, 0.04 + longest * CHAR_INCHES / WIDTH_INCHES)
        figure.subplots_adjust(left=left, right=0.97, top=1 - title_room, bottom=0.04)
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.margins(x=0.12)
        axes.tick_params(axis="x", labelbottom=False, bottom=False)
    else:
        # The legend above the columns, under the title: tall columns never hide it.
        legend_room = (0.16 * len(chart.series) if len(chart.series) > 1 else 0) / height
        figure.subplots_adjust(left=0.03, right=0.97, top=1 - title_room - legend_room, bottom=0.12)
        axes.set_xticks(positions, labels)
        axes.margins(y=0.15)
        axes.tick_params(axis="y", labelleft=False, left=False)
    for side in ("top", "right") + (("bottom",) if chart.across else ("left",)):
        axes.spines[side].set_visible(False)
    figure.text(0.02, 1 - 0.1 / height, chart.title, va="top", fontsize=9, fontweight="bold")
    if len(chart.series) > 1 and chart.across:
        axes.legend(loc="lower right", frameon=False, fontsize=7)
    elif len(chart.series) > 1:
        axes.legend(
            loc="lower left", bbox_to_anchor=(0, 1.02), frameon=False, fontsize=7, borderaxespad=0
        )
    return figure


def svg(chart: Bars) -> str:
    """The chart as an SVG element to put inside an HTML page (no XML declaration)."""
    out = io.StringIO()
    _figure(chart).savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    text = re.sub(r"^.*?(?=<svg)", "", out.getvalue(), count=1, flags=re.S)
    # Inside a page the image's own licence metadata says nothing to a reader.
    return re.sub(r"\s*<metadata>.*?</metadata>", "", text, count=1, flags=re.S)
