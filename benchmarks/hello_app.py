"""The baseline: a bare hello-world Streamlit page with one button, served as Samskab is.

Like app.py it is an st.App with TCP_NODELAY on its connections, so the baseline measures
Streamlit's own cost rather than the 40 ms delayed-ACK stall both would otherwise share.
"""

import sys
from pathlib import Path

import streamlit as st


def main() -> None:
    st.title("Hello")
    if st.button("Click"):
        st.write("Clicked")


if __name__ == "__main__":
    main()
else:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from runtime.tcp import accept_without_delay

    accept_without_delay()
    app = st.App("hello_app.py")
