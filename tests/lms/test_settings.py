import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEV = "lms.settings.dev"
PROD = "lms.settings.production"
GOOD_SECRET = "x7" * 30 + "unique-chars-QWERTY"


def run_manage(*args, **env):
    """Run manage.py in a fresh process with the given environment."""
    dropped = {"DJANGO_SECRET_KEY", "ALLOWED_HOSTS"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_SETTINGS_MODULE=PROD, ALLOWED_HOSTS="a.example")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage(
        "check", DJANGO_SETTINGS_MODULE=PROD, DJANGO_SECRET_KEY=GOOD_SECRET
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_deploy_check_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE=PROD,
        DJANGO_SECRET_KEY=GOOD_SECRET,
        ALLOWED_HOSTS="training.example.com",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({}, "django.core.cache.backends.locmem.LocMemCache"),
        ({"REDIS_URL": "redis://127.0.0.1:6379/5"}, "redis.RedisCache"),
    ],
)
def test_cache_follows_redis_url(env, backend):
    code = (
        "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])"
    )
    result = run_manage(
        "shell", "-c", code, **{"DJANGO_SETTINGS_MODULE": DEV, "REDIS_URL": "", **env}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(backend)


def test_database_url_selects_the_database():
    code = (
        "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'])"
    )
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        DJANGO_SETTINGS_MODULE=DEV,
        DATABASE_URL="postgres://someone@db.example:5432/lms",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("postgresql")


@pytest.mark.parametrize("empty", ["", "  "])
def test_an_empty_database_url_means_the_default_sqlite_file(empty):
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], "
        "settings.DATABASES['default']['NAME'])",
        DJANGO_SETTINGS_MODULE=DEV,
        DATABASE_URL=empty,
    )
    assert result.returncode == 0, result.stderr
    engine, name = result.stdout.split()[-2:]
    assert engine == "django.db.backends.sqlite3"
    assert name == str(ROOT / "db.sqlite3")
