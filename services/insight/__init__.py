"""Insight for leaders and politicians: the leader dashboard, who took part and who is missing, the
ideas with broad support, and the one-page summary, cached per data version. Modules:
dashboard_filters, ideas_to_action, initiative_progress, volunteering_figures, survey_figures (the
dashboard); inclusion, representation, target_groups, bridging; summary, summary_pdf; data_version.
"""
