"""Which addresses the fetcher may connect to."""

from __future__ import annotations

import pytest

from jobintel.runtime.fetch import address_refusal, retry_after_seconds

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.9", "private"),
        ("192.168.1.1", "private"),
        ("fd12:3456::1", "private"),
        ("169.254.10.1", "link-local"),
        ("fe80::1", "link-local"),
        ("100.64.0.7", "shared"),
        ("169.254.169.254", "metadata"),
        ("fd00:ec2::254", "metadata"),
        ("100.100.100.200", "metadata"),
        ("::ffff:127.0.0.1", "IPv4-mapped"),
        ("::ffff:8.8.8.8", "IPv4-mapped"),
        ("64:ff9b::a00:1", "NAT64"),
        ("64:ff9b:1::1", "NAT64"),
        ("2002:a00:1::1", "6to4"),
        ("0.0.0.0", "reserved"),
        ("224.0.0.1", "multicast"),
        ("fec0::1", "site-local"),
        ("fec0:0:0:ffff::1", "site-local"),
        ("3fff::1", "documentation"),
        ("2001:db8::1", "private"),
        ("192.0.0.8", "IETF protocol"),
        ("192.88.99.1", "6to4 relay"),
        ("198.18.0.1", "private"),
        ("240.0.0.1", "reserved"),
        ("5f00::1", "reserved"),
    ],
)
def test_non_public_addresses_are_refused(address: str, reason: str) -> None:
    refusal = address_refusal(address, allow_private=False)
    assert refusal is not None
    assert reason in refusal


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700::1111", "8.8.8.8"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert address_refusal(address, allow_private=False) is None


def test_allowing_private_networks_never_opens_metadata() -> None:
    assert address_refusal("127.0.0.1", allow_private=True) is None
    assert address_refusal("10.0.0.5", allow_private=True) is None
    assert address_refusal("169.254.169.254", allow_private=True) == "a cloud metadata endpoint"
    assert address_refusal("::ffff:10.0.0.1", allow_private=True) is not None


def test_retry_after_reads_seconds_and_dates() -> None:
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("soon") is None
    # Tue, 24 Nov 2026 06:00:10 GMT is 10 s after the `now` given
    assert retry_after_seconds("Tue, 24 Nov 2026 06:00:10 GMT", now=1795500000.0) == pytest.approx(
        10.0, abs=0.01
    )
