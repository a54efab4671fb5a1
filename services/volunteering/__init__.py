"""Volunteering: the volunteers behind the initiatives and activities, the hours they give (one by
one, as a group, or imported from a spreadsheet), the staff time spent supporting them, and the
resource map that weighs the two. Modules: volunteers, hours, hours_file, hours_import,
staff_time, resources.
"""
