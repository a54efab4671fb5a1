"""The municipality in the app: saved values win over the settings, checked by the settings' rules."""

import json

import pytest
from sqlalchemy import select

import config
import i18n
from db.models import AuditEvent, Participant
from services.admin import municipality
from services.common.errors import InvalidInput, NotAllowed
from services.insight import inclusion
from services.workshop import participants
from tests.factories import make_user, make_workshop


@pytest.fixture
def admin(session):
    return make_user(session, role="admin")


def test_without_saved_values_the_settings_apply(session):
    here = municipality.effective(session)
    settings = config.load()
    assert (here.name, here.areas) == (settings.municipality, settings.areas)
    assert (here.age_shares, here.area_shares) == (
        settings.population_age_shares,
        settings.population_area_shares,
    )
    assert here.saved == frozenset()


def test_saved_name_and_areas_win_and_are_audited(session, admin):
    municipality.set_name_and_areas(
        session, by_user_id=admin.id, name=" Egeskov Kommune ", areas=["Havnen", "", "Skoven ", "Bakken"]
    )
    here = municipality.effective(session)
    assert (here.name, here.areas) == ("Egeskov Kommune", ("Havnen", "Skoven", "Bakken"))
    # The settings' area shares name the settings' areas: they no longer apply.
    assert here.area_shares == ()
    [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == "municipality.name_and_areas"))
    detail = json.loads(event.detail)
    assert event.user_id == admin.id
    assert detail["name"] == "Egeskov Kommune" and detail["areas"] == ["Havnen", "Skoven", "Bakken"]


def test_shares_are_checked_by_the_settings_rules(session, admin):
    municipality.set_name_and_areas(session, by_user_id=admin.id, name="Egeskov", areas=["Havnen", "Skoven"])
    with pytest.raises(InvalidInput) as refused:
        municipality.set_population_shares(
            session,
            by_user_id=admin.id,
            age_shares={"under_30": 30, "30_49": 30, "50_64": 20, "65_79": 10, "80_plus": 5},
            area_shares={},
        )
    assert refused.value.key == "error.municipality.share_sum"
    assert refused.value.params == {"field": "age_shares", "total": "95"}
    saved = municipality.set_population_shares(
        session,
        by_user_id=admin.id,
        age_shares={"under_30": 30, "30_49": 30, "50_64": 20, "65_79": 10.5, "80_plus": 10},
        area_shares={"Havnen": 60, "Skoven": 40},
    )
    assert saved.age_shares[3] == ("65_79", 10.5)
    assert saved.area_shares == (("Havnen", 60.0), ("Skoven", 40.0))
    # 60 alone is no whole population: the sum rule holds for areas too.
    with pytest.raises(InvalidInput):
        municipality.set_population_shares(
            session, by_user_id=admin.id, age_shares={}, area_shares={"Havnen": 60, "Skoven": None}
        )
    cleared = municipality.set_population_shares(session, by_user_id=admin.id, age_shares={}, area_shares={})
    assert (cleared.age_shares, cleared.area_shares) == ((), ())


def test_an_area_with_a_share_cannot_be_removed_until_the_shares_change(session, admin):
    municipality.set_name_and_areas(session, by_user_id=admin.id, name="Egeskov", areas=["Havnen", "Skoven"])
    municipality.set_population_shares(
        session, by_user_id=admin.id, age_shares={}, area_shares={"Havnen": 40, "Skoven": 60}
    )
    with pytest.raises(InvalidInput) as refused:
        municipality.set_name_and_areas(session, by_user_id=admin.id, name="Egeskov", areas=["Havnen"])
    assert refused.value.key == "error.municipality.area_has_share"
    assert refused.value.params == {"area": "Skoven"}
    with pytest.raises(InvalidInput) as twice:
        municipality.set_name_and_areas(session, by_user_id=admin.id, name="E", areas=["Havnen", "Havnen"])
    assert twice.value.key == "error.municipality.area_twice"
    with pytest.raises(InvalidInput) as comma:
        municipality.set_name_and_areas(session, by_user_id=admin.id, name="E", areas=["Havnen, Nord"])
    assert comma.value.key == "error.municipality.area_comma"


def test_only_administrators_change_the_municipality(session):
    facilitator = make_user(session, role="facilitator")
    with pytest.raises(NotAllowed):
        municipality.set_name_and_areas(session, by_user_id=facilitator.id, name="X", areas=["A"])
    with pytest.raises(NotAllowed):
        municipality.set_population_shares(session, by_user_id=facilitator.id, age_shares={}, area_shares={})
    assert municipality.effective(session).saved == frozenset()


def test_joining_and_the_inclusion_page_use_the_saved_areas_and_shares(session, admin):
    municipality.set_name_and_areas(session, by_user_id=admin.id, name="Egeskov", areas=["Havnen", "Skoven"])
    municipality.set_population_shares(
        session, by_user_id=admin.id, age_shares={}, area_shares={"Havnen": 50, "Skoven": 50}
    )
    workshop = make_workshop(session)
    with pytest.raises(InvalidInput):
        participants.join(session, workshop.code, stakeholder_group="citizen", area="Nord")
    joined, _ = participants.join(session, workshop.code, stakeholder_group="citizen", area="Havnen")
    assert session.get(Participant, joined.id).area == "Havnen"
    report = inclusion.report(session, workshop_id=workshop.id)
    by_area = {row.value: row.population for row in report.area.rows}
    assert by_area["Havnen"] == pytest.approx(0.5) and "Nord" not in by_area
    assert report.age.compared == ()


def test_an_unknown_age_band_is_refused_by_name_in_every_language(session, admin):
    # The message has a `{key}` of its own (the band), beside the error's message key.
    with pytest.raises(InvalidInput) as refused:
        municipality.set_population_shares(
            session, by_user_id=admin.id, age_shares={"teenagers": 100}, area_shares={}
        )
    assert refused.value.key == "error.municipality.share_key"
    assert refused.value.params == {"field": "age_shares", "key": "teenagers"}
    for language in i18n.LANGUAGES:
        i18n.set_language(language)
        assert "teenagers" in i18n.refusal(refused.value.key, refused.value.params)
    i18n.set_language("da")
