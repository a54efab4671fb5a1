"""Reusable widgets that draw plain data and return what the user chose; they never open a session."""
