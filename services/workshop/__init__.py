"""Co-creation workshops: the municipality's processes and their workshops, where citizens, staff and
associations join by code, write ideas on a shared board and back them with dots. Modules: processes,
workshops, participants, ideas, clusters, votes, tally (the one counting rule), board (what the
tablets show), workshop_export.
"""
