"""The document around every page: its `lang`, its tab title, and Streamlit's English words in ours."""

import re

import pytest
from babel import Locale

import i18n
from components.document import STREAMLIT_WORDS, html_lang, page_title, streamlit_words


@pytest.fixture(autouse=True)
def _back_to_danish():
    yield
    i18n.set_language("da")


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_language_marks_the_page_with_its_own_tag(language):
    i18n.set_language(language)
    tag = html_lang()
    # A valid BCP 47 language subtag, the catalogue's own code (nn will be "nn", not "no" or "nb").
    assert tag == language
    assert Locale.parse(tag).language == language


def test_the_tab_title_names_the_page_first():
    i18n.set_language("da")
    assert page_title("Værksted") == "Værksted · Samskab"
    i18n.set_language("nb")
    assert page_title("Verksted") == "Verksted · Samskab"


@pytest.mark.parametrize("language", ["da", "nb", "nn"])
def test_streamlit_words_are_ours_and_keep_their_slot(language):
    i18n.set_language(language)
    words = streamlit_words()
    assert set(words) == set(STREAMLIT_WORDS)
    for english, ours in words.items():
        assert ours != STREAMLIT_WORDS[english], f"{english!r} has no {language} text"
        assert ours != english, f"{english!r} is left in English"
        # "Help for {label}" keeps the widget's label, "Press {keys}+Enter" the keys.
        assert re.findall(r"\{\w+\}", ours) == re.findall(r"\{\w+\}", english)
