"""Settings: every one documented, read from env before secrets, and the cookie key rules."""

import re
import stat
from pathlib import Path

import pytest

import config
import i18n

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_setting_is_in_the_readme():
    readme = README.read_text()
    for setting in config.SETTINGS:
        assert re.search(rf"\|\s*`{setting.name}`\s*\|", readme), f"{setting.name} missing from README"


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
