import xml.etree.ElementTree as ET

import pytest

from reports import charts

SVG = "{http://www.w3.org/2000/svg}"
READINESS = [
    ("ready", "Ready", [10, 4, 0]),
    ("in_progress", "In progress", [5, 4, 1]),
    ("not_started", "Not started", [5, 0, 1]),
    ("expired", "Expired", [0, 2, 0]),
]
DEPARTMENTS = ["Customer care", "Sales floor", "Delivery"]
BINS = [(0, 14, 4), (15, 29, 8), (30, 44, 2), (45, None, 1)]


def parse(markup):
    return ET.fromstring(str(markup))


def elements(root, tag, cls=None):
    found = root.iter(SVG + tag)
    return [el for el in found if cls is None or el.get("class") == cls]


def groups(root, cls):
    return elements(root, "g", cls)


def number(element, name):
    return float(element.get(name))


def text_of(element):
    return "".join(element.itertext())


def texts(root, cls=None):
    return [text_of(el) for el in elements(root, "text", cls)]


def tooltip(group):
    return text_of(group.find(SVG + "title"))


def stacked(**kwargs):
    return parse(charts.stacked_bars("Readiness", DEPARTMENTS, READINESS, **kwargs))


def segments_of(root, category_index):
    """The segment groups of one bar: those sharing its y."""
    rows = sorted({number(g.find(SVG + "rect"), "y") for g in groups(root, "segment")})
    y = rows[category_index]
    return [
        g for g in groups(root, "segment") if number(g.find(SVG + "rect"), "y") == y
    ]


def bar(group):
    return group.find(f"{SVG}rect[@class='bar']")


def luminance(colour):
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


# Every chart ------------------------------------------------------------------


EVERY_CHART = {
    "stacked": lambda: charts.stacked_bars("Readiness", DEPARTMENTS, READINESS),
    "histogram": lambda: charts.histogram("Days", BINS, median=20),
    "grouped": lambda: charts.grouped_bars("Retention", ["90 days"], [("c", "C", [8])]),
    "heat_map": lambda: charts.heat_map("Clauses", ["Team A"], ["TEL-1"], [[50]]),
    "empty": lambda: charts.empty_state("Nothing"),
}
WITH_AXES = ["stacked", "histogram", "grouped"]


@pytest.mark.parametrize("kind", EVERY_CHART)
def test_every_chart_is_a_named_and_described_scalable_image(kind):
    root = parse(EVERY_CHART[kind]())
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert root.get("viewBox").startswith("0 0 800 ")
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(SVG + "title").get("id") == title_id
    assert root.find(SVG + "desc").get("id") == desc_id
    assert text_of(root.find(SVG + "desc"))
    assert "system-ui" in root.get("font-family")


@pytest.mark.parametrize("kind", EVERY_CHART)
def test_no_text_is_smaller_than_12px_at_800_wide(kind):
    root = parse(EVERY_CHART[kind]())
    sizes = [float(el.get("font-size", root.get("font-size"))) for el in root.iter()]
    assert min(sizes) >= 12


@pytest.mark.parametrize("kind", WITH_AXES)
def test_text_and_axes_follow_the_theme_colour(kind):
    root = parse(EVERY_CHART[kind]())
    assert root.get("fill") == "currentColor"
    lines = elements(root, "line")
    assert lines
    assert all(line.get("stroke") == "currentColor" for line in lines)


def test_the_description_says_the_numbers_in_words():
    desc = text_of(stacked(description="Staff by readiness.").find(SVG + "desc"))
    assert desc.startswith("Staff by readiness. ")
    assert "Customer care: 10 Ready, 5 In progress, 5 Not started, 0 Expired" in desc
    assert "(total 20)" in desc


def test_pattern_ids_are_unique_across_two_charts():
    first, second = stacked(), stacked()
    ids = [p.get("id") for root in (first, second) for p in elements(root, "pattern")]
    assert len(ids) == 8
    assert len(set(ids)) == 8
    assert first.get("id") != second.get("id")


def test_a_given_chart_id_prefixes_every_id_and_is_made_safe():
    root = stacked(chart_id='readiness "2026"')
    assert root.get("id") == "chart-readiness--2026-"
    patterns = elements(root, "pattern")
    assert all(p.get("id").startswith("chart-readiness--2026--") for p in patterns)


def test_each_series_has_its_own_fill_pattern():
    root = stacked()
    patterns = elements(root, "pattern")
    drawn = [ET.tostring(p).decode().replace(p.get("id"), "") for p in patterns]
    assert len(set(drawn)) == len(READINESS)


# Stacked bars -----------------------------------------------------------------


def test_percent_bars_are_full_width_and_segments_proportional():
    root = stacked()
    ready, in_progress, not_started = (bar(g) for g in segments_of(root, 0))
    assert number(ready, "width") == pytest.approx(2 * number(in_progress, "width"))
    assert number(in_progress, "width") == pytest.approx(number(not_started, "width"))
    widths = [
        sum(number(bar(g), "width") for g in segments_of(root, row)) for row in range(3)
    ]
    assert widths == pytest.approx([widths[0]] * 3, abs=0.2)


def test_segments_follow_the_series_order_left_to_right():
    root = stacked()
    row = segments_of(root, 1)  # Sales floor: 4 ready, 4 in progress, 2 expired
    assert [g.get("data-series") for g in row] == ["ready", "in_progress", "expired"]
    lefts = [number(bar(g), "x") for g in row]
    assert lefts == sorted(lefts)
    first = bar(row[0])
    assert number(first, "x") + number(first, "width") == pytest.approx(lefts[1], 0.1)


def test_count_bars_share_one_scale():
    root = stacked(percent=False)
    first = sum(number(bar(g), "width") for g in segments_of(root, 0))  # 20 staff
    second = sum(number(bar(g), "width") for g in segments_of(root, 1))  # 10 staff
    assert first == pytest.approx(2 * second, abs=0.2)
    assert "20" in texts(root, "tick")


def test_segments_write_their_counts_and_bars_their_totals():
    root = stacked()
    assert [texts(g, "value") for g in segments_of(root, 0)] == [["10"], ["5"], ["5"]]
    assert texts(root, "total") == ["20", "10", "2"]
    assert texts(root, "tick")[1:] == ["0%", "25%", "50%", "75%", "100%"]


def test_a_narrow_segment_keeps_its_count_in_the_tooltip_only():
    series = [("ready", "Ready", [200]), ("expired", "Expired", [1])]
    root = parse(charts.stacked_bars("Readiness", ["Sales floor"], series))
    narrow = groups(root, "segment")[1]
    assert texts(narrow, "value") == []
    assert tooltip(narrow) == "Expired: 1"


def test_legend_shows_every_series_with_its_bar_pattern():
    root = stacked()
    legend = groups(root, "legend-item")
    assert [texts(item)[0] for item in legend] == [s[1] for s in READINESS]
    swatches = {
        item.get("data-series"): item.find(SVG + "rect").get("fill") for item in legend
    }
    for segment in groups(root, "segment"):
        assert bar(segment).get("fill") == swatches[segment.get("data-series")]


def test_labels_from_data_are_escaped():
    names = ["<script>x()</script>", "R&D"]
    series = [("ready", "Ready & <b>set</b>", [1, 2])]
    markup = charts.stacked_bars("Ready <now>", names, series)
    assert "<script>" not in markup
    assert "<b>" not in markup
    root = parse(markup)
    labels = texts(root, "label")
    assert names[0] in labels
    assert "R&D" in labels
    assert "Ready & <b>set</b>" in labels
    assert text_of(root.find(SVG + "title")) == "Ready <now>"


def test_a_long_label_is_cut_with_the_full_text_as_tooltip():
    name = "Warehouse & dispatch <night shift> at the northern depot"
    root = parse(charts.stacked_bars("Readiness", [name], [("ready", "Ready", [3])]))
    cut = groups(root, "cut")[0]
    shown = texts(cut, "label")[0]
    assert shown.endswith("…")
    assert name.startswith(shown[:-1])
    assert tooltip(cut) == name


def test_height_grows_with_the_number_of_categories():
    def height(count):
        names = [f"Team {i}" for i in range(count)]
        series = [("ready", "Ready", [1] * count)]
        return float(
            parse(charts.stacked_bars("R", names, series)).get("viewBox").split()[3]
        )

    assert height(30) - height(1) == pytest.approx(29 * charts.ROW, abs=1)


# Histogram --------------------------------------------------------------------


def histogram(**kwargs):
    return parse(charts.histogram("Days to first certificate", BINS, **kwargs))


def test_histogram_bar_heights_are_proportional_to_counts():
    root = histogram()
    heights = [number(bar(g), "height") for g in groups(root, "bin")]
    assert heights[1] == pytest.approx(2 * heights[0])
    assert heights[0] == pytest.approx(4 * heights[3])
    bottoms = {
        round(number(bar(g), "y") + number(bar(g), "height"), 1)
        for g in groups(root, "bin")
    }
    assert len(bottoms) == 1


def test_histogram_writes_counts_and_bin_labels():
    root = histogram()
    assert [texts(g, "value")[0] for g in groups(root, "bin")] == ["4", "8", "2", "1"]
    assert texts(root, "bin-label") == ["0–14", "15–29", "30–44", "45+"]
    assert tooltip(groups(root, "bin")[1]) == "15–29 days: 8"


def test_median_line_stands_in_its_bin_in_proportion():
    root = histogram(median=22)  # bin 15–29, halfway
    lines = elements(root, "line", "median-line")
    second = bar(groups(root, "bin")[1])
    slot_left = number(second, "x") - 3  # bars keep a 6 unit gap in their slot
    slot = number(second, "width") + 6
    assert [number(line, "x1") for line in lines] == pytest.approx(
        [slot_left + slot / 2] * len(lines)
    )
    baseline = number(second, "y") + number(second, "height")
    assert max(number(line, "y2") for line in lines) == pytest.approx(baseline)
    tallest = min(number(bar(g), "y") for g in groups(root, "bin"))
    assert min(number(line, "y1") for line in lines) < tallest
    assert texts(root, "median-label") == ["Median 22 days"]


def test_median_line_breaks_around_the_count_it_crosses():
    root = parse(charts.histogram("Days", [(0, 10, 3), (11, 21, 5)], median=5))
    lines = elements(root, "line", "median-line")
    assert len(lines) == 2
    count = next(el for el in elements(root, "text", "value") if text_of(el) == "3")
    gap_top, gap_bottom = number(lines[0], "y2"), number(lines[1], "y1")
    assert gap_top < number(count, "y") - 9 and gap_bottom > number(count, "y")


def test_histogram_without_a_median_draws_no_line():
    assert elements(histogram(), "line", "median-line") == []


# Grouped bars -----------------------------------------------------------------

RETENTION = [
    ("certified", "Certified within 30 days", [(80, 12), (40, 10)]),
    ("not_certified", "Not certified within 30 days", [(20, 9), None]),
]


def grouped():
    groups_ = ["Still employed at 90 days", "Still employed at 180 days"]
    return parse(charts.grouped_bars("Retention", groups_, RETENTION))


def test_grouped_bar_heights_are_proportional_to_values():
    root = grouped()
    heights = [
        number(bar(g), "height")
        for g in groups(root, "grouped-bar")
        if bar(g) is not None
    ]
    assert heights[0] == pytest.approx(4 * heights[1])  # 80% and 20%
    assert heights[0] == pytest.approx(2 * heights[2])  # 80% and 40%


def test_grouped_bars_write_percent_and_n():
    first = groups(grouped(), "grouped-bar")[0]
    assert texts(first, "value") == ["80%"]
    assert texts(first, "n") == ["(n=12)"]


def test_grouped_bars_sit_side_by_side_in_series_order():
    bars = groups(grouped(), "grouped-bar")
    assert [g.get("data-series") for g in bars[:2]] == ["certified", "not_certified"]
    assert number(bar(bars[0]), "x") < number(bar(bars[1]), "x")


def test_missing_value_draws_no_bar_and_says_na():
    missing = groups(grouped(), "grouped-bar")[3]
    assert bar(missing) is None
    assert texts(missing, "value") == ["n/a"]


# Heat map ---------------------------------------------------------------------


def heat_map():
    columns = [("TEL-1", "Answer within three rings"), ("CON-2", "Confirm the order")]
    cells = [[95, 40], [None, 10]]
    return parse(
        charts.heat_map("Clauses", ["Sales floor", "Delivery"], columns, cells)
    )


def test_heat_map_writes_each_cell_and_a_dash_for_none():
    cells = groups(heat_map(), "heat-cell")
    assert [texts(g)[0] for g in cells] == ["95", "40", "–", "10"]
    assert tooltip(cells[0]) == "Sales floor · TEL-1 Answer within three rings: 95%"
    assert cells[2].find(SVG + "rect").get("fill").startswith("url(#")


def test_heat_map_darker_shade_means_higher_value():
    cells = groups(heat_map(), "heat-cell")
    fills = {texts(g)[0]: g.find(SVG + "rect").get("fill") for g in cells}
    shades = [luminance(fills[value]) for value in ("10", "40", "95")]
    assert shades == sorted(shades, reverse=True)
    scale = [luminance(charts.heat_colour(p)) for p in range(0, 101, 5)]
    assert scale == sorted(scale, reverse=True)


def test_heat_map_text_contrasts_with_its_cell():
    cells = {texts(g)[0]: g.find(SVG + "text") for g in groups(heat_map(), "heat-cell")}
    assert cells["95"].get("fill") == charts.LIGHT_TEXT
    assert cells["10"].get("fill") == charts.DARK_TEXT


def test_heat_map_headers_keep_the_clause_title_and_show_a_scale():
    root = heat_map()
    headers = groups(root, "column")
    assert [texts(h)[0] for h in headers] == ["TEL-1", "CON-2"]
    assert tooltip(headers[1]) == "CON-2 Confirm the order"
    assert [texts(g)[0] for g in groups(root, "scale-step")] == [
        "0",
        "25",
        "50",
        "75",
        "100",
    ]


def test_heat_map_with_many_columns_keeps_cells_wide_enough_for_100():
    columns = [f"C-{i}" for i in range(40)]
    root = parse(charts.heat_map("Clauses", ["Team"], columns, [[100] * 40]))
    widths = {number(g.find(SVG + "rect"), "width") for g in groups(root, "heat-cell")}
    assert min(widths) >= charts._text_width("100", charts.SMALL)


# Empty states -----------------------------------------------------------------


NO_DATA = {
    "no categories": lambda: charts.stacked_bars("Readiness", [], READINESS),
    "all zero": lambda: charts.stacked_bars("R", ["Delivery"], [("r", "R", [0])]),
    "no bins": lambda: charts.histogram("Days", []),
    "empty bins": lambda: charts.histogram("Days", [(0, 14, 0)], median=3),
    "all none": lambda: charts.grouped_bars("R", ["90 days"], [("c", "C", [None])]),
    "no teams": lambda: charts.heat_map("Clauses", [], [], []),
    "no scores": lambda: charts.heat_map("Clauses", ["Team"], ["TEL-1"], [[None]]),
}


@pytest.mark.parametrize("case", NO_DATA)
def test_no_data_shows_a_friendly_message(case):
    root = parse(NO_DATA[case]())
    assert texts(root, "empty") == ["No data for these filters yet"]
    assert root.get("role") == "img"
    assert elements(root, "rect", "bar") == []


def test_a_department_with_nobody_gets_an_empty_track_and_total_zero():
    series = [("ready", "Ready", [3, 0]), ("expired", "Expired", [1, 0])]
    root = parse(charts.stacked_bars("Readiness", ["Sales floor", "New team"], series))
    assert texts(root, "total") == ["4", "0"]
    assert len(groups(root, "segment")) == 2
    tracks = [r for r in elements(root, "rect") if r.get("stroke-dasharray")]
    assert len(tracks) == 1


@pytest.mark.parametrize("kind", EVERY_CHART)
def test_ids_are_unique_and_every_fill_reference_resolves(kind):
    root = parse(EVERY_CHART[kind]())
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    fills = {el.get("fill") for el in root.iter() if "url(" in el.get("fill", "")}
    assert {fill[5:-1] for fill in fills} <= set(ids)


def test_lazy_translated_labels_work_in_every_chart():
    from django.utils.translation import gettext_lazy

    label = gettext_lazy("Certified within 30 days")
    series = [("a", label, [50.0])]

    svg = charts.grouped_bars(
        gettext_lazy("Retention"), [gettext_lazy("90 days")], series
    )

    assert "Certified within 30 days" in svg
