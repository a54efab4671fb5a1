"""(being built in issue 6)"""

from __future__ import annotations

import streamlit as st

from components.shell import guard
from i18n import t

guard("summary")
st.title(t("nav.summary"))
