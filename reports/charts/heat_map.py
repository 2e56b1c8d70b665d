"""The team × clause heat map."""

from collections.abc import Sequence

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from reports.charts.svg import (
    DARK_TEXT,
    HEAT_SCALE,
    LIGHT_TEXT,
    NO_DATA_STYLE,
    NO_VALUE,
    NOT_AVAILABLE,
    PAD,
    PERCENT_TICKS,
    SMALL,
    WIDTH,
    Column,
    _Canvas,
    _fit,
    _group,
    _label,
    _number,
    _percent,
    _rect,
    _text,
    _text_width,
    empty_state,
)

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
    caption = _("Correct (%)")
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
