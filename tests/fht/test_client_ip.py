"""The device's address that lockouts, sessions and the audit trail record: the connection's, or
behind trusted proxies the one they vouch for; never one the client wrote itself."""

import pytest
from django.test import RequestFactory, override_settings

from fht.auth import client_ip


def _request(forwarded: str | None, remote: str = "10.0.0.9"):  # type: ignore[no-untyped-def]
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, None, "10.0.0.9"),
        (0, "198.51.100.66", "10.0.0.9"),  # no proxy: the header is the client's own word
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.66, 203.0.113.7", "203.0.113.7"),  # a planted entry on the left
        (2, "198.51.100.66, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.9"),  # fewer hops than proxies: not vouched for
        (1, "", "10.0.0.9"),
        (1, None, "10.0.0.9"),
        (1, "not-an-address", "10.0.0.9"),
        (1, "203.0.113.7, <script>", "10.0.0.9"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_address_is_the_one_the_trusted_proxies_vouch_for(
    proxies: int, forwarded: str | None, expected: str
) -> None:
    with override_settings(FHT_PROXY_COUNT=proxies):
        assert client_ip(_request(forwarded)) == expected


@pytest.mark.django_db
def test_lockouts_count_the_vouched_for_address(client) -> None:  # type: ignore[no-untyped-def]
    from axes.helpers import get_client_ip_address

    with override_settings(FHT_PROXY_COUNT=1):
        assert get_client_ip_address(_request("198.51.100.66, 203.0.113.7")) == "203.0.113.7"
