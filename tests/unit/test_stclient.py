"""The benchmark client's cookie reading: behind HAProxy a tablet's websocket must carry the
stickiness cookie from the first response, or it may reach a process that never saw its page."""

from __future__ import annotations

from benchmarks.stclient import set_cookies

HEAD = "\r\n".join(
    [
        "HTTP/1.1 200 OK",
        "content-type: text/html",
        "Set-Cookie: _streamlit_xsrf=2|ab12|cd34|1765000000; Path=/; SameSite=Lax",
        "set-cookie: SAMSKAB_SERVER=app2; path=/; HttpOnly; Secure; SameSite=Lax",
        "X-Note: Set-Cookie: not=this",
    ]
)


def test_every_set_cookie_is_read_without_its_attributes():
    assert set_cookies(HEAD) == {"_streamlit_xsrf": "2|ab12|cd34|1765000000", "SAMSKAB_SERVER": "app2"}


def test_a_response_without_cookies_gives_none():
    assert set_cookies("HTTP/1.1 200 OK\r\ncontent-length: 2") == {}


def test_a_cookie_without_a_value_sign_is_ignored():
    assert set_cookies("HTTP/1.1 200 OK\r\nSet-Cookie: broken; Path=/") == {}
