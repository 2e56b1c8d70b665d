"""The Russian and Latvian catalogues are complete, keep every placeholder and tag,
use the three-form plural rule, and their compiled .mo matches the .po.

Fast and without a database: it reads the files only. `.ci/check-messages` checks
the other direction (the catalogues hold exactly the strings the source marks).
"""

import gettext
import re
from collections import Counter
from functools import cache

import pytest

from tests.i18n_files import APPS, LANGUAGES, ROOT, catalogue_path, parse_po

CATALOGUES = [(app, language) for app in APPS for language in LANGUAGES]
IDS = [f"{app}-{language}" for app, language in CATALOGUES]


def _ru(n):
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and (n % 100 < 10 or n % 100 >= 20):
        return 1
    return 2


def _lv(n):
    if n % 10 == 1 and n % 100 != 11:
        return 0
    return 1 if n != 0 else 2


# The rule each language's Plural-Forms header must give (see
# docs/translation-glossary.md); compared on these numbers.
PLURAL_RULES = {"ru": _ru, "lv": _lv}
NUMBERS = range(0, 1000)


@cache
def catalogue(app, language):
    return parse_po(catalogue_path(app, language))


def _fail(app, language, what, problems):
    listed = "\n  ".join(problems)
    pytest.fail(f"{app} ({language}): {what}:\n  {listed}", pytrace=False)


def test_every_catalogue_is_checked():
    """A new app's catalogues (or a new language) must be added to APPS/LANGUAGES."""
    found = {
        path.relative_to(ROOT).as_posix()
        for path in ROOT.glob("*/locale/*/LC_MESSAGES/*.po")
    }
    expected = {
        catalogue_path(app, language).relative_to(ROOT).as_posix()
        for app, language in CATALOGUES
    }
    assert found == expected
    for app, language in CATALOGUES:
        assert catalogue_path(app, language, ext="mo").is_file(), (app, language)


@pytest.mark.parametrize(("app", "language"), CATALOGUES, ids=IDS)
def test_plural_forms_header(app, language):
    header = catalogue(app, language).header
    assert header.get("Language") == language, f"{app} ({language}): Language header"
    assert header.get("Content-Type") == "text/plain; charset=UTF-8", (
        f"{app} ({language}): Content-Type header"
    )
    match = re.fullmatch(
        r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*",
        header.get("Plural-Forms", ""),
    )
    assert match, f"{app} ({language}): no Plural-Forms header"
    assert int(match[1]) == 3, f"{app} ({language}): nplurals={match[1]}, not 3"
    plural = gettext.c2py(match[2])
    rule = PLURAL_RULES[language]
    wrong = [n for n in NUMBERS if plural(n) != rule(n)]
    assert not wrong, (
        f"{app} ({language}): the Plural-Forms rule picks another form for {wrong[:10]}"
    )


@pytest.mark.parametrize(("app", "language"), CATALOGUES, ids=IDS)
def test_every_entry_is_translated(app, language):
    problems = []
    for entry in catalogue(app, language).entries:
        if entry.fuzzy:
            problems.append(f"fuzzy: {entry.label()}")
            continue
        forms = range(3) if entry.msgid_plural is not None else range(1)
        if sorted(entry.msgstrs) != list(forms):
            problems.append(
                f"forms {sorted(entry.msgstrs)} instead of {list(forms)}: "
                f"{entry.label()}"
            )
        elif not all(entry.msgstrs[form].strip() for form in forms):
            problems.append(f"untranslated: {entry.label()}")
    if problems:
        _fail(app, language, "entries without a translation", problems)


# %(name)s, %s, %d, ... as Python's % operator reads them; %% is a literal sign.
PERCENT = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?"
    r"(?P<type>[diouxXeEfFgGcrsa%])"
)
# Only %(name)s: what a string without the python-format flag may still hold.
NAMED = re.compile(r"%\((?P<name>\w+)\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
BRACE = re.compile(r"\{(?P<name>\w*)(?:![rsa])?(?::[^{}]*)?\}")
# Tags of these elements count; other <...> text ("<reply key>") is prose.
# fmt: off
HTML_ELEMENTS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "button", "cite", "code",
    "data", "dd", "del", "dfn", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark", "ol", "p",
    "pre", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
})
# fmt: on
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s[^<>]*)?)>")
ATTRIBUTE = re.compile(r"([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=")


def placeholders(text, flags, msgid):
    """What a translation must keep of `msgid`'s formatting: named and positional
    % placeholders, {name} fields and HTML tags (element and attribute names)."""
    found = Counter()
    if "python-format" in flags:
        for match in PERCENT.finditer(text):
            if match["type"] == "%":
                continue
            if match["name"] is not None:
                found[("%", match["name"])] = 1  # a named one may be repeated
            else:
                found[("%", match["type"])] += 1
    else:
        for match in NAMED.finditer(text):
            found[("%", match["name"])] = 1
    if "python-brace-format" in flags or BRACE.search(msgid.replace("{{", "")):
        for match in BRACE.finditer(text.replace("{{", "").replace("}}", "")):
            found[("{}", match["name"])] = 1
    for match in TAG.finditer(text):
        closing, name, attributes = match.groups()
        if name.lower() in HTML_ELEMENTS:
            names = " ".join(sorted(ATTRIBUTE.findall(attributes)))
            found[("tag", f"<{closing}{name.lower()} {names}>".replace(" >", ">"))] += 1
    return found


def _describe(counter):
    shown = {"%": "%({})", "{}": "{{{}}}", "tag": "{}"}
    return sorted(
        shown[kind].format(name) if not (kind == "%" and len(name) == 1) else f"%{name}"
        for kind, name in counter
    )


@pytest.mark.parametrize(("app", "language"), CATALOGUES, ids=IDS)
def test_placeholders_match(app, language):
    rule = PLURAL_RULES[language]
    # msgstr[0] answers only n == 1 in some languages (and may say "one" there);
    # in ru and lv it also answers 21, 31, ... and must show the number.
    form_zero_only_one = {n for n in NUMBERS if rule(n) == 0} == {1}
    problems = []
    for entry in catalogue(app, language).entries:
        if entry.msgid_plural is None:
            sources = {0: [entry.msgid]}
        else:
            sources = {n: [entry.msgid_plural] for n in entry.msgstrs}
            if form_zero_only_one:
                sources[0].append(entry.msgid)
        for form, msgstr in sorted(entry.msgstrs.items()):
            if not msgstr:
                continue  # reported by test_every_entry_is_translated
            have = placeholders(msgstr, entry.flags, entry.msgid)
            wanted = [placeholders(s, entry.flags, entry.msgid) for s in sources[form]]
            if have not in wanted:
                missing = _describe(wanted[0] - have)
                extra = _describe(have - wanted[0])
                which = f"msgstr[{form}]" if entry.msgid_plural is not None else ""
                problems.append(
                    f"{entry.label()} {which} missing {missing}, extra {extra}"
                )
    if problems:
        _fail(app, language, "placeholders or tags differ from the msgid", problems)


@pytest.mark.parametrize(("app", "language"), CATALOGUES, ids=IDS)
def test_compiled_catalogue_matches_po(app, language):
    """The committed django.mo is what compilemessages makes of the django.po."""
    po = catalogue(app, language)
    with catalogue_path(app, language, ext="mo").open("rb") as file:
        mo = gettext.GNUTranslations(file)
    # The parsed catalogue: {msgid: msgstr} and {(msgid, n): msgstr[n]}, where a
    # msgid with a context is "context\x04msgid" (as gettext.pgettext looks it up).
    compiled = {key: value for key, value in mo._catalog.items() if key != ""}
    problems = []
    expected = {}
    for entry in po.entries:
        if entry.fuzzy or not all(entry.msgstrs.values()):
            continue  # msgfmt leaves these out; test_every_entry_is_translated fails
        msgid = entry.msgid
        if entry.msgctxt is not None:
            msgid = f"{entry.msgctxt}\x04{msgid}"
        if entry.msgid_plural is None:
            expected[msgid] = entry.msgstr
        else:
            for form, msgstr in entry.msgstrs.items():
                expected[(msgid, form)] = msgstr
    for key, msgstr in expected.items():
        if key not in compiled:
            problems.append(f"not in the .mo: {key!r}")
        elif compiled[key] != msgstr:
            problems.append(f"the .mo has {compiled[key]!r} for {key!r}")
    problems += [f"only in the .mo: {key!r}" for key in compiled.keys() - expected]
    rule = PLURAL_RULES[language]
    if any(mo.plural(n) != rule(n) for n in NUMBERS):
        problems.append("the .mo has another plural rule")
    if problems:
        _fail(
            app,
            language,
            "django.mo is out of date: run `make messages` (compilemessages)",
            problems,
        )
