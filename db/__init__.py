"""Models, engine and sessions, migrations and the demo data."""
