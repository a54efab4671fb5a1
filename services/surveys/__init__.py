"""Surveys: questionnaires on motivation and co-creation competences, answered anonymously by
volunteers, staff or citizens in waves (before and after, say), with results that never point to a
person. Modules: instruments, waves, responses, results.
"""
