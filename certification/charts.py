"""Server-rendered SVG charts for the admin reports: no JavaScript, no colour needed.

Every chart is an inline ``<svg role="img">`` named by its ``<title>`` and ``<desc>``
(the desc says the numbers in words). Its viewBox is 800 units wide and the svg fills
its container, so at 800px one unit is one pixel and no text is under 12px. Text and
axes use ``currentColor`` to follow the admin's light and dark themes. Each series has
a fill pattern as well as a colour, a legend swatch with the same pattern, and its
numbers written out. Data labels are escaped; long ones are cut with an ellipsis and
keep the full text in a tooltip.
"""

import math
import re
import uuid
from collections.abc import Sequence
from typing import NamedTuple

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

WIDTH = 800
PAD = 16
FONT = 13
SMALL = 12
CHAR = 0.58  # average glyph width of a system sans-serif, in ems (errs wide)
FONT_STACK = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
)
DARK_TEXT = "#1f2937"
LIGHT_TEXT = "#ffffff"
NO_DATA = gettext_lazy("No data for these filters yet")
NOT_AVAILABLE = gettext_lazy("n/a")
NO_VALUE = "–"
DAYS = gettext_lazy("days")
PERCENT_TICKS = [0, 25, 50, 75, 100]

# Presentation attributes per text class: the chart's stylesheet, kept inline so
# the svg needs no CSS file (and no style attributes a strict CSP would block).
TEXT_STYLES = {
    "chart-title": {"font_size": 16, "font_weight": "bold"},
    "tick": {"font_size": SMALL},
    "bin-label": {"font_size": SMALL},
    "value": {"font_size": SMALL, "font_weight": "bold"},
    "n": {"font_size": SMALL},
    "total": {"font_weight": "bold"},
    "median-label": {"font_weight": "bold"},
    "column-header": {"font_size": SMALL, "font_weight": "bold"},
    "empty": {"font_size": 14},
}
DASHED = {"stroke": "currentColor", "stroke_dasharray": "6 4"}
FAINT_DASHED = {**DASHED, "stroke_opacity": 0.4}


class Series(NamedTuple):
    key: str
    label: str
    values: Sequence


class Bin(NamedTuple):
    low: float
    high: float | None  # None: open-ended, "181+"
    count: int
    label: str | None = None


class Share(NamedTuple):
    value: float | None
    n: int | None = None


class Column(NamedTuple):
    code: str
    title: str = ""


class Style(NamedTuple):
    kind: str
    ink: str  # marks and outline: at least 3:1 on white
    tint: str  # behind the marks


# Teal and blue from Wagtail's palette, then neutrals; a warm fourth because in the
# readiness report it is "Expired".
STYLES = (
    Style("solid", "#007d7e", "#007d7e"),
    Style("hatch", "#1d5a96", "#d6e6f5"),
    Style("dots", "#4b5563", "#eef0f3"),
    Style("cross", "#a3361f", "#f8e1da"),
    Style("stripes", "#2e1f5e", "#e4e0f1"),
    Style("grid", "#0f5257", "#d5ebeb"),
)
MARKS = {  # drawn on a 6×6 tile
    "solid": "",
    "hatch": '<path d="M3 0V6" stroke="{ink}" stroke-width="2.6"/>',
    "dots": '<circle cx="3" cy="3" r="1.4" fill="{ink}"/>',
    "cross": '<path d="M3 0V6M0 3H6" stroke="{ink}" stroke-width="1.2"/>',
    "stripes": '<path d="M3 0V6" stroke="{ink}" stroke-width="1.6"/>',
    "grid": '<path d="M0 0V6M0 0H6" stroke="{ink}" stroke-width="1.2"/>',
}
TILTED = {"hatch", "cross"}
PATTERN = (
    '<pattern id="{id}" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate({angle})"><rect width="6" height="6" fill="{tint}"/>'
    "{marks}</pattern>"
)
NO_DATA_STYLE = Style("hatch", "#d1d5db", "#f3f4f6")
# The heat map shades at 0, 50 and 100%: light to dark teal, darker in grayscale too.
HEAT_SCALE = ((230, 244, 244), (64, 163, 165), (0, 57, 58))


# Markup ----------------------------------------------------------------------


def _el(tag: str, *children, **attrs) -> SafeString:
    """One SVG element; attribute values and text children are escaped."""
    pairs = ((_attr(k), _value(v)) for k, v in attrs.items() if v is not None)
    opening = format_html_join("", ' {}="{}"', pairs)
    if not children:
        return format_html("<{}{}/>", tag, opening)
    inner = SafeString("".join(conditional_escape(child) for child in children))
    return format_html("<{}{}>{}</{}>", tag, opening, inner, tag)


def _attr(name: str) -> str:
    return name.rstrip("_").replace("_", "-")


def _value(value):
    return _number(value) if isinstance(value, float) else value


def _text(text, x, y, cls=None, *, anchor=None, **attrs) -> SafeString:
    """A text in currentColor, styled by its class (see TEXT_STYLES)."""
    style = TEXT_STYLES.get(cls, {})
    return _el("text", text, x=x, y=y, class_=cls, text_anchor=anchor, **style, **attrs)


def _rect(x, y, width, height, fill, **attrs) -> SafeString:
    return _el("rect", x=x, y=y, width=width, height=height, fill=fill, **attrs)


def _line(x1, y1, x2, y2, **attrs) -> SafeString:
    attrs.setdefault("stroke", "currentColor")
    return _el("line", x1=x1, y1=y1, x2=x2, y2=y2, **attrs)


def _group(*children, cls, tooltip=None, **attrs) -> SafeString:
    """A <g>; the tooltip is its <title>, shown on hover."""
    title = _el("title", tooltip) if tooltip is not None else ""
    return _el("g", title, *children, class_=cls, **attrs)


def _number(value: float) -> str:
    value = round(value, 1)
    return str(int(value)) if value == int(value) else str(value)


def _percent(value: float) -> str:
    return f"{round(value)}%"


def _text_width(text, size=FONT) -> float:
    return len(str(text)) * size * CHAR


def _fit(text, width: float, size=FONT) -> str:
    """The text, cut with an ellipsis to fit the width."""
    text = str(text)
    limit = max(1, int(width / (size * CHAR)))
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _label(text, width: float, x, y, cls="label", **attrs) -> SafeString:
    """A text that fits the width; when cut, the full text is its tooltip."""
    shown = _fit(text, width, TEXT_STYLES.get(cls, {}).get("font_size", FONT))
    label = _text(shown, x, y, cls, **attrs)
    return label if shown == str(text) else _group(label, cls="cut", tooltip=text)


def _ticks(top: float) -> list[int]:
    """Round axis steps (1, 2 or 5 × 10ⁿ, whole numbers) from 0 to at least top."""
    raw = max(top, 1) / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = max(1, next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw))
    return [round(step * i) for i in range(math.ceil(top / step) + 1)]


def _chart_id(chart_id: str | None) -> str:
    if not chart_id:
        return f"chart-{uuid.uuid4().hex[:8]}"
    return "chart-" + re.sub(r"[^A-Za-z0-9_-]", "-", chart_id)


def _style(index: int) -> Style:
    return STYLES[index % len(STYLES)]


class _Canvas:
    """The parts of one chart, wrapped at the end in an accessible ``<svg>``."""

    def __init__(self, title, chart_id, kind, width=WIDTH):
        self.title, self.kind, self.width = title, kind, width
        self.id = _chart_id(chart_id)
        self.patterns, self.parts = {}, []
        self.top = PAD + 30  # below the visible title

    def add(self, *parts):
        self.parts.extend(parts)

    def fill(self, index: int, style: Style | None = None) -> str:
        """The url of the pattern for series index (or a given style), defined once."""
        style = style or _style(index)
        pattern_id = f"{self.id}-pattern-{index}"
        self.patterns.setdefault(
            pattern_id,
            format_html(
                PATTERN,
                id=pattern_id,
                angle=45 if style.kind in TILTED else 0,
                tint=style.tint,
                marks=format_html(MARKS[style.kind], ink=style.ink),
            ),
        )
        return f"url(#{pattern_id})"

    def legend(self, series: Sequence[Series], y: float) -> float:
        """A swatch and name per series, wrapped over lines; return the y below."""
        x = PAD
        for index, item in enumerate(series):
            width = 22 + _text_width(_fit(item.label, self.width / 2)) + 22
            if x + width > self.width - PAD and x > PAD:
                x, y = PAD, y + 24
            fill, ink = self.fill(index), _style(index).ink
            swatch = _rect(x, y, 16, 16, fill, rx=2, stroke=ink, class_="swatch")
            label = _label(item.label, self.width / 2, x + 22, y + 13)
            self.add(_group(swatch, label, cls="legend-item", data_series=item.key))
            x += width
        return y + 28

    def render(self, height: float, summary: str, description=None) -> SafeString:
        desc = " ".join(str(part) for part in (description, summary) if part)
        heading = _fit(self.title, self.width - 2 * PAD, 16)
        return _el(
            "svg",
            _el("title", self.title, id=f"{self.id}-title"),
            _el("desc", desc, id=f"{self.id}-desc"),
            _el("defs", *self.patterns.values()) if self.patterns else "",
            _text(heading, PAD, PAD + 14, "chart-title"),
            *self.parts,
            xmlns="http://www.w3.org/2000/svg",
            id=self.id,
            class_=f"chart chart--{self.kind}",
            role="img",
            aria_labelledby=f"{self.id}-title {self.id}-desc",
            viewBox=f"0 0 {_number(self.width)} {math.ceil(height)}",
            width="100%",
            font_family=FONT_STACK,
            font_size=FONT,
            fill="currentColor",
        )


def _chip(text, center_x: float, center_y: float) -> SafeString:
    """A number on a white rounded label, readable on any fill or pattern."""
    width = _text_width(text, SMALL) + 8
    box = _rect(center_x - width / 2, center_y - 9, width, 18, "#ffffff", rx=3)
    number = _text(
        text, center_x, center_y + 4, "value", anchor="middle", fill=DARK_TEXT
    )
    return _group(box, number, cls="chip")


def _gridline(x1, y1, x2, y2) -> SafeString:
    return _line(x1, y1, x2, y2, stroke_opacity=0.18, class_="gridline")


def empty_state(title, *, message=NO_DATA, chart_id: str | None = None) -> SafeString:
    """A small chart-sized box with a friendly message, for when there is no data."""
    canvas = _Canvas(title, chart_id, "empty")
    y = canvas.top
    box = _rect(PAD, y, WIDTH - 2 * PAD, 64, "none", rx=6, **FAINT_DASHED)
    canvas.add(box, _text(message, WIDTH / 2, y + 37, "empty", anchor="middle"))
    return canvas.render(y + 64 + PAD, str(message))


# Stacked bars ----------------------------------------------------------------

LABEL_WIDTH = 180
TOTAL_WIDTH = 56
ROW, BAR = 32, 22


def stacked_bars(
    title,
    categories: Sequence[str],
    series: Sequence[Series | tuple],
    *,
    percent: bool = True,
    description=None,
    chart_id: str | None = None,
) -> SafeString:
    """Horizontal bars, one per category, stacked from the series in order.

    ``series`` is a list of ``(key, label, counts)`` with one count per category,
    e.g. Ready, In progress, Not started, Expired. With ``percent`` every bar is full
    width (shares of its total); without, all bars share one count scale. Segments
    show their count when wide enough; each bar ends with its total.
    """
    series = [Series(*item) for item in series]
    counts = [[s.values[row] or 0 for s in series] for row in range(len(categories))]
    totals = [sum(row) for row in counts]
    if not any(totals):
        return empty_state(title, chart_id=chart_id)
    canvas = _Canvas(title, chart_id, "stacked")
    fills = [canvas.fill(index) for index in range(len(series))]
    top = canvas.legend(series, canvas.top) + 14
    left, right, end = PAD + LABEL_WIDTH, WIDTH - PAD - TOTAL_WIDTH, WIDTH - PAD
    ticks = PERCENT_TICKS if percent else _ticks(max(totals))
    bottom = top + ROW * len(categories)
    _stacked_axis(canvas, ticks, percent, left, right, top, bottom)
    for row, category in enumerate(categories):
        y = top + row * ROW + (ROW - BAR) / 2
        scale = (right - left) / ((totals[row] or 1) if percent else ticks[-1])
        if not totals[row]:  # an empty track, so the row does not look missing
            canvas.add(_rect(left, y, right - left, BAR, "none", **FAINT_DASHED))
        canvas.add(
            _label(category, LABEL_WIDTH - 12, left - 10, y + 16, anchor="end"),
            *_segments(series, fills, counts[row], scale, left, y),
            _text(totals[row], end, y + 16, "total", anchor="end"),
        )
    summary = _stacked_summary(categories, series, counts, totals)
    return canvas.render(bottom + 28, summary, description)


def _stacked_axis(canvas, ticks, percent, left, right, top, bottom):
    canvas.add(_text(_("Total"), WIDTH - PAD, top - 4, "tick", anchor="end"))
    for tick in ticks:
        x = left + (right - left) * tick / ticks[-1]
        label = _percent(tick) if percent else _number(tick)
        canvas.add(
            _gridline(x, top, x, bottom + 4),
            _text(label, x, bottom + 20, "tick", anchor="middle"),
        )


def _segments(series, fills, counts, scale, x, y) -> list[SafeString]:
    segments = []
    for index, (item, count) in enumerate(zip(series, counts, strict=True)):
        if count > 0:
            length = count * scale
            segments.append(_segment(item, index, fills[index], count, x, y, length))
            x += length
    return segments


def _segment(item, index, fill, count, x, y, length) -> SafeString:
    text = _number(count)
    fits = length >= _text_width(text, SMALL) + 12
    bar = _rect(x, y, length, BAR, fill, stroke=_style(index).ink, class_="bar")
    chip = _chip(text, x + length / 2, y + BAR / 2) if fits else ""
    tooltip = f"{item.label}: {text}"
    return _group(bar, chip, cls="segment", tooltip=tooltip, data_series=item.key)


def _stacked_summary(categories, series, counts, totals) -> str:
    sentences = []
    for row, category in enumerate(categories):
        parts = ", ".join(
            f"{_number(count)} {item.label}"
            for item, count in zip(series, counts[row], strict=True)
        )
        values = {"category": category, "parts": parts, "total": totals[row]}
        sentences.append(_("%(category)s: %(parts)s (total %(total)s).") % values)
    return " ".join(sentences)


# Vertical bars: histogram and grouped bars -----------------------------------

PLOT_LEFT = PAD + 40  # room for the value axis
PLOT_RIGHT = WIDTH - PAD
PLOT_HEIGHT = 220


def _value_axis(canvas, ticks, top, bottom, label=_number):
    """Horizontal gridlines with their values on the left, then the baseline."""
    for tick in ticks:
        y = bottom - (bottom - top) * tick / ticks[-1]
        canvas.add(
            _gridline(PLOT_LEFT, y, PLOT_RIGHT, y),
            _text(label(tick), PLOT_LEFT - 8, y + 4, "tick", anchor="end"),
        )
    canvas.add(_line(PLOT_LEFT, bottom, PLOT_RIGHT, bottom, class_="baseline"))


def histogram(
    title,
    bins: Sequence[Bin | tuple],
    *,
    median: float | None = None,
    unit: str = DAYS,
    description=None,
    chart_id: str | None = None,
) -> SafeString:
    """Vertical bars of counts per bin, with a dashed line at the median.

    ``bins`` is a list of ``(low, high, count)`` or ``(low, high, count, label)``
    in order; ``high=None`` is open-ended. Labels default to "0–14" or "181+". The
    median, in the same unit, is drawn inside its bin in proportion to its value.
    """
    bins = [Bin(*item) for item in bins]
    if not any(item.count for item in bins):
        return empty_state(title, chart_id=chart_id)
    canvas = _Canvas(title, chart_id, "histogram")
    fill = canvas.fill(0)
    top = canvas.top + 34  # room for the median's label
    bottom = top + PLOT_HEIGHT
    ticks = _ticks(max(item.count for item in bins))
    _value_axis(canvas, ticks, top, bottom)
    slot = (PLOT_RIGHT - PLOT_LEFT) / len(bins)
    widest = max(_text_width(_bin_label(item), SMALL) for item in bins)
    every = math.ceil((widest + 6) / slot)  # label every bin, or every other ...
    below, width, count_labels = bottom + 18, slot * every - 4, []
    for index, item in enumerate(bins):
        x, center = PLOT_LEFT + index * slot, PLOT_LEFT + (index + 0.5) * slot
        height = PLOT_HEIGHT * item.count / ticks[-1]
        canvas.add(_bin_bar(item, unit, fill, x, slot, bottom, height))
        half = _text_width(item.count, SMALL) / 2
        count_labels.append((center, half, bottom - height - 6))
        if index % every == 0:
            label = _bin_label(item)
            canvas.add(
                _label(label, width, center, below, "bin-label", anchor="middle")
            )
    middle = (PLOT_LEFT + PLOT_RIGHT) / 2
    canvas.add(_text(unit, middle, bottom + 40, "axis-label", anchor="middle"))
    if median is not None:
        x = PLOT_LEFT + slot * _median_slot(bins, median)
        canvas.add(_median_marker(median, unit, x, top, bottom, count_labels))
    summary = _histogram_summary(bins, median, unit)
    return canvas.render(bottom + 50, summary, description)


def _bin_label(item: Bin) -> str:
    if item.label:
        return str(item.label)
    if item.high is None:
        return f"{_number(item.low)}+"
    return f"{_number(item.low)}–{_number(item.high)}"


def _bin_bar(item, unit, fill, x, slot, bottom, height) -> SafeString:
    gap = min(6, slot * 0.15)
    top = bottom - height
    ink = STYLES[0].ink
    bar = _rect(x + gap / 2, top, slot - gap, height, fill, stroke=ink, class_="bar")
    count = _text(item.count, x + slot / 2, top - 6, "value", anchor="middle")
    tooltip = f"{_bin_label(item)} {unit}: {item.count}"
    return _group(bar, count, cls="bin", tooltip=tooltip)


def _median_slot(bins: Sequence[Bin], median: float) -> float:
    """Where the median falls, in bin widths from the left (2.5: half into bin 3)."""
    for index, item in enumerate(bins):
        if item.high is None or median <= item.high:
            if item.high is None or item.high == item.low:
                return index + 0.5
            share = (median - item.low) / (item.high - item.low)
            return index + min(1, max(0, share))
    return len(bins)


def _median_marker(median, unit, x, top, bottom, count_labels) -> SafeString:
    """A dashed line with its label on top, broken where it would cross a count."""
    text = _("Median %(value)s %(unit)s") % {"value": _number(median), "unit": unit}
    room = _text_width(text) / 2
    label_x = min(max(x, PLOT_LEFT + room), PLOT_RIGHT - room)
    label = _text(text, label_x, top - 20, "median-label", anchor="middle")
    crossed = [y for center, half, y in count_labels if abs(x - center) < half + 3]
    ends = [
        top - 16,
        *[end for y in sorted(crossed) for end in (y - 13, y + 4)],
        bottom,
    ]
    lines = [
        _line(x, y1, x, y2, stroke_width=2, class_="median-line", **DASHED)
        for y1, y2 in zip(ends[::2], ends[1::2], strict=True)
    ]
    return _group(*lines, label, cls="median")


def _histogram_summary(bins, median, unit) -> str:
    parts = ", ".join(f"{_bin_label(item)} {unit}: {item.count}" for item in bins)
    total = sum(item.count for item in bins)
    text = _("%(total)s in total. %(parts)s.") % {"total": total, "parts": parts}
    if median is not None:
        values = {"value": _number(median), "unit": unit}
        text += " " + _("Median %(value)s %(unit)s.") % values
    return text


def grouped_bars(
    title,
    groups: Sequence[str],
    series: Sequence[Series | tuple],
    *,
    percent: bool = True,
    description=None,
    chart_id: str | None = None,
) -> SafeString:
    """Vertical bars side by side in each group, one per series.

    ``series`` is a list of ``(key, label, values)`` with one value per group: a
    number, ``(value, n)`` to also write "(n=12)", or None when there is not enough
    data (no bar, "n/a"). With ``percent`` values are 0–100 and written "83%".
    """
    series = [Series(*item) for item in series]
    shares = [[_share(value) for value in item.values] for item in series]
    known = [share.value for row in shares for share in row if share]
    if not groups or not known:
        return empty_state(title, chart_id=chart_id)
    canvas = _Canvas(title, chart_id, "grouped")
    fills = [canvas.fill(index) for index in range(len(series))]
    top = canvas.legend(series, canvas.top) + 28  # room for the top value's label
    bottom = top + PLOT_HEIGHT
    ticks = PERCENT_TICKS if percent else _ticks(max(known))
    _value_axis(canvas, ticks, top, bottom, _percent if percent else _number)
    slot = (PLOT_RIGHT - PLOT_LEFT) / len(groups)
    width = min(72, slot * 0.8 / len(series))
    for column, group in enumerate(groups):
        center = PLOT_LEFT + (column + 0.5) * slot
        x = center - width * len(series) / 2
        for index, item in enumerate(series):
            bar = _Bar(item, index, fills[index], x + index * width, width)
            canvas.add(_grouped_bar(bar, shares[index][column], percent, ticks, bottom))
        canvas.add(_label(group, slot - 8, center, bottom + 20, anchor="middle"))
    summary = _grouped_summary(groups, series, shares, percent)
    return canvas.render(bottom + 30, summary, description)


class _Bar(NamedTuple):
    series: Series
    index: int
    fill: str
    x: float
    width: float


def _share(value) -> Share | None:
    share = Share(*value) if isinstance(value, tuple | list) else Share(value)
    return None if share.value is None else share


def _share_text(share: Share | None, percent: bool) -> tuple[str, str]:
    if share is None:
        return str(NOT_AVAILABLE), ""
    value = _percent(share.value) if percent else _number(share.value)
    return value, "" if share.n is None else f"(n={share.n})"


def _grouped_bar(bar: _Bar, share, percent, ticks, bottom) -> SafeString:
    value, n = _share_text(share, percent)
    height = 0 if share is None else PLOT_HEIGHT * share.value / ticks[-1]
    center, y = bar.x + bar.width / 2, bottom - height - (24 if n else 8)
    parts = [_text(value, center, y, "value", anchor="middle")]
    if n:
        parts.append(_text(n, center, y + 16, "n", anchor="middle"))
    if share:
        box = (bar.x + 2, bottom - height, bar.width - 4, height)
        ink = _style(bar.index).ink
        parts.insert(0, _rect(*box, bar.fill, stroke=ink, class_="bar"))
    tooltip = f"{bar.series.label}: {value} {n}".strip()
    key = bar.series.key
    return _group(*parts, cls="grouped-bar", tooltip=tooltip, data_series=key)


def _grouped_summary(groups, series, shares, percent) -> str:
    sentences = []
    for column, group in enumerate(groups):
        parts = ", ".join(
            " ".join([item.label, *_share_text(shares[index][column], percent)]).strip()
            for index, item in enumerate(series)
        )
        sentences.append(f"{group}: {parts}.")
    return " ".join(sentences)


# Heat map --------------------------------------------------------------------

ROW_LABEL_WIDTH = 140
CELL_HEIGHT = 28
MIN_CELL, MAX_CELL = 26, 64  # 24 columns fit in 800; more widen the chart


def heat_map(
    title,
    rows: Sequence[str],
    columns: Sequence[Column | tuple | str],
    cells: Sequence[Sequence[float | None]],
    *,
    description=None,
    chart_id: str | None = None,
) -> SafeString:
    """A rows × columns grid of percentages (0–100), shaded light to dark teal.

    ``columns`` are codes or ``(code, title)``; the title is the header's tooltip.
    ``cells[row][column]`` is a percentage, or None ("–" on a neutral hatch). Each
    cell writes its number in white or dark text, whichever contrasts more.
    """
    columns = [Column(c) if isinstance(c, str) else Column(*c) for c in columns]
    if not any(value is not None for row in cells for value in row):
        return empty_state(title, chart_id=chart_id)
    room = WIDTH - 2 * PAD - ROW_LABEL_WIDTH
    cell = min(MAX_CELL, max(MIN_CELL, room / len(columns)))
    width = max(WIDTH, 2 * PAD + ROW_LABEL_WIDTH + cell * len(columns))
    canvas = _Canvas(title, chart_id, "heat-map", width)
    no_data = canvas.fill(0, NO_DATA_STYLE)
    left = PAD + ROW_LABEL_WIDTH
    top = _column_headers(canvas, columns, left, cell, _heat_legend(canvas, no_data))
    for row, label in enumerate(rows):
        y = top + row * CELL_HEIGHT
        canvas.add(_label(label, ROW_LABEL_WIDTH - 12, left - 10, y + 19, anchor="end"))
        for index, column in enumerate(columns):
            value = cells[row][index]
            tooltip = _heat_tooltip(label, column, value)
            x = left + index * cell
            canvas.add(_heat_cell(value, tooltip, no_data, x, y, cell))
    summary = _heat_summary(rows, columns, cells)
    return canvas.render(top + CELL_HEIGHT * len(rows) + PAD, summary, description)


def heat_colour(percent: float) -> str:
    """The shade for a percentage: the higher, the darker (also in grayscale)."""
    position = min(1, max(0, percent / 100)) * (len(HEAT_SCALE) - 1)
    index = min(int(position), len(HEAT_SCALE) - 2)
    pairs = zip(HEAT_SCALE[index], HEAT_SCALE[index + 1], strict=True)
    share = position - index
    return "#" + "".join(f"{round(lo + (hi - lo) * share):02x}" for lo, hi in pairs)


def _luminance(colour: str) -> float:
    """Relative luminance (WCAG) of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    red, green, blue = (
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    )
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _text_on(colour: str) -> str:
    """White or dark text, whichever contrasts more with the colour."""
    background = _luminance(colour)
    on_white = 1.05 / (background + 0.05)
    on_dark = (background + 0.05) / (_luminance(DARK_TEXT) + 0.05)
    return LIGHT_TEXT if on_white > on_dark else DARK_TEXT


def _heat_cell(value, tooltip, no_data, x, y, size) -> SafeString:
    fill = no_data if value is None else heat_colour(value)
    text = NO_VALUE if value is None else str(round(value))
    ink = DARK_TEXT if value is None else _text_on(fill)
    box = _rect(x + 1, y + 1, size - 2, CELL_HEIGHT - 2, fill, rx=2, class_="cell")
    number = _text(text, x + size / 2, y + 18, "n", anchor="middle", fill=ink)
    return _group(box, number, cls="heat-cell", tooltip=tooltip)


def _heat_tooltip(row, column, value) -> str:
    name = f"{column.code} {column.title}".strip()
    shown = NOT_AVAILABLE if value is None else _percent(value)
    return f"{row} · {name}: {shown}"


def _heat_legend(canvas, no_data) -> float:
    """The scale (0, 25 … 100 in their own shades) and the no-data swatch."""
    y = canvas.top
    caption = _("% correct")
    canvas.add(_text(caption, PAD, y + 14))
    x = PAD + _text_width(caption) + 8
    for step in PERCENT_TICKS:
        fill = heat_colour(step)
        swatch = _rect(x, y, 36, 20, fill, class_="swatch")
        number = _text(step, x + 18, y + 14, "n", anchor="middle", fill=_text_on(fill))
        canvas.add(_group(swatch, number, cls="scale-step"))
        x += 36
    x += 16
    canvas.add(
        _rect(x, y, 36, 20, no_data, class_="swatch"),
        _text(NO_VALUE, x + 18, y + 14, anchor="middle", fill=DARK_TEXT),
        _text(_("No data"), x + 44, y + 14),
    )
    return y + 36


def _column_headers(canvas, columns, left, cell, y) -> float:
    """Codes over the columns, tilted when they do not fit; return the grid's top."""
    codes = [_fit(item.code, 90, SMALL) for item in columns]
    longest = max(_text_width(code, SMALL) for code in codes)
    tilted = longest > cell - 4
    height = longest * 0.72 + 10 if tilted else 20
    base = y + height - 5
    for index, (item, code) in enumerate(zip(columns, codes, strict=True)):
        x = left + (index + 0.5) * cell
        turn = f"rotate(-45 {_number(x)} {_number(base)})" if tilted else None
        anchor = None if tilted else "middle"
        header = _text(code, x, base, "column-header", anchor=anchor, transform=turn)
        tooltip = f"{item.code} {item.title}".strip()
        canvas.add(_group(header, cls="column", tooltip=tooltip))
    return y + height


def _heat_summary(rows, columns, cells) -> str:
    known = [
        (value, rows[r], columns[c].code)
        for r, row in enumerate(cells)
        for c, value in enumerate(row)
        if value is not None
    ]
    high, low = max(known), min(known)
    text = _(
        "Percent correct for %(rows)s rows by %(columns)s columns. Highest: "
        "%(high_row)s on %(high_column)s (%(high)s). Lowest: %(low_row)s on "
        "%(low_column)s (%(low)s). %(missing)s cells without data."
    )
    return text % {
        "rows": len(rows),
        "columns": len(columns),
        "high_row": high[1],
        "high_column": high[2],
        "high": _percent(high[0]),
        "low_row": low[1],
        "low_column": low[2],
        "low": _percent(low[0]),
        "missing": len(rows) * len(columns) - len(known),
    }
