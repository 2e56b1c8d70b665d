"""Server-rendered SVG charts for the admin reports: no JavaScript, no colour needed.

Every chart is an inline ``<svg role="img">`` named by its ``<title>`` and ``<desc>``
(the desc says the numbers in words). Its viewBox is 800 units wide and the svg fills
its container, so at 800px one unit is one pixel and no text is under 12px. Text and
axes use ``currentColor`` to follow the admin's light and dark themes. Each series has
a fill pattern as well as a colour, a legend swatch with the same pattern, and its
numbers written out. Data labels are escaped; long ones are cut with an ellipsis and
keep the full text in a tooltip.

``svg`` holds the drawing parts, ``bars`` the bar charts, ``heat_map`` the grid.
"""

from reports.charts.bars import ROW, grouped_bars, histogram, stacked_bars
from reports.charts.heat_map import heat_colour, heat_map
from reports.charts.svg import (
    DARK_TEXT,
    LIGHT_TEXT,
    SMALL,
    Bin,
    Column,
    Series,
    Share,
    _text_width,
    empty_state,
)

__all__ = [
    "DARK_TEXT",
    "LIGHT_TEXT",
    "ROW",
    "SMALL",
    "Bin",
    "Column",
    "Series",
    "Share",
    "_text_width",
    "empty_state",
    "grouped_bars",
    "heat_colour",
    "heat_map",
    "histogram",
    "stacked_bars",
]
