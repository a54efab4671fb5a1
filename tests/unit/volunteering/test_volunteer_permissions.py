"""Who sees the volunteer pages and who may change what: politicians never see volunteers' personal data."""

from services.admin import permissions as p


def test_pages_per_role():
    assert {"overview", "resources", "survey_results"} <= set(p.pages_for("politician"))
    assert {"volunteers", "hours", "staff_time", "resources", "surveys", "survey_results"} <= set(
        p.pages_for("leader")
    )
    assert {"hours", "staff_time", "surveys", "survey_results"} <= set(p.pages_for("facilitator"))
    assert "volunteers" not in p.pages_for("facilitator")
    for page in ("volunteers", "hours", "staff_time"):
        assert not p.can_view("politician", page)


def test_actions_per_role():
    assert p.can_manage_volunteers("leader") and p.can_manage_volunteers("admin")
    assert not p.can_manage_volunteers("facilitator") and not p.can_manage_volunteers("politician")
    assert p.can_delete_hours("leader", 1, 2)
    assert p.can_delete_hours("facilitator", 1, 1) and not p.can_delete_hours("facilitator", 1, 2)
    assert not p.can_delete_hours("facilitator", None, None)
    assert not p.can_delete_hours("politician", 1, 1)
    assert p.can_delete_staff_time("facilitator", 3, 3) and not p.can_delete_staff_time(
        "facilitator", 3, None
    )
    assert p.can_log_staff_time_for_others("leader") and not p.can_log_staff_time_for_others("facilitator")
    assert p.can_run_surveys("facilitator") and not p.can_run_surveys("politician")
