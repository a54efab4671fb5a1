"""Streamlit's runtime glue: sign-in, start-up, cached aggregates and the unit of work an action runs in.

Unlike `components/`, which draws widgets from plain data, these modules open database
sessions and keep state across runs for the pages.
"""
