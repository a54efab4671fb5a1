"""The four catalogues stay complete and every key the code asks for exists."""

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
    english = set(i18n.catalogue("en")) | set(i18n.plurals("en"))
    for language in i18n.LANGUAGES:
        keys = set(i18n.catalogue(language)) | set(i18n.plurals(language))
        assert keys - english == set(), f"{language} has keys English lacks"
        assert english - keys == set(), f"{language} lacks keys"
        assert set(i18n.plurals(language)) == set(i18n.plurals("en")), f"{language}: counted keys differ"


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_count_has_exactly_the_forms_its_language_needs(language):
    """CLDR says which forms a language has (Danish and English: one, other)."""
    needed = i18n.plural_categories(language)
    wrong = {key: sorted(forms) for key, forms in i18n.plurals(language).items() if set(forms) != needed}
    assert wrong == {}


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_plural_forms_share_the_english_placeholders(language):
    for key, forms in i18n.plurals(language).items():
        english = set().union(*(_placeholders(text) for text in i18n.plurals("en")[key].values()))
        for form, text in forms.items():
            # The "one" form may leave out the number ("The latest entry.").
            assert _placeholders(text) <= english, (key, form)
            assert _placeholders(text) | {"count"} >= english, (key, form)


# A number placeholder followed by a word is a count and needs plural forms; these name
# amounts that are never 1 (a setting of at least 3, a time window) or only label a list.
COUNT_BEFORE_NOUN = re.compile(
    r"\{(n|count|dots|voters|people|days|hours|minutes|responses|entries|rows|total)\}\s+\w"
)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_no_plain_string_puts_a_count_before_a_noun(language):
    allowed = {
        # a fixed window of 90 days
        "volunteer_status_help.active", "volunteer_status_help.dormant",
        # "Idea 3 of 12", "of 40 in all", "the 7 who have stopped", "and 2 more": no noun counted
        "catalogue_pdf.step_entry", "initiatives.of_total", "volunteers.median_stay_help",
        "summary.more_initiatives", "board.your_dots", "setup.caption", "wall.more",
        # "12 h": an abbreviation
        "hours.delete_label", "staff_time.delete_label",
        # a preview is cut only from more rows than it shows, well over 1
        "import.preview_cut",
        # counts under 5 are masked as "< 5", so a shown count is never 1
        "inclusion.flag_few", "inclusion.flag_under", "inclusion.flag_under_masked",
    }  # fmt: skip
    found = {
        key: text
        for key, text in i18n.catalogue(language).items()
        if COUNT_BEFORE_NOUN.search(text) and key not in allowed
    }
    assert found == {}


def test_tn_picks_the_form_by_cldr_rules():
    i18n.set_language("da")
    assert i18n.tn("count.dots", 1) == "1 prik"
    assert i18n.tn("count.dots", 0) == "0 prikker"
    assert i18n.tn("count.dots", 1200) == "1.200 prikker"
    # Danish says "1,5 time" (CLDR: one for 0 < n < 2 with decimals); English "1.0 hours".
    assert i18n.tn("staff_time.saved", 1.5, digits=1) == "1,5 time gemt."
    i18n.set_language("en")
    assert i18n.tn("staff_time.saved", 1.0, digits=1) == "1.0 hours saved."
    assert i18n.tn("count.from_people", 1) == "from 1 person"
    assert i18n.tn("count.from_people", 2) == "from 2 people"
    i18n.set_language("nb")
    assert i18n.tn("hours.list_caption", 1) == "Den siste registreringen."
    assert i18n.tn("hours.list_caption", 3) == "De siste 3 registreringene, nyeste først."


@pytest.mark.parametrize("language", ["da", "nb", "nn"])
def test_placeholders_match_english(language):
    english = i18n.catalogue("en")
    for key, text in i18n.catalogue(language).items():
        assert _placeholders(text) == _placeholders(english[key]), key


def test_every_literal_key_in_the_code_exists():
    pattern = re.compile(r"""\bt\(\s*["']([a-z_][a-z0-9_.]*[a-z0-9_])["']""")
    counted = re.compile(r"""\btn\(\s*["']([a-z_][a-z0-9_.]*[a-z0-9_])["']""")
    error_pattern = re.compile(r"""["'](error\.[a-z_]+)["']""")
    keys = set(i18n.catalogue("en"))
    plural_keys = set(i18n.plurals("en"))
    missing = set()
    for path in _code_files():
        source = path.read_text()
        for key in pattern.findall(source) + error_pattern.findall(source):
            if key not in keys:
                missing.add(f"{path.relative_to(ROOT)}: {key}")
        for key in counted.findall(source):
            if key not in plural_keys:
                missing.add(f"{path.relative_to(ROOT)}: {key} (counted)")
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


def test_a_refusal_shows_any_number_someone_typed():
    """Babel's 28-digit decimal context raised InvalidOperation on 10**28, so a refusal
    naming such a limit crashed (found by the 1,000-example property run)."""
    i18n.set_language("da")
    shown = i18n.refusal("error.too_long", {"field": "title", "max": -(10**28), "length": 6})
    assert str(-(10**28)) in shown and "(du skrev 6)" in shown
    assert i18n.fmt_int(10**30) == str(10**30)


# --- Norsk nynorsk --------------------------------------------------------------------

# Bokmål words whose Nynorsk form differs. One of them in nn.toml means a string was
# copied from nb.toml and not translated (whole words, case-insensitive). Words both
# forms share are left out, however bokmål they look: "bruker" (uses), "nå" (reach).
BOKMAL_ONLY = re.compile(
    r"\b(ikke|jeg|hva|hvem|hvordan|hvor|hvis|hvert?|noe|noen|bare|fra|mye|"
    r"verksted|verkstedet|verksteder|deltaker|deltakere|deltakeren|ideer|ideene|prikker|prikkene|"
    r"innbygger|innbyggere|brukeren|brukere|navn|navnet|lagret|slettet|opprettet|endret|"
    r"finnes|ennå|fortsatt|allerede|også|dere|disse|tegn|mulig)\b",
    re.IGNORECASE,
)


def _texts(language: str) -> dict[str, str]:
    texts = dict(i18n.catalogue(language))
    for key, forms in i18n.plurals(language).items():
        texts.update({f"{key}[{form}]": text for form, text in forms.items()})
    return texts


def test_nynorsk_is_nynorsk_not_bokmal():
    found = {
        key: words
        for key, text in _texts("nn").items()
        if (words := {w.lower() for w in BOKMAL_ONLY.findall(text)})
    }
    assert found == {}


def test_nynorsk_says_it_in_nynorsk():
    i18n.set_language("nn")
    assert i18n.t("join.title") == "Bli med i verkstaden"
    assert i18n.t("board.empty_collect") == "Her er det ingen idear enno. Ver den første!"
    assert i18n.t("phase_help.vote") == "Gi prikkane dine til dei ideane du støttar mest."
    assert i18n.t("error.not_allowed") == "Du har ikkje tilgang til denne sida."
    assert i18n.t("users.created", username="ole") == "Brukaren ole er oppretta."
    assert i18n.LANGUAGE_NAMES["nn"] == "Norsk nynorsk"


def test_tn_picks_nynorsk_forms():
    # CLDR gives Nynorsk the same two forms as bokmål: one (exactly 1) and other.
    assert i18n.plural_categories("nn") == {"one", "other"}
    i18n.set_language("nn")
    assert i18n.tn("count.dots", 1) == "1 prikk"
    assert i18n.tn("count.dots", 0) == "0 prikkar"
    assert i18n.tn("count.dots", 1200) == "1\xa0200 prikkar"
    assert i18n.tn("count.ideas", 1) == "1 idé"
    assert i18n.tn("count.ideas", 5) == "5 idear"
    assert i18n.tn("count.from_participants", 2) == "frå 2 deltakarar"
    # Decimals are "other" in Nynorsk, as in bokmål: "1,0 timar", "1,5 timar".
    assert i18n.tn("staff_time.saved", 1.5, digits=1) == "1,5 timar lagra."
    assert i18n.tn("hours.list_caption", 1) == "Den siste registreringa."
    assert i18n.tn("hours.list_caption", 3) == "Dei siste 3 registreringane, nyaste først."


def test_nynorsk_numbers_and_dates():
    from datetime import date

    i18n.set_language("nn")
    assert i18n.locale() == "nn_NO"
    assert i18n.fmt_int(1234567) == "1\xa0234\xa0567"
    assert i18n.fmt_number(2.5) == "2,5"
    assert i18n.fmt_date(date(2026, 3, 5)) == "5. mars 2026"
