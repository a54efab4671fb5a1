"""The demo municipality, Lindholt Kommune: what a fresh demo database is filled with.

It sits above the services and writes through them, as staff would, so the demo obeys
every rule the app does. `python -m demo` fills the configured database.
"""
