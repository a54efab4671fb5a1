"""Settings: every one documented, read from env before secrets, and the cookie key rules."""

import re
import stat
from pathlib import Path

import pytest

import config
import i18n

CONFIGURATION = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"


def test_every_setting_is_in_the_configuration_table():
    table = CONFIGURATION.read_text()
    for setting in config.SETTINGS:
        assert re.search(rf"\|\s*`{setting.name}`\s*\|", table), (
            f"{setting.name} missing from {CONFIGURATION}"
        )


def test_every_setting_has_help_in_every_language():
    for language in i18n.LANGUAGES:
        keys = i18n.catalogue(language)
        for setting in config.SETTINGS:
            assert f"setting_help.{setting.name}" in keys


def test_environment_wins_over_secrets(monkeypatch):
    monkeypatch.setenv("SAMSKAB_LANGUAGE", "nb")
    settings = config.load({"SAMSKAB_LANGUAGE": "en", "SAMSKAB_MUNICIPALITY": "Testrup Kommune"})
    assert settings.language == "nb"
    assert settings.municipality == "Testrup Kommune"


def test_defaults_apply(monkeypatch):
    for setting in config.SETTINGS:
        monkeypatch.delenv(setting.name, raising=False)
    settings = config.load({})
    assert settings.mode == "demo"
    assert settings.database_url == f"sqlite:///{config.ROOT / 'data' / 'samskab.db'}"
    assert settings.areas == ("Nord", "Syd", "Øst", "Vest", "Centrum")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SAMSKAB_MODE", "staging"),
        ("SAMSKAB_LANGUAGE", "sv"),
        ("SAMSKAB_BCRYPT_ROUNDS", "many"),
        ("SAMSKAB_COOKIE_EXPIRY_DAYS", "-1"),
    ],
)
def test_bad_values_are_refused_with_the_setting_named(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(config.ConfigError, match=name):
        config.load({})


def test_production_refuses_to_start_without_a_cookie_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SAMSKAB_COOKIE_KEY", raising=False)
    monkeypatch.setenv("SAMSKAB_MODE", "production")
    settings = config.load({})
    with pytest.raises(config.ConfigError, match="SAMSKAB_COOKIE_KEY"):
        config.cookie_key(settings, tmp_path / "cookie_key")
    assert not (tmp_path / "cookie_key").exists()


def test_demo_generates_one_random_private_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SAMSKAB_COOKIE_KEY", raising=False)
    monkeypatch.setenv("SAMSKAB_MODE", "demo")
    settings = config.load({})
    key_file = tmp_path / "cookie_key"
    first = config.cookie_key(settings, key_file)
    assert len(first) >= 40
    assert config.cookie_key(settings, key_file) == first
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    other = tmp_path / "other_key"
    assert config.cookie_key(settings, other) != first


def test_describe_masks_secrets(monkeypatch):
    monkeypatch.setenv("SAMSKAB_COOKIE_KEY", "very-secret-value")
    shown = dict((s.name, v) for s, v in config.describe(config.load({})))
    assert "very-secret-value" not in shown.values()
    assert shown["SAMSKAB_COOKIE_KEY"] == "••••••"


def test_population_shares_are_parsed(monkeypatch):
    monkeypatch.setenv(
        "SAMSKAB_POPULATION_AGE_SHARES", " under_30:30.5, 30_49:24 ,50_64:20,65_79:17,80_plus:8.5"
    )
    monkeypatch.setenv("SAMSKAB_AREAS", "Nord,Syd")
    monkeypatch.setenv("SAMSKAB_POPULATION_AREA_SHARES", "Nord:60,Syd:40")
    settings = config.load({})
    assert settings.population_age_shares == (
        ("under_30", 30.5),
        ("30_49", 24.0),
        ("50_64", 20.0),
        ("65_79", 17.0),
        ("80_plus", 8.5),
    )
    assert settings.population_area_shares == (("Nord", 60.0), ("Syd", 40.0))
    shown = dict((s.name, v) for s, v in config.describe(settings))
    assert shown["SAMSKAB_POPULATION_AREA_SHARES"] == "Nord: 60 %, Syd: 40 %"


def test_population_shares_default_and_empty(monkeypatch):
    for setting in config.SETTINGS:
        monkeypatch.delenv(setting.name, raising=False)
    settings = config.load({})
    assert dict(settings.population_age_shares) == {
        "under_30": 31,
        "30_49": 24,
        "50_64": 20,
        "65_79": 17,
        "80_plus": 8,
    }
    assert dict(settings.population_area_shares) == {
        "Nord": 22,
        "Syd": 18,
        "Øst": 20,
        "Vest": 25,
        "Centrum": 15,
    }
    monkeypatch.setenv("SAMSKAB_POPULATION_AGE_SHARES", "")
    assert config.load({}).population_age_shares == ()


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SAMSKAB_POPULATION_AGE_SHARES", "under_18:50,30_49:50", "unknown age band 'under_18'"),
        ("SAMSKAB_POPULATION_AGE_SHARES", "under_30:many,30_49:50", "must be a number, got 'many'"),
        (
            "SAMSKAB_POPULATION_AGE_SHARES",
            "under_30:30,30_49:30",
            "add up to about 100 percent, they add up to 60",
        ),
        ("SAMSKAB_POPULATION_AGE_SHARES", "under_30 50,30_49:50", "must look like 'key:percent"),
        ("SAMSKAB_POPULATION_AGE_SHARES", "under_30:50,under_30:50", "given twice"),
        ("SAMSKAB_POPULATION_AGE_SHARES", "under_30:150,30_49:-50", "between 0 and 100"),
        ("SAMSKAB_POPULATION_AREA_SHARES", "Nord:50,Atlantis:50", "'Atlantis' is not one of SAMSKAB_AREAS"),
    ],
)
def test_bad_population_shares_are_explained(monkeypatch, name, value, message):
    monkeypatch.delenv("SAMSKAB_AREAS", raising=False)
    monkeypatch.setenv(name, value)
    with pytest.raises(config.ConfigError, match=name) as err:
        config.load({})
    assert message in str(err.value)
