"""A refusal as Markdown (st.error) and as plain text (the board): escapes only where resolved."""

import i18n
from components.feedback import error_text, plain_error_text
from services.common.errors import InvalidInput


def test_a_field_label_with_a_comma_reads_as_written_in_plain_text():
    i18n.set_language("da")
    err = InvalidInput("error.required", field="decision_reason")
    assert plain_error_text(err) == "Begrundelse, med almindelige ord skal udfyldes."
    # Markdown resolves "\," to ",": on screen both read the same.
    assert error_text(err) == "Begrundelse\\, med almindelige ord skal udfyldes."
