"""Administration: staff accounts and their roles, who may see and do what, and the audit trail of
every change. Modules: users, permissions, audit.
"""
