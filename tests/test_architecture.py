"""The apps depend one way: people, quizzes <- courses <- roleplays <-
certification <- reports. An app imports nothing, and its templates include or
load nothing, from an app further right; a lower app learns of a higher one only
through the hooks the higher one registers."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# people and quizzes are both at the bottom; quizzes reads people's settings.
RANK = {
    "people": 0,
    "quizzes": 1,
    "courses": 2,
    "roleplays": 3,
    "certification": 4,
    "reports": 5,
}
TEMPLATE_DIRS = {
    "training": "people",
    "registration": "people",
    **{app: app for app in RANK},
}
TAG_LIBRARIES = {
    "training": "people",
    "roleplay_tags": "roleplays",
    "certificate_dates": "certification",
}
TEMPLATE_NAME = re.compile(r"{%\s*(?:include|extends)\s+[\"']([a-z_]+)/")
LOAD = re.compile(r"{%\s*load\s+([^%]+)%}")


def imported_apps(path: Path) -> set[str]:
    """The project apps a Python file imports, anywhere in it."""
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & set(RANK)


def template_apps(path: Path) -> set[str]:
    """The apps whose templates or tag libraries a template uses."""
    text = path.read_text()
    apps = {TEMPLATE_DIRS[d] for d in TEMPLATE_NAME.findall(text) if d in TEMPLATE_DIRS}
    for names in LOAD.findall(text):
        apps |= {TAG_LIBRARIES[n] for n in names.split() if n in TAG_LIBRARIES}
    return apps


def upward(app: str, used: set[str]) -> list[str]:
    return sorted(other for other in used if RANK[other] > RANK[app])


def app_files(app: str, pattern: str) -> list[Path]:
    return [
        path
        for path in (ROOT / app).rglob(pattern)
        if "migrations" not in path.parts and "__pycache__" not in path.parts
    ]


@pytest.mark.parametrize("app", RANK)
def test_python_imports_point_down(app):
    found = {
        str(path.relative_to(ROOT)): upward(app, imported_apps(path))
        for path in app_files(app, "*.py")
    }
    assert {path: apps for path, apps in found.items() if apps} == {}


@pytest.mark.parametrize("app", RANK)
def test_templates_point_down(app):
    found = {
        str(path.relative_to(ROOT)): upward(app, template_apps(path))
        for path in app_files(app, "*.html")
    }
    assert {path: apps for path, apps in found.items() if apps} == {}


def test_the_check_sees_an_upward_import(tmp_path):
    source = tmp_path / "example.py"
    source.write_text("def f():\n    from roleplays.models import RolePlayPage\n")
    assert upward("courses", imported_apps(source)) == ["roleplays"]
    template = tmp_path / "page.html"
    template.write_text('{% load i18n roleplay_tags %}{% include "reports/x.html" %}')
    assert upward("courses", template_apps(template)) == ["reports", "roleplays"]
