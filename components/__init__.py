"""Reusable UI pieces that take plain data; with app_pages/ the only code that imports streamlit."""
