"""Bar charts: stacked (readiness), histogram (days), grouped (retention)."""

import math
from collections.abc import Sequence
from typing import NamedTuple

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from reports.charts.svg import (
    DASHED,
    DAYS,
    FAINT_DASHED,
    NOT_AVAILABLE,
    PAD,
    PERCENT_TICKS,
    SMALL,
    STYLES,
    WIDTH,
    Bin,
    Series,
    Share,
    _Canvas,
    _chip,
    _gridline,
    _group,
    _label,
    _line,
    _number,
    _percent,
    _rect,
    _style,
    _text,
    _text_width,
    _ticks,
    empty_state,
)

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
    # A bin with a label of its own ("0–6 days") names its unit already.
    name = str(item.label) if item.label else f"{_bin_label(item)} {unit}"
    tooltip = f"{name}: {item.count}"
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
            " ".join(
                [str(item.label), *_share_text(shares[index][column], percent)]
            ).strip()
            for index, item in enumerate(series)
        )
        sentences.append(f"{group}: {parts}.")
    return " ".join(sentences)


# Heat map --------------------------------------------------------------------
