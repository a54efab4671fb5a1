"""The three catalogues stay complete and every key the code asks for exists."""

import re
import string
from pathlib import Path

import pytest

import i18n
from vocabulary import AGE_BANDS, PHASES, ROLES, STAKEHOLDER_GROUPS

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = ("app.py", "app_pages", "components", "services", "db")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _code_files() -> list[Path]:
    files: list[Path] = []
    for entry in CODE_DIRS:
        path = ROOT / entry
        files.extend([path] if path.is_file() else path.rglob("*.py"))
    return files


def test_every_language_has_the_same_keys():
    english = set(i18n.catalogue("en"))
    for language in i18n.LANGUAGES:
        keys = set(i18n.catalogue(language))
        assert keys - english == set(), f"{language} has keys English lacks"
        assert english - keys == set(), f"{language} lacks keys"


@pytest.mark.parametrize("language", ["da", "nb"])
def test_placeholders_match_english(language):
    english = i18n.catalogue("en")
    for key, text in i18n.catalogue(language).items():
        assert _placeholders(text) == _placeholders(english[key]), key


def test_every_literal_key_in_the_code_exists():
    pattern = re.compile(r"""\bt\(\s*["']([a-z_][a-z0-9_.]*[a-z0-9_])["']""")
    error_pattern = re.compile(r"""["'](error\.[a-z_]+)["']""")
    keys = set(i18n.catalogue("en"))
    missing = set()
    for path in _code_files():
        source = path.read_text()
        for key in pattern.findall(source) + error_pattern.findall(source):
            if key not in keys:
                missing.add(f"{path.relative_to(ROOT)}: {key}")
    assert not missing, sorted(missing)


def test_every_field_a_service_names_has_a_label():
    pattern = re.compile(r"""field=["']([a-z_]+)["']""")
    keys = set(i18n.catalogue("en"))
    fields = {f for path in _code_files() for f in pattern.findall(path.read_text())}
    assert fields, "expected services to name fields"
    assert {f"field.{f}" for f in fields} <= keys


@pytest.mark.parametrize(
    ("prefix", "values"),
    [
        ("role", ROLES),
        ("group", STAKEHOLDER_GROUPS),
        ("phase", PHASES),
        ("phase_help", PHASES),
        ("age", AGE_BANDS),
    ],
)
def test_domain_values_have_labels(prefix, values):
    keys = set(i18n.catalogue("en"))
    assert {f"{prefix}.{v}" for v in values} <= keys


def test_t_formats_and_switches_language():
    i18n.set_language("da")
    assert i18n.t("users.created", username="ole") == "Brugeren ole er oprettet."
    i18n.set_language("nb")
    assert i18n.t("users.created", username="ole") == "Brukeren ole er opprettet."
    i18n.set_language("en")
    assert i18n.t("users.created", username="ole") == "User ole created."


def test_numbers_and_dates_follow_the_language():
    from datetime import date

    i18n.set_language("da")
    assert i18n.fmt_int(1234567) == "1.234.567"
    assert i18n.fmt_date(date(2026, 3, 5)) == "5. mar. 2026"
    i18n.set_language("nb")
    assert i18n.fmt_int(1234567) == "1\xa0234\xa0567"
    i18n.set_language("en")
    assert i18n.fmt_int(1234567) == "1,234,567"
    assert i18n.fmt_date(date(2026, 3, 5)) == "5 Mar 2026"
