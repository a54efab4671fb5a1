"""Survey instruments are data: every shipped file loads, is complete in four languages, and is checked."""

import tomllib
from pathlib import Path

import pytest

from services.surveys.instruments import (
    LANGUAGES,
    InstrumentError,
    all_instruments,
    load_instrument,
    parse_instrument,
)

SURVEYS = Path(__file__).resolve().parents[3] / "assets" / "surveys"
VFI = {"values", "social", "understanding", "career", "protective", "enhancement"}
BARRIERS = {"time", "bureaucracy", "role_clarity", "support", "recognition"}
GOALS = {
    "citizen_perspectives",
    "diversity_holistic",
    "process_product",
    "empowerment",
    "professional_identity",
}


def test_every_shipped_instrument_loads_with_all_languages_and_known_factors():
    instruments = all_instruments()
    assert set(instruments) == {p.stem for p in SURVEYS.glob("*.toml")}
    for form in instruments.values():
        factors = {f.key for f in form.factors}
        groups = {g.key for g in form.groups}
        for item in form.items:
            assert item.factor in factors, item.key
            for language in LANGUAGES:
                text = item.text(language)
                assert text.strip() and text[0].isupper() and text.endswith((".", "?")), (item.key, language)
        for factor in form.factors:
            assert factor.group in groups
            assert len(form.items_of(factor.key)) >= 2, f"{form.id}: {factor.key} needs two items"
        for language in LANGUAGES:
            assert len(form.scale_labels[language]) == len(form.points)
            assert form.title(language) and form.intro(language)
        # The languages really differ: no untranslated copies.
        assert len({i.text("da") for i in form.items} & {i.text("en") for i in form.items}) == 0


def test_the_three_instruments_the_issue_names():
    instruments = all_instruments()
    volunteers = instruments["volunteer_motivation"]
    assert {f.key for f in volunteers.factors_of("motivation")} == VFI
    assert {f.key for f in volunteers.factors_of("barriers")} == BARRIERS
    assert volunteers.audience == "volunteers"
    staff = instruments["staff_motivation"]
    assert {f.key for f in staff.factors_of("barriers")} == BARRIERS
    assert staff.audience == "staff"
    competences = instruments["cocreation_competences"]
    assert {f.key for f in competences.factors} == GOALS
    assert all(len(competences.items_of(goal)) == 3 for goal in GOALS)
    for form in instruments.values():
        assert (form.scale_min, form.scale_max) == (1, 5)


def _valid() -> dict:
    with (SURVEYS / "cocreation_competences.toml").open("rb") as fh:
        return tomllib.load(fh)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["items"][0].pop("nb"), "missing text in nb"),
        (lambda d: d["items"][1].update(factor="nonsense"), "unknown factor 'nonsense'"),
        (lambda d: d["scale"]["labels"]["en"].pop(), "scale.labels.en needs 5 labels"),
        (lambda d: d["factors"][0].update(group="elsewhere"), "unknown group"),
        (lambda d: d["items"].append(dict(d["items"][0])), "two items share a key"),
        (lambda d: d.update(audience="everyone"), "audience"),
        (lambda d: d["items"][0].update(key="Bad Key"), "must be lower-case"),
        (lambda d: d.update(items=[i for i in d["items"] if i["factor"] != "empowerment"]), "without items"),
    ],
)
def test_a_malformed_instrument_is_refused_with_what_is_wrong(change, message):
    data = _valid()
    change(data)
    with pytest.raises(InstrumentError, match=message):
        parse_instrument(data, "broken.toml")


def test_the_id_must_match_the_file_name(tmp_path):
    path = tmp_path / "other_name.toml"
    path.write_bytes((SURVEYS / "cocreation_competences.toml").read_bytes())
    with pytest.raises(InstrumentError, match="must match the file name"):
        load_instrument(path)
    broken = tmp_path / "broken.toml"
    broken.write_text('id = "broken"\n[title\n')
    with pytest.raises(InstrumentError, match=r"broken\.toml"):
        load_instrument(broken)


def test_the_instruments_speak_nynorsk():
    from tests.unit.test_i18n import BOKMAL_ONLY

    volunteers = all_instruments()["volunteer_motivation"]
    assert volunteers.title("nn") == "Motivasjon og barrierar blant frivillige"
    assert volunteers.scale_label(1, "nn") == "Heilt usamd"
    assert volunteers.groups[0].label("nn") == "Kvifor er du frivillig?"
    texts = [
        text("nn")
        for inst in all_instruments().values()
        for text in (
            inst.title,
            inst.intro,
            *(g.label for g in inst.groups),
            *(g.note for g in inst.groups),
            *(f.label for f in inst.factors),
            *(i.text for i in inst.items),
        )
    ] + [label for inst in all_instruments().values() for label in inst.scale_labels["nn"]]
    assert [t for t in texts if BOKMAL_ONLY.search(t)] == []
