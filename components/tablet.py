"""Touch-friendly styling for participant screens: targets of at least 44 px (2.75rem), readable text."""

from __future__ import annotations

import streamlit as st

# Static CSS only; user text never goes through unsafe HTML.
_CSS = """
<style>
  [data-testid="stMainBlockContainer"] { max-width: 880px; padding-top: 1.5rem; }
  .stButton button, .stFormSubmitButton button, .stLinkButton a, .stDownloadButton button {
      min-height: 3rem; font-size: 1.1rem; padding: 0.5rem 1.25rem; }
  [data-testid="stButtonGroup"] button { min-height: 2.75rem; font-size: 1.05rem; padding: 0 1rem; }
  [data-testid="stRadio"] label { min-height: 2.75rem; align-items: center; font-size: 1.05rem; }
  [data-testid="stCheckbox"] label { min-height: 2.75rem; align-items: center; font-size: 1.05rem; }
  [data-testid="stTextInput"] input, [data-testid="stTextArea"] textarea { font-size: 1.1rem; }
  [data-testid="stTextInputRootElement"], [data-testid="stSelectbox"] [role="group"] {
      height: auto; min-height: 2.75rem; }
  [data-testid="stTextInputField"], [data-testid="stSelectbox"] input[role="combobox"] {
      min-height: 2.75rem; }
  [data-testid="stExpander"] summary { min-height: 2.75rem; }
  /* Counts (an Open Space report's attendance): the field and its − and + as large as a button. */
  [data-testid="stNumberInputContainer"] { height: auto; min-height: 2.75rem; }
  [data-testid="stNumberInputField"] { min-height: 2.75rem; font-size: 1.1rem; }
  [data-testid="stNumberInputStepDown"], [data-testid="stNumberInputStepUp"] {
      min-width: 2.75rem; min-height: 2.75rem; }
  /* A slider's thumb (a 2×2 matrix's places) as large as a fingertip; the caption under it
     says what the ends mean, so it needs no 16 px help icon. */
  [data-testid="stSlider"] [role="slider"] { width: 2.75rem; height: 2.75rem; }
  [data-testid="stSlider"] input { min-height: 2.75rem; }
  /* A heading's link to itself shows on hover only, which a tablet has not, and is a 16 px target. */
  [data-testid="stHeaderActionElements"] { display: none; }
</style>
"""


def touch_friendly() -> None:
    st.html(_CSS)
