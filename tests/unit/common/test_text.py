"""What users type is trimmed, bounded and clean; what they see is literal."""

import pytest

from components.literal import literal
from services.common.errors import InvalidInput
from services.common.text import clean_text


def test_trims_and_normalises():
    assert clean_text("  Cafe\u0301 ", field="title", max_len=10) == "Café"


@pytest.mark.parametrize("value", ["", "   ", "\n\t ", None])
def test_empty_and_whitespace_only_are_required_errors(value):
    with pytest.raises(InvalidInput) as err:
        clean_text(value, field="title", max_len=10)
    assert err.value.key == "error.required"
    assert err.value.params["field"] == "title"


def test_too_long_names_the_limit():
    with pytest.raises(InvalidInput) as err:
        clean_text("x" * 121, field="title", max_len=120)
    assert err.value.key == "error.too_long"
    assert err.value.params["max"] == 120


@pytest.mark.parametrize("value", ["a\x00b", "bell\x07", "esc\x1b[31m", "rtl\u202eoverride", "nl\ninside"])
def test_control_characters_are_refused_on_one_line(value):
    with pytest.raises(InvalidInput) as err:
        clean_text(value, field="title", max_len=100)
    assert err.value.key == "error.control_characters"


@pytest.mark.parametrize(
    "value", ["Kaffe ☕ og kage 🎂", "مرحبا بالجميع", "שלום", "👩‍👩‍👧 familie", "æøå ÆØÅ"]
)
def test_emoji_and_right_to_left_text_are_fine(value):
    assert clean_text(value, field="title", max_len=100) == value


def test_multiline_keeps_line_breaks():
    assert clean_text("one\r\ntwo", field="description", max_len=100, multiline=True) == "one\ntwo"


@pytest.mark.parametrize(
    "hostile",
    [
        "**bold**",
        "<script>alert(1)</script>",
        "[link](http://x)",
        ":red[red]",
        "$x^2$",
        "# heading",
        "1. list",
    ],
)
def test_literal_escapes_every_markdown_trigger(hostile):
    escaped = literal(hostile)
    for ch in "*<>[]():$#.":
        assert f"\\{ch}" in escaped or ch not in hostile
    # Removing the escapes (and the invisible joiners that stop autolinks) gives back
    # exactly what was typed.
    assert escaped.replace("\\", "").replace("\u2060", "") == hostile


def test_literal_keeps_line_breaks_as_hard_breaks():
    assert literal("one\n  two") == "one  \ntwo"
