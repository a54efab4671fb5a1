"""The baseline: a bare hello-world Streamlit page with one button."""

import streamlit as st

st.title("Hello")
if st.button("Click"):
    st.write("Clicked")
