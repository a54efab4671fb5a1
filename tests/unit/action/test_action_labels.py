"""Every value of the ideas-to-action domain has a label in all three languages."""

import pytest

import i18n
from services.action.curation import GROUPINGS
from vocabulary import (
    ACTOR_KINDS,
    CHECKLIST_ITEMS,
    CHECKLIST_STATUSES,
    INITIATIVE_ROLES,
    INITIATIVE_STATUSES,
    TIMELINE_KINDS,
)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
@pytest.mark.parametrize(
    ("prefix", "values"),
    [
        ("status", INITIATIVE_STATUSES),
        ("actor_kind", ACTOR_KINDS),
        ("initiative_role", INITIATIVE_ROLES),
        ("timeline", TIMELINE_KINDS),
        ("checklist", CHECKLIST_ITEMS),
        ("checklist_help", CHECKLIST_ITEMS),
        ("checklist_status", CHECKLIST_STATUSES),
        ("catalogue.group_by", GROUPINGS),
        ("catalogue.regroup", GROUPINGS),
        ("initiatives.mode", ("origins", "split")),
        ("catalogue.idea", ("hidden", "withdrawn", "merged")),
        ("nav", ("catalogue", "initiatives", "initiative", "actors", "follow")),
    ],
)
def test_domain_values_have_labels(language, prefix, values):
    keys = set(i18n.catalogue(language))
    separator = (
        "_"
        if prefix in ("catalogue.group_by", "catalogue.regroup", "initiatives.mode", "catalogue.idea")
        else "."
    )
    assert {f"{prefix}{separator}{v}" for v in values} <= keys
