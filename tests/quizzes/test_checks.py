import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.checks import run_checks

from quizzes.conf import app_settings, check_settings
from quizzes.models import Question


def ids(messages):
    return [message.id for message in messages]


def test_the_example_site_passes():
    assert check_settings() == []


def test_the_check_runs_with_the_system_checks(settings):
    settings.QUIZZES_CLAUSE_MODEL = "courses.Nothing"
    assert "quizzes.E001" in ids(run_checks())


def test_clause_model_defaults_to_the_one_the_migrations_use(settings):
    del settings.QUIZZES_CLAUSE_MODEL
    assert app_settings.CLAUSE_MODEL == "courses.Clause"
    assert check_settings() == []
    assert Question.clauses.field.related_model._meta.label == "courses.Clause"


@pytest.mark.parametrize("value", ["courses.Nothing", "nowhere.Clause", "Clause", ""])
def test_clause_model_that_is_not_installed_is_an_error(settings, value):
    settings.QUIZZES_CLAUSE_MODEL = value
    assert ids(check_settings()) == ["quizzes.E001"]


def test_another_installed_clause_model_is_fine(settings):
    settings.QUIZZES_CLAUSE_MODEL = "people.Department"
    assert check_settings() == []


STARTS_WITHOUT_THE_SETTING = """
from lms.settings import test as site_settings

del site_settings.QUIZZES_CLAUSE_MODEL
import django

django.setup()
from django.core.management import call_command

call_command("check", fail_level="WARNING")
call_command("makemigrations", "quizzes", check=True, dry_run=True)
"""


def test_quizzes_start_without_the_setting():
    result = subprocess.run(
        [sys.executable, "-c", STARTS_WITHOUT_THE_SETTING],
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test"},
        cwd=django_settings.BASE_DIR,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# A site with quizzes and people only: no courses, roleplays, certification or
# reports; questions tagged with a model of the site's choosing.
INSTALLS_WITHOUT_COURSES = """
from lms.settings import test as site_settings

LEFT_OUT = {"courses", "roleplays", "certification", "reports"}
site_settings.INSTALLED_APPS = [
    app for app in site_settings.INSTALLED_APPS if app not in LEFT_OUT
]
site_settings.QUIZZES_CLAUSE_MODEL = "people.Department"
site_settings.ROOT_URLCONF = "quizzes.urls"
site_settings.DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
}
import django

django.setup()
from django.core.management import call_command

call_command("migrate", "quizzes", verbosity=0)
call_command("makemigrations", "quizzes", check=True, dry_run=True)
from people.models import Department
from quizzes.models import Question, QuestionBank

bank = QuestionBank.objects.create(name="Alone")
question = Question.objects.create(bank=bank, text="Ready?", kind="true_false")
question.clauses.add(Department.objects.create(name="Front desk"))
print(question.clauses.get().name)
"""


def test_quizzes_install_without_the_courses_app():
    result = subprocess.run(
        [sys.executable, "-c", INSTALLS_WITHOUT_COURSES],
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test"},
        cwd=django_settings.BASE_DIR,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("Front desk")
