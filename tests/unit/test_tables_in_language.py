"""Numbers in tables follow the app's language, not the browser's (components.tables.in_language)."""

import i18n
from components.tables import in_language


def _shown(language: str) -> str:
    i18n.set_language(language)
    table = in_language(
        {"kr": [23250, None], "timer": [2.5, 1234.25], "navn": ["a", "b"]}, {"kr": 0, "timer": 1}
    )
    return table.to_html()


def test_a_danish_table_writes_danish_numbers_whatever_the_browser():
    html = _shown("da")
    assert ">23.250<" in html
    assert ">2,5<" in html
    assert ">1.234,2<" in html or ">1.234,3<" in html


def test_an_english_table_writes_english_numbers():
    html = _shown("en")
    assert ">23,250<" in html
    assert ">2.5<" in html


def test_the_table_keeps_the_numbers_to_sort_by():
    i18n.set_language("da")
    table = in_language({"kr": [3, 10, 2]}, {"kr": 0})
    assert list(table.data["kr"]) == [3, 10, 2]
    assert table.data["kr"].dtype.kind == "i"
