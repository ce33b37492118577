"""The client's address behind trusted proxies (egov_plugin.core.clientip), as forged headers
meet it."""

import pytest
from django.core.checks import run_checks

from egov_plugin.core.clientip import client_ip

LB, NGINX = "10.99.0.1", "127.0.0.1"


def _ip(rf, forwarded=None, remote=NGINX):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(rf.get("/", **extra))


def test_without_proxy_settings_the_header_is_ignored(rf):
    assert _ip(rf, "10.20.3.4", remote="203.0.113.7") == "203.0.113.7"


def test_one_proxy_takes_the_address_it_appended_not_the_first(rf, settings):
    settings.EGOV_TRUSTED_PROXY_COUNT = 1
    assert _ip(rf, "203.0.113.7") == "203.0.113.7"
    # The client wrote "10.20.3.4"; nginx appended what it saw.
    assert _ip(rf, "10.20.3.4, 203.0.113.7") == "203.0.113.7"
    assert _ip(rf, "1.1.1.1, 2.2.2.2, 3.3.3.3, 203.0.113.7") == "203.0.113.7"
    assert _ip(rf) == NGINX  # a request nginx itself made


def test_two_proxies_count_two_entries_from_the_right(rf, settings):
    settings.EGOV_TRUSTED_PROXY_COUNT = 2
    # client -> load balancer (appends the client) -> nginx (appends the LB) -> app
    assert _ip(rf, f"10.20.3.4, 203.0.113.7, {LB}") == "203.0.113.7"


def test_a_list_of_proxies_skips_only_the_trusted_hops(rf, settings):
    settings.EGOV_TRUSTED_PROXIES = ["127.0.0.1", "10.99.0.0/24"]
    assert _ip(rf, f"10.20.3.4, 203.0.113.7, {LB}") == "203.0.113.7"
    # The client claims to be a proxy itself: it is the first untrusted address anyway.
    assert _ip(rf, f"10.99.0.5, 203.0.113.7, {LB}") == "203.0.113.7"
    # A request straight from an untrusted address keeps that address, whatever it claims.
    assert _ip(rf, "10.20.3.4", remote="203.0.113.7") == "203.0.113.7"


def test_count_and_list_together_never_skip_more_than_the_count(rf, settings):
    settings.EGOV_TRUSTED_PROXIES = "127.0.0.1, 10.99.0.0/24"
    settings.EGOV_TRUSTED_PROXY_COUNT = 1
    assert _ip(rf, f"203.0.113.7, {LB}") == LB


def test_garbage_in_the_header_falls_back_to_remote_addr(rf, settings):
    settings.EGOV_TRUSTED_PROXY_COUNT = 1
    assert _ip(rf, "not-an-address") == NGINX
    assert _ip(rf, "<script>") == NGINX
    assert _ip(rf, "203.0.113.7:51234") == "203.0.113.7"
    assert _ip(rf, "[2001:db8::1]:443") == "2001:db8::1"


def test_ipv4_mapped_addresses_are_ipv4(rf):
    assert _ip(rf, remote="::ffff:10.20.3.4") == "10.20.3.4"


def test_the_deprecated_switch_means_one_proxy_and_warns(rf, settings):
    settings.EGOV_TRUST_X_FORWARDED_FOR = True
    assert _ip(rf, "10.20.3.4, 203.0.113.7") == "203.0.113.7"
    assert "egov_core.W004" in {m.id for m in run_checks()}


@pytest.mark.parametrize(
    "name, value, check",
    [("EGOV_TRUSTED_PROXIES", ["10.0.0.0/33"], "egov_core.E005"),
     ("EGOV_TRUSTED_PROXY_COUNT", -1, "egov_core.E006")],
)  # fmt: skip
def test_unusable_proxy_settings_are_refused_by_a_system_check(settings, name, value, check):
    setattr(settings, name, value)
    assert check in {m.id for m in run_checks()}
