"""Join codes: no look-alike characters, forgiving input, strict format."""

import pytest

from services.common.errors import InvalidInput
from services.workshop.join_codes import CODE_ALPHABET, CODE_LENGTH, normalise_code


def test_alphabet_has_no_look_alikes():
    for a, b in ["0O", "1I", "1L", "2Z", "5S", "8B", "0D", "0Q"]:
        assert not (a in CODE_ALPHABET and b in CODE_ALPHABET), (a, b)
    assert len(set(CODE_ALPHABET)) == len(CODE_ALPHABET) >= 20


@pytest.mark.parametrize("typed", ["k7mp3x", " K7M-P3X ", "k7m p3x", "Ｋ７ＭＰ３Ｘ"])
def test_typing_variants_normalise(typed):
    assert normalise_code(typed) == "K7MP3X"


@pytest.mark.parametrize("typed", ["K7MP3", "K7MP3XX", "O0O0O0", "K7MP3!", "😀😀😀😀😀😀", "K7MP3X" * 1000])
def test_malformed_codes_are_refused(typed):
    with pytest.raises(InvalidInput) as err:
        normalise_code(typed)
    assert err.value.key == "error.code_format"
    assert err.value.params["length"] == CODE_LENGTH


def test_a_refused_code_says_which_characters_codes_never_contain():
    import i18n

    with pytest.raises(InvalidInput) as err:
        normalise_code("K0MP3X")
    i18n.set_language("da")
    message = i18n.refusal(err.value.key, err.value.params)
    never = err.value.params["never"].split(", ")
    assert "0" in never and "O" in never and "I" in never and "1" in never
    assert not set(never) & set(CODE_ALPHABET)
    assert "aldrig " + err.value.params["never"] in message


def test_empty_code_is_required():
    with pytest.raises(InvalidInput) as err:
        normalise_code("   ")
    assert err.value.key == "error.required"
