"""The drawing parts every chart shares: escaped SVG elements, patterns, the canvas."""

import math
import re
import uuid
from collections.abc import Sequence
from typing import NamedTuple

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
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
