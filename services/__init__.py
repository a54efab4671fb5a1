"""The domain: every rule, query, aggregate and export, as plain functions taking a Session."""
