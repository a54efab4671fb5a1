"""Tools every context shares, with no municipal rule of their own: errors that carry a translated
message, checks on what people type, search, month arithmetic, PDF and spreadsheet files. Modules:
errors, text, search, dates, pdf, spreadsheet.
"""
