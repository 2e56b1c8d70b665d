"""Reading the gettext catalogues (.po) for tests/test_translations.py and
.ci/check-messages.

A small parser for the files `makemessages` writes: msgctxt, msgid, msgid_plural,
msgstr and msgstr[n], strings continued over several lines, the flags line ("#,")
and the header. Obsolete entries ("#~") and the other comments are skipped.
"""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The apps with catalogues of their own, and the example site (LOCALE_PATHS).
APPS = ("people", "courses", "quizzes", "roleplays", "certification", "reports", "lms")
LANGUAGES = ("ru", "lv")


def catalogue_path(app: str, language: str, root: Path = ROOT, ext: str = "po"):
    return root / app / "locale" / language / "LC_MESSAGES" / f"django.{ext}"


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    # msgstr for a singular entry is msgstrs[0]; msgstr[n] is msgstrs[n].
    msgstrs: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        """What identifies the entry: its context, msgid and msgid_plural."""
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def msgstr(self) -> str:
        return self.msgstrs.get(0, "")

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    def label(self) -> str:
        """The entry as a failure message shows it."""
        text = repr(self.msgid)
        if self.msgctxt is not None:
            text = f"[{self.msgctxt}] {text}"
        if self.msgid_plural is not None:
            text += f" / {self.msgid_plural!r}"
        return f"line {self.line}: {text}"


@dataclass
class Catalogue:
    path: Path
    header: dict[str, str]
    entries: list[Entry]

    def keys(self) -> set[tuple[str | None, str, str | None]]:
        return {entry.key for entry in self.entries}


_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$")


def _unquote(text: str, path, number: int) -> str:
    text = text.strip()
    if not (len(text) >= 2 and text[0] == text[-1] == '"'):
        raise ValueError(f"{path}:{number}: expected a quoted string: {text}")
    # PO strings use C escapes (\n, \t, \", \\); a Python literal reads them the
    # same way, and the UTF-8 text around them is left as it is.
    return ast.literal_eval(text)


def parse_po(path: Path) -> Catalogue:
    """Read a .po file; the header entry (msgid "") goes to Catalogue.header."""
    entries: list[Entry] = []
    flags: set[str] = set()
    current: dict = {}
    target: tuple | None = None  # the (field, index) the next "..." lines continue
    start = 0

    def finish():
        nonlocal current, flags, target
        if current:
            if "msgid" not in current:
                raise ValueError(f"{path}:{start}: entry without msgid")
            entries.append(
                Entry(
                    msgid=current["msgid"],
                    msgctxt=current.get("msgctxt"),
                    msgid_plural=current.get("msgid_plural"),
                    msgstrs=current.get("msgstr", {}),
                    flags=flags,
                    line=start,
                )
            )
        current, flags, target = {}, set(), None

    text = path.read_text(encoding="utf-8")
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#"):
            # A comment after the strings starts the next entry.
            if current and target is not None and target[0] == "msgstr":
                finish()
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            # "#~" obsolete entries, "#:" locations and the other comments: skipped.
            continue
        if line.startswith('"'):
            if target is None:
                raise ValueError(f"{path}:{number}: string outside an entry")
            name, index = target
            value = _unquote(line, path, number)
            if name == "msgstr":
                current["msgstr"][index] += value
            else:
                current[name] += value
            continue
        match = _KEYWORD.match(line)
        if not match:
            raise ValueError(f"{path}:{number}: cannot read: {raw}")
        keyword, index, value = match.groups()
        value = _unquote(value, path, number)
        if keyword in ("msgctxt", "msgid") and target and target[0] == "msgstr":
            finish()  # entries not separated by a blank line
        if not current:
            start = number
        if keyword.startswith("msgstr"):
            position = int(index) if index is not None else 0
            current.setdefault("msgstr", {})[position] = value
            target = ("msgstr", position)
        else:
            if keyword in current:
                raise ValueError(f"{path}:{number}: {keyword} given twice")
            current[keyword] = value
            target = (keyword, None)
    finish()

    header: dict[str, str] = {}
    found = [e for e in entries if e.msgid == "" and e.msgctxt is None]
    if found:
        for item in found[0].msgstr.splitlines():
            name, _, value = item.partition(":")
            if name.strip():
                header[name.strip()] = value.strip()
    return Catalogue(
        path=path,
        header=header,
        entries=[e for e in entries if not (e.msgid == "" and e.msgctxt is None)],
    )
