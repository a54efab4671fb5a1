"""Joining a workshop by code and being recognised by the URL token."""

import pytest
from sqlalchemy import func, select

from db.models import Participant
from services.common.errors import InvalidInput, NotFound, WorkshopClosed
from services.workshop import participants
from tests.factories import make_participant, make_workshop


def _count(session):
    return session.scalar(select(func.count()).select_from(Participant))


def test_join_by_code_returns_a_token_that_finds_the_participant(session):
    workshop = make_workshop(session)
    person, token = participants.join(
        session,
        workshop.code.lower(),
        stakeholder_group="volunteer",
        display_name="  Grethe  ",
        age_band="65_79",
        area="Nord",
        first_time=True,
        areas=("Nord", "Syd"),
    )
    session.commit()
    found = participants.participant_by_token(session, token)
    assert found.id == person.id
    assert (found.display_name, found.stakeholder_group, found.age_band, found.area, found.first_time) == (
        "Grethe",
        "volunteer",
        "65_79",
        "Nord",
        True,
    )


def test_only_a_hash_of_the_token_is_stored(session):
    workshop = make_workshop(session)
    person, token = make_participant(session, workshop)
    assert token not in person.token_hash
    assert person.token_hash == participants.hash_token(token)


def test_anonymous_is_allowed_and_extras_are_optional(session):
    workshop = make_workshop(session)
    person, _ = participants.join(session, workshop.code, stakeholder_group="other")
    assert person.display_name is None and person.age_band is None and person.area is None


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"stakeholder_group": None}, "error.choose_how_you_take_part"),
        ({"stakeholder_group": "alien"}, "error.not_a_choice"),
        ({"display_name": "x" * 41}, "error.too_long"),
        ({"display_name": "bad\x00name"}, "error.control_characters"),
        ({"age_band": "101"}, "error.not_a_choice"),
        ({"area": "Atlantis"}, "error.not_a_choice"),
    ],
)
def test_bad_details_change_nothing(session, overrides, key):
    workshop = make_workshop(session)
    values = {"stakeholder_group": "citizen", "areas": ("Nord",)} | overrides
    before = _count(session)
    with pytest.raises(InvalidInput) as err:
        participants.join(session, workshop.code, **values)
    assert err.value.key == key
    assert _count(session) == before


def test_unknown_code_is_not_found(session):
    make_workshop(session)
    with pytest.raises(NotFound) as err:
        participants.join(session, "AAAAAA", stakeholder_group="citizen")
    assert err.value.key == "error.code_unknown"


def test_closed_workshop_takes_no_new_participants(session):
    workshop = make_workshop(session, phase="closed")
    before = _count(session)
    with pytest.raises(WorkshopClosed):
        participants.join(session, workshop.code, stakeholder_group="citizen")
    assert _count(session) == before


@pytest.mark.parametrize(
    "token", [None, "", "short", "x" * 22 + "y", "../../etc/passwd", "A" * 22, "💥" * 22]
)
def test_tampered_or_unknown_tokens_are_not_found(session, token):
    workshop = make_workshop(session)
    make_participant(session, workshop)
    with pytest.raises(NotFound) as err:
        participants.participant_by_token(session, token)
    assert err.value.key == "error.participant_link"


def test_a_changed_character_is_another_token(session):
    workshop = make_workshop(session)
    _, token = make_participant(session, workshop)
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    with pytest.raises(NotFound):
        participants.participant_by_token(session, flipped)


def test_count_by_group(session):
    workshop = make_workshop(session)
    for group in ("citizen", "citizen", "business"):
        make_participant(session, workshop, stakeholder_group=group)
    assert participants.count_by_group(session, workshop.id) == {"citizen": 2, "business": 1}
