"""Cells a spreadsheet will not run as formulas (CSV injection).

Excel, LibreOffice and Google Sheets run a cell that begins with ``=``, ``+``,
``-`` or ``@``, and skip a tab or carriage return in front of one. So a staff
name such as ``=HYPERLINK("http://evil","click")`` in a CSV export would run
when HR opens the file. Every CSV the product writes passes its cells through
``spreadsheet_safe``, which puts an apostrophe, the spreadsheet's own "this is
text" mark, in front of such a string (OWASP's advice).

Only strings change: numbers and dates are written as they are, since a
negative number is data, not a formula. The rule lives in quizzes, and
imports nothing, so that certification's reports can share it without turning
the apps' dependencies around.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"


def spreadsheet_safe(value):
    """``value``, with an apostrophe in front if it is text a spreadsheet would
    run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return TEXT_MARK + value
    return value
