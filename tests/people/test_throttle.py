"""Which address a rate limit counts: X-Forwarded-For only from trusted proxies."""

import pytest
from django.test import RequestFactory

from people.throttle import client_address

PROXY = "10.0.0.2"


def request_from(forwarded_for=None):
    headers = {"REMOTE_ADDR": PROXY}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **headers)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_address(request_from("203.0.113.7")) == PROXY


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "client"),
    [
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        (2, "198.51.100.1, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
        (2, "203.0.113.7,10.0.0.1", "203.0.113.7"),
    ],
)
def test_the_client_is_the_nth_forwarded_address_from_the_right(
    settings, proxies, forwarded_for, client
):
    settings.TRUSTED_PROXY_COUNT = proxies

    assert client_address(request_from(forwarded_for)) == client


@pytest.mark.parametrize("forwarded_for", [None, "", "10.0.0.1"])
def test_a_header_shorter_than_the_proxy_chain_is_ignored(settings, forwarded_for):
    settings.TRUSTED_PROXY_COUNT = 2

    assert client_address(request_from(forwarded_for)) == PROXY
