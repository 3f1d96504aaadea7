"""The client address comes through the configured number of trusted proxies only."""

import pytest
from django.test import RequestFactory

from backend.common.client import client_ip


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        (0, "", "10.0.0.2"),
        (0, "203.0.113.7", "10.0.0.2"),  # no proxy of ours: the header is anyone's
        (1, "203.0.113.7", "203.0.113.7"),  # our nginx overwrote it with the peer it saw
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # a made-up first entry is ignored
        (2, "198.51.100.1, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.2"),  # fewer hops than proxies: nothing is vouched for
        (1, " , ", "10.0.0.2"),
    ],
)
def test_client_ip(settings, trusted, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = trusted
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
