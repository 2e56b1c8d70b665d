"""Our interface strings in English, and finding them in what a page shows.

``english_strings("ru")`` reads the Russian catalogues of our apps (not Django's
or Wagtail's) and keeps each msgid (and plural msgid) that a Russian reader
should never see in English: those translated into something else, and those
not translated at all. A msgid whose translation is the msgid itself ("E-mail",
"CSV", a product name) is the same in both languages and never counts.

``found_on(text, strings)`` is which of them a page shows. To stay clear of
false alarms from English content (lesson text, question texts, names):

- a msgid is compared with its placeholders (``%(name)s``, ``%s``, ``{name}``,
  ``{{ … }}``) and HTML tags taken out, as the literal pieces between them;
- pieces are found as phrases (not inside a longer word): content rarely
  repeats one of our phrases of three words or more word for word;
- a single word or a pair (a column heading, a button, "The customer") counts
  only when it is a whole text of its own on the page (a text node, a line, a
  tooltip or label), and only from four letters up: "Name" alone in a table
  heading is ours, "name" in a sentence of a lesson is not, and "OK", "PDF" or
  "to" are not worth a guess;
- a phrase of three words or more without placeholders counts anywhere;
- a msgid with placeholders counts when every piece of four letters or more is
  in one text and at least one of them is a phrase: "%(count)s days" is too
  loose to tell from content, "Pass the quiz of “%(title)s”" is not;
- text in ``<code>`` (a role-play step's key) is an identifier, not English;
- ``found_on(..., content=names)`` leaves out texts that are names of the
  site's content ("Training" is a department, not our menu).
"""

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
APPS = ("people", "courses", "quizzes", "roleplays", "certification", "reports", "lms")
PLACEHOLDER = re.compile(
    r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdif]|%[sdif]|\{\{.*?\}\}|\{%.*?%\}"
    r"|\{[A-Za-z_][A-Za-z_0-9]*\}|<[^>]+>"
)
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
MIN_LETTERS = 4


@dataclass(frozen=True)
class English:
    """One msgid to look for: ``pieces`` are its literal parts, in order."""

    msgid: str
    pieces: tuple[str, ...]
    source: str

    whole_only: bool  # a word or two: only a text of its own counts


def catalogue_paths(language: str) -> list[Path]:
    return [
        ROOT / app / "locale" / language / "LC_MESSAGES" / "django.po" for app in APPS
    ]


def _squash(text: str) -> str:
    return " ".join(text.split())


def _letters(piece: str) -> int:
    return sum(len(word) for word in WORD.findall(piece))


def _pattern(msgid: str, source: str) -> English | None:
    pieces = [_squash(p) for p in PLACEHOLDER.split(msgid)]
    has_placeholders = len(pieces) > 1
    pieces = [p for p in pieces if _letters(p) >= MIN_LETTERS]
    if not pieces:
        return None
    phrases = [p for p in pieces if len(WORD.findall(p)) >= 2]
    if has_placeholders and not phrases:
        return None
    short = not has_placeholders and len(WORD.findall(pieces[0])) < 3
    return English(msgid, tuple(pieces), source, whole_only=short)


@functools.cache
def english_strings(language: str) -> tuple[English, ...]:
    """Every msgid of our catalogues in ``language`` that is English on a page."""
    import polib
    from django.conf import settings

    # The language switch names each language in itself ("English" on a
    # Russian page): those are Django's names, not our English.
    own_names = {str(name) for _code, name in settings.LANGUAGES}
    with translation.override("en"):
        own_names |= {str(name) for _code, name in settings.LANGUAGES}
    found: dict[str, English] = {}
    for path in catalogue_paths(language):
        if not path.exists():
            continue
        source = str(path.relative_to(ROOT))
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            if entry.msgid_plural:
                pairs = [
                    (entry.msgid, entry.msgstr_plural.get(0, "")),
                    (entry.msgid_plural, entry.msgstr_plural.get(1, "")),
                ]
            else:
                pairs = [(entry.msgid, entry.msgstr)]
            for msgid, msgstr in pairs:
                if msgstr == msgid and not entry.fuzzy:
                    continue  # the same in both languages
                if msgid in own_names:
                    continue
                pattern = _pattern(msgid, source)
                if pattern is not None:
                    found.setdefault(pattern.msgid, pattern)
    return tuple(found.values())


@functools.cache
def _compiled(piece: str) -> re.Pattern:
    """``piece`` as a phrase, not inside a longer word (texts are squashed)."""
    body = " ".join(re.escape(part) for part in piece.split())
    before = r"(?<![^\W_])" if WORD.match(piece) else ""
    after = r"(?![^\W_])" if piece[-1].isalpha() else ""
    return re.compile(before + body + after)


def found_on(
    texts: list[tuple[str, str]], strings, *, content=frozenset()
) -> list[tuple[English, str, str]]:
    """The ``strings`` that the page's ``texts`` (its text nodes, lines, titles,
    labels and placeholders, each on its own, with where it is) show in
    English, each with the first text that shows it and where. Texts in
    ``content`` (names of the site's things) are left out."""
    wholes: dict[str, str] = {}
    for text, where in texts:
        text = _squash(text)
        if text in content:
            continue
        # Trailing punctuation or a colon ("Status:") does not make it content.
        for variant in (text, text.rstrip(":.…*").strip()):
            if variant:
                wholes.setdefault(variant, where)
    ordered = sorted(wholes, key=len)
    hits = []
    for english in strings:
        if english.whole_only:
            shown = english.pieces[0] if english.pieces[0] in wholes else None
        else:
            patterns = [_compiled(piece) for piece in english.pieces]
            # All the pieces in one text (a sentence, its placeholders filled).
            shown = next(
                (t for t in ordered if all(p.search(t) for p in patterns)), None
            )
        if shown is not None:
            hits.append((english, shown, wholes[shown]))
    return hits


# What the browser reads off a page: every visible text node, the lines of the
# page's text, the title, and what tooltips, labels and empty fields say. The
# admin's sidebar is drawn from a JSON document: its menus' labels count too,
# folded or not.
PAGE_TEXTS = """() => {
    const texts = [[document.title, "the title"]];
    const skip = ["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "CODE", "KBD"];
    const tag = (element) => element.tagName.toLowerCase()
        + (element.id ? `#${element.id}` : "")
        + (element.classList.length ? `.${element.classList[0]}` : "");
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || skip.includes(parent.tagName)) continue;
        const shown = parent.checkVisibility({visibilityProperty: true});
        if (parent.tagName !== "OPTION" && !shown) continue;
        texts.push([node.textContent, `text of ${tag(parent)}`]);
    }
    for (const line of document.body.innerText.split("\\n")) {
        texts.push([line, "a line of the page"]);
    }
    const names = ["title", "aria-label", "placeholder", "alt", "aria-description"];
    const selector = names.map((name) => `[${name}]`).join();
    for (const element of document.querySelectorAll(selector)) {
        if (element.closest("svg")) continue;
        for (const name of names) {
            const value = element.getAttribute(name);
            if (value) texts.push([value, `${name} of ${tag(element)}`]);
        }
    }
    const buttons = "input[type=submit], input[type=button]";
    for (const button of document.querySelectorAll(buttons)) {
        texts.push([button.value, `value of ${tag(button)}`]);
    }
    const sidebar = document.getElementById("wagtail-sidebar-props");
    if (sidebar) {
        JSON.stringify(JSON.parse(sidebar.textContent), (key, value) => {
            if (key === "label" && typeof value === "string") {
                texts.push([value, "the sidebar's menus"]);
            }
            return value;
        });
    }
    return texts;
}"""
