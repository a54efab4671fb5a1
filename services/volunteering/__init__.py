"""volunteering"""
