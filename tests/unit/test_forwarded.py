"""Whose word counts on which address the browser used: the trusted proxies', nobody else's."""

import pytest

from api import forwarded
from api.forwarded import BrowserAddress, browser_address, networks, peer_is_trusted, same_origin

PROXY = networks(["10.0.0.5", "192.168.10.0/24"])
LOOPBACK = networks(["127.0.0.1", "::1"])
FORWARDED = {
    "host": "app1:8501",
    "x-forwarded-host": "samskab.kommune.dk",
    "x-forwarded-proto": "https",
    "x-forwarded-for": "203.0.113.7",
}


@pytest.mark.parametrize(
    ("client", "trusted", "expected"),
    [
        (("10.0.0.5", 51000), PROXY, True),
        (("192.168.10.77", 51000), PROXY, True),
        (("10.0.0.6", 51000), PROXY, False),
        (("10.0.0.5", 51000), (), False),  # nothing configured: nobody
        (("testclient", 50000), PROXY, False),  # not an address at all
        (None, PROXY, False),
    ],
)
def test_a_direct_peer_is_trusted_only_inside_the_setting(client, trusted, expected):
    assert peer_is_trusted(client, FORWARDED, trusted, uvicorn=LOOPBACK) is expected


def test_a_peer_uvicorn_replaced_is_trusted_only_if_all_uvicorn_trusts_is_trusted():
    # uvicorn believed X-Forwarded-For from a loopback proxy: the peer is now the browser, port 0.
    replaced = ("203.0.113.7", 0)
    assert peer_is_trusted(replaced, FORWARDED, LOOPBACK, uvicorn=LOOPBACK)
    assert peer_is_trusted(replaced, FORWARDED, networks(["127.0.0.0/8", "::1"]), uvicorn=LOOPBACK)
    assert not peer_is_trusted(replaced, FORWARDED, networks(["127.0.0.1"]), uvicorn=LOOPBACK)
    assert not peer_is_trusted(replaced, FORWARDED, PROXY, uvicorn=LOOPBACK)
    # Without X-Forwarded-For, uvicorn replaced nothing: port 0 is just an odd peer.
    assert not peer_is_trusted(("203.0.113.7", 0), {"host": "x"}, LOOPBACK, uvicorn=LOOPBACK)


def test_uvicorns_trusted_addresses_are_read_like_uvicorn_reads_them(monkeypatch):
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    assert forwarded.uvicorn_trusted() == LOOPBACK
    assert forwarded.uvicorn_trusted("10.0.0.5, /run/sock") == networks(["10.0.0.5"])
    assert forwarded.uvicorn_trusted("*") == networks(["0.0.0.0/0", "::/0"])
    assert forwarded.uvicorn_trusted("") == ()


def test_a_trusted_proxy_says_the_browsers_scheme_and_host():
    assert browser_address(("10.0.0.5", 1), FORWARDED, PROXY) == BrowserAddress("https", "samskab.kommune.dk")
    chained = FORWARDED | {"x-forwarded-host": "a.dk, b.internal", "x-forwarded-proto": "HTTPS, http"}
    assert browser_address(("10.0.0.5", 1), chained, PROXY) == BrowserAddress("https", "a.dk")
    no_proto = {"host": "samskab.kommune.dk"}
    assert browser_address(("10.0.0.5", 1), no_proto, PROXY) == BrowserAddress(None, "samskab.kommune.dk")


def test_an_untrusted_peer_gets_only_its_host_header_believed():
    assert browser_address(("10.0.0.6", 1), FORWARDED, PROXY) == BrowserAddress(None, "app1:8501")


@pytest.mark.parametrize(
    ("origin", "address", "expected"),
    [
        ("https://samskab.kommune.dk", BrowserAddress("https", "samskab.kommune.dk"), True),
        ("https://Samskab.Kommune.dk", BrowserAddress("https", "samskab.kommune.dk:443"), True),
        ("http://samskab.kommune.dk", BrowserAddress("https", "samskab.kommune.dk"), False),
        ("https://samskab.kommune.dk:8443", BrowserAddress("https", "samskab.kommune.dk"), False),
        ("https://evil.example", BrowserAddress("https", "samskab.kommune.dk"), False),
        ("http://127.0.0.1:8501", BrowserAddress(None, "127.0.0.1:8501"), True),
        ("https://127.0.0.1:8501", BrowserAddress(None, "127.0.0.1:8501"), True),  # scheme unknown
        ("null", BrowserAddress(None, "null"), False),
        ("file://", BrowserAddress(None, ""), False),
    ],
)
def test_same_origin(origin, address, expected):
    assert same_origin(origin, address) is expected
