"""Import and export a question bank as CSV or JSON.

Both formats carry the same data and survive a round trip: exporting a bank and
importing the file into an empty bank gives the same questions. An import is
read and checked completely first; if any question is bad, every bad row is
reported and nothing is written.

CSV layout: UTF-8, one question per row, with this header (columns in any order)::

    category,kind,text,points,partial_credit,answer_is_true,accepted_answers,
    explanation,clauses,choices

- ``category``: the category's name, or empty; missing categories are created.
- ``kind``: single, multiple, true_false, ordering, matching, short_text, essay.
- ``points``: a whole number from 1 to 100 (empty: 1).
- ``partial_credit``: yes or no (also true/false, 1/0; empty: no).
- ``answer_is_true``: true or false for true_false questions, else empty.
- ``accepted_answers``: short_text only, separated by ``|``.
- ``clauses``: codes of the standard's clauses, separated by ``|`` (e.g.
  ``TEL-1|TEL-2``).
- ``choices``: the choices in order, separated by ``|``; each is
  ``text::correct::match::feedback``, and trailing empty parts may be left
  out. ``correct`` is yes or empty. Ordering questions list their items in the
  correct order; matching questions put the right-hand side in ``match``
  (``Left side::::Right side``). Examples: ``Three rings::yes|Five rings``;
  ``Greeting|Need|Offer``.

A backslash makes the next character literal inside ``accepted_answers``,
``clauses`` and ``choices``: ``\\|`` for a bar, ``\\:`` for a colon next to
another colon or ending a part, ``\\\\`` for a backslash. Errors name the line
a row starts on. One leading apostrophe is taken off every cell: the export
puts one before text a spreadsheet would run as a formula (``=1+1`` is written
``'=1+1``) and before text that begins with an apostrophe (see ``csv_format``).

JSON layout: ``{"format": "quiz-bank", "version": 1, "bank": {"name",
"description"}, "categories": [names], "questions": [...]}``, each question an
object with the keys of the CSV columns: ``accepted_answers`` and ``clauses``
are lists of strings, ``answer_is_true`` is true, false or null, and
``choices`` is a list of ``{"text", "is_correct", "match", "feedback"}``.
Only ``kind`` and ``text`` are required. Errors name the question's number.
"""

from quizzes.transfer.csv_format import (
    CSV_HEADER,
    encode_choices,
    escape,
    export_csv,
    read_csv,
    split_cell,
)
from quizzes.transfer.json_format import export_json, read_json, record_as_dict
from quizzes.transfer.records import (
    BankImport,
    ImportResult,
    QuestionRecord,
    RowError,
    bank_records,
    import_questions,
    record_errors,
)

__all__ = [
    "CSV_HEADER",
    "BankImport",
    "ImportResult",
    "QuestionRecord",
    "RowError",
    "bank_records",
    "encode_choices",
    "escape",
    "export_csv",
    "export_json",
    "import_questions",
    "read_csv",
    "read_file",
    "read_json",
    "record_as_dict",
    "record_errors",
    "split_cell",
]


def read_file(content: bytes, *, file_name: str = "") -> BankImport:
    """Read a CSV or JSON file, told apart by its name, else by its first byte."""
    name = file_name.lower()
    if name.endswith(".json"):
        return read_json(content)
    if name.endswith(".csv"):
        return read_csv(content)
    return (
        read_json(content)
        if content.lstrip()[:1] in (b"{", b"[")
        else read_csv(content)
    )
