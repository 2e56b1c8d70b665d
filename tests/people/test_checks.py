import pytest
from django.core.checks import run_checks

from people.conf import app_settings, check_settings


def ids(messages):
    return [message.id for message in messages]


def test_the_example_site_passes():
    assert check_settings() == []


def test_the_check_runs_with_the_system_checks(settings):
    settings.SITE_URL = "training.example.com"
    assert "people.E001" in ids(run_checks())


def test_missing_site_url_warns(settings):
    del settings.SITE_URL
    assert app_settings.SITE_URL == ""
    assert ids(check_settings()) == ["people.W001"]


@pytest.mark.parametrize(
    "value", ["training.example.com", "ftp://training.example.com", "https://"]
)
def test_site_url_without_scheme_or_host_is_an_error(settings, value):
    settings.SITE_URL = value
    assert ids(check_settings()) == ["people.E001"]


def test_missing_proxy_count_defaults_to_none(settings):
    del settings.TRUSTED_PROXY_COUNT
    assert app_settings.TRUSTED_PROXY_COUNT == 0
    assert check_settings() == []


@pytest.mark.parametrize("value", [-1, "1", 1.5, True, None])
def test_proxy_count_must_be_a_whole_number_of_zero_or_more(settings, value):
    settings.TRUSTED_PROXY_COUNT = value
    assert ids(check_settings()) == ["people.E002"]


def test_site_name_defaults_when_wagtail_has_none(settings):
    del settings.WAGTAIL_SITE_NAME
    assert app_settings.SITE_NAME == "Training"
