"""The JSON routes answer in the language a request asks for: `?lang=`, else the browser's."""

import pytest
from starlette.requests import Request

from api.observed import request_language


def _request(query: str = "", accept: str = "") -> Request:
    headers = [(b"accept-language", accept.encode())] if accept else []
    return Request(
        {"type": "http", "method": "GET", "path": "/", "query_string": query.encode(), "headers": headers}
    )


@pytest.mark.parametrize(
    ("accept", "language"),
    [
        ("nn-NO,nn;q=0.9,nb;q=0.8", "nn"),  # a Nynorsk browser gets Nynorsk, not bokmål
        ("nb-NO,nb;q=0.9", "nb"),
        ("no", "nb"),  # Norwegian without a written form: bokmål, what most write
        ("da-DK", "da"),
        ("en-GB,en;q=0.9", "en"),
    ],
)
def test_the_browser_language_is_followed(accept, language):
    assert request_language(_request(accept=accept)) == language


def test_the_link_language_wins_over_the_browser():
    assert request_language(_request(query="lang=nn", accept="da-DK")) == "nn"
