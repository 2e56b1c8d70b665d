import pytest
from django.core.checks import run_checks

from certification.conf import app_settings, check_settings


def ids(messages):
    return [message.id for message in messages]


def test_the_example_site_passes():
    assert check_settings() == []


def test_the_check_runs_with_the_system_checks(settings):
    settings.VERIFY_RATE_LIMIT = 0
    assert "certification.E001" in ids(run_checks())


def test_defaults(settings):
    for name in ("VERIFY_RATE_LIMIT", "CERTIFICATE_FONTS"):
        if hasattr(settings, name):
            delattr(settings, name)
    assert app_settings.VERIFY_RATE_LIMIT == 30
    assert app_settings.CERTIFICATE_FONTS is None
    assert check_settings() == []


@pytest.mark.parametrize("value", [0, -5, "30", 2.5, None])
def test_verify_rate_limit_must_be_a_positive_whole_number(settings, value):
    settings.VERIFY_RATE_LIMIT = value
    assert ids(check_settings()) == ["certification.E001"]


@pytest.mark.parametrize(
    "value", ["/fonts/a.ttf", ("/fonts/a.ttf",), ("a", "b", "c"), (1, 2)]
)
def test_certificate_fonts_must_be_a_pair_of_paths(settings, value):
    settings.CERTIFICATE_FONTS = value
    assert ids(check_settings()) == ["certification.E002"]


def test_missing_certificate_font_files_warn(settings, tmp_path):
    regular = tmp_path / "regular.ttf"
    regular.write_bytes(b"")
    settings.CERTIFICATE_FONTS = (str(regular), str(tmp_path / "bold.ttf"))
    assert ids(check_settings()) == ["certification.W001"]
