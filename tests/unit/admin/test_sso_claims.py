"""Single sign-on settings and claim mapping: which role a person's claims give, if any."""

import pytest

import config
from services.admin.sso import claim_values, role_from_claims

ROLE_MAP = (
    ("Samskab.Admin", "admin"),
    ("Samskab.Facilitator", "facilitator"),
    ("Samskab.Leader", "leader"),
    ("Samskab.Politician", "politician"),
    # An AD FS group as a distinguished name: commas and equals signs in the value.
    ("CN=Samskab Ledere,OU=Grupper,DC=kommune,DC=dk", "leader"),
)


@pytest.mark.parametrize(
    ("claims", "role"),
    [
        ({"roles": ["Samskab.Facilitator"]}, "facilitator"),
        ({"roles": "Samskab.Politician"}, "politician"),  # AD FS sends one value as a string
        ({"roles": ["Samskab.Leader", "Samskab.Admin"]}, "admin"),  # the most rights wins
        ({"roles": ["CN=Samskab Ledere,OU=Grupper,DC=kommune,DC=dk"]}, "leader"),
        ({"roles": ["samskab.admin"]}, None),  # values match exactly, case too
        ({"roles": ["Parking.Wardens"]}, None),
        ({"roles": []}, None),
        ({}, None),
        ({"roles": {"Samskab.Admin": True}}, None),  # not a list of values
        ({"groups": ["Samskab.Admin"]}, None),  # another claim than the configured one
    ],
)
def test_claims_map_to_the_role_with_most_rights_or_none(claims, role):
    assert role_from_claims(claims, "roles", ROLE_MAP) == role


def test_a_dotted_claim_reaches_into_a_nested_claim():
    claims = {"realm_access": {"roles": ["Samskab.Leader"]}}
    assert claim_values(claims, "realm_access.roles") == ["Samskab.Leader"]
    assert role_from_claims(claims, "realm_access.roles", ROLE_MAP) == "leader"


SSO_ENV = {
    "SAMSKAB_SSO_METADATA_URL": "https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration",
    "SAMSKAB_SSO_CLIENT_ID": "c1d2",
    "SAMSKAB_SSO_CLIENT_SECRET": "s3cret",
    "SAMSKAB_SSO_REDIRECT_URI": "https://samskab.lindholt.dk/oauth2callback",
    "SAMSKAB_SSO_ROLE_MAP": "Samskab.Admin=admin;\nCN=Samskab Ledere,OU=Grupper=leader",
}


@pytest.fixture
def sso_env(monkeypatch):
    for name, value in SSO_ENV.items():
        monkeypatch.setenv(name, value)
    return monkeypatch


def test_the_role_map_setting_reads_values_with_commas_and_equals_signs(sso_env):
    settings = config.load({})
    assert settings.sso
    assert settings.sso_role_map == (("Samskab.Admin", "admin"), ("CN=Samskab Ledere,OU=Grupper", "leader"))
    assert settings.sso_roles_claim == "roles"


def test_secrets_fill_in_what_the_environment_leaves_out(sso_env):
    sso_env.delenv("SAMSKAB_SSO_CLIENT_SECRET")
    assert config.load({"SAMSKAB_SSO_CLIENT_SECRET": "from-secrets"}).sso_client_secret == "from-secrets"


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("SAMSKAB_SSO_ROLE_MAP", "Samskab.Admin=owner", "not a role"),
        ("SAMSKAB_SSO_ROLE_MAP", "Samskab.Admin", "value=role"),
        ("SAMSKAB_SSO_ROLE_MAP", "A=admin; A=leader", "given twice"),
        ("SAMSKAB_SSO_ROLE_MAP", "", "nobody could be given a role"),
        ("SAMSKAB_SSO_REDIRECT_URI", "https://samskab.lindholt.dk/", "/oauth2callback"),
        ("SAMSKAB_SSO_METADATA_URL", "login.microsoftonline.com/t", "absolute"),
        ("SAMSKAB_SSO_CLIENT_SECRET", "", "missing: SAMSKAB_SSO_CLIENT_SECRET"),
    ],
)
def test_a_bad_or_half_sso_configuration_is_refused_at_start(sso_env, name, value, says):
    sso_env.setenv(name, value)
    with pytest.raises(config.ConfigError, match=says):
        config.load({})


def test_without_the_metadata_address_there_is_no_single_sign_on(monkeypatch):
    for setting in config.SETTINGS:
        monkeypatch.delenv(setting.name, raising=False)
    assert not config.load({}).sso


def test_the_settings_page_masks_the_client_secret(sso_env):
    shown = dict((s.name, value) for s, value in config.describe(config.load({})))
    assert shown["SAMSKAB_SSO_CLIENT_SECRET"] == "••••••"
    assert shown["SAMSKAB_SSO_ROLE_MAP"] == "Samskab.Admin=admin; CN=Samskab Ledere,OU=Grupper=leader"
