"""The domain's words: roles, phases, groups, statuses and kinds.

The ground floor of the house: the models' constraints, the settings, the services, the
pages and the components all name things with these tuples, and this module imports
nothing of Samskab's, so every layer may import it.
"""

from __future__ import annotations

ROLES = ("admin", "facilitator", "leader", "politician")
PHASES = ("draft", "collect", "cluster", "vote", "results", "closed")
# A co-creation process's own phases, in the order the sources run them: knowledge and
# framing, idea workshops, concretising, the inspiration catalogue, initiatives, evaluation.
PROCESS_PHASES = ("framing", "idea_workshops", "concretising", "catalogue", "initiatives", "evaluation")
STAKEHOLDER_GROUPS = (
    "citizen",
    "volunteer",
    "association",
    "employee",
    "politician",
    "business",
    "other",
)
AGE_BANDS = ("under_30", "30_49", "50_64", "65_79", "80_plus")
ACTOR_KINDS = (
    "association",
    "municipal_unit",
    "volunteer_group",
    "business",
    "citizen_group",
    "institution",
)
INITIATIVE_STATUSES = ("proposed", "planned", "in_progress", "completed", "paused", "stopped")
INITIATIVE_ROLES = ("lead", "partner")
CHECKLIST_ITEMS = (
    "confidentiality",
    "police_certificate",
    "insurance",
    "personal_data",
    "emergency_contact",
)
CHECKLIST_STATUSES = ("open", "done", "not_relevant")
# "status" entries are written by a status change and carry the new status.
TIMELINE_KINDS = ("event", "reflection", "status")
STAFF_TIME_KINDS = ("coordination", "training", "support", "other")
# How much say participants have (IAP2's spectrum of public participation), weakest first.
INFLUENCE_LEVELS = ("inform", "consult", "involve", "collaborate", "empower")
# What became of an idea. Only "not_taken_forward" is stored (a facilitator's decision);
# the others are read from the catalogue, the initiatives and merges, "pending" is none yet.
IDEA_OUTCOMES = ("initiative", "catalogue", "merged", "not_taken_forward", "pending")
IDEA_DECISIONS = ("not_taken_forward",)
