"""The public address of a survey wave, in the language the respondents should see first."""

from __future__ import annotations

from urllib.parse import urlencode

from components.links import base_url


def survey_url(link_token: str, language: str) -> str:
    return f"{base_url()}/survey?{urlencode({'s': link_token, 'lang': language})}"
