"""The frozen row classes with an __init__ of their own still behave as dataclasses made them.

`InitiativeProgress`, `OverdueMilestone` and `Choice` write their fields straight into the
instance's dict: the generated __init__ of a frozen dataclass, a field at a time through
object.__setattr__, was a few per cent of their aggregates' time on SQLite. A field
added to the class but not to its __init__ (or with another default) would make objects
that compare, hash or print wrong; this keeps the hand-written __init__ and the fields in
step, and the instances frozen.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from datetime import date

import pytest

from services.insight.inclusion import Choice
from services.insight.initiative_progress import InitiativeProgress, OverdueMilestone

EXAMPLES = [
    InitiativeProgress(1, "Bænke i parken", "planned", 40, ""),
    OverdueMilestone(2, "Legeplads", "Tilbud", date(2026, 11, 1), 22, "Grundejerforeningen"),
    Choice(3, "Workshop", 1),
    Choice(4, "Proces"),
]


@pytest.mark.parametrize("cls", [InitiativeProgress, OverdueMilestone, Choice], ids=lambda c: c.__name__)
def test_init_takes_the_fields_in_order_with_their_defaults(cls):
    parameters = list(inspect.signature(cls).parameters.values())
    fields = dataclasses.fields(cls)
    assert [p.name for p in parameters] == [f.name for f in fields]
    assert [p.default for p in parameters] == [
        inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default for f in fields
    ]
    assert all(f.default_factory is dataclasses.MISSING and f.init for f in fields)
    assert not hasattr(cls, "__post_init__")
    assert cls.__dataclass_params__.frozen


@pytest.mark.parametrize("row", EXAMPLES, ids=repr)
def test_instances_are_what_the_generated_init_would_make(row):
    cls = type(row)
    values = dataclasses.astuple(row)
    assert vars(row) == dict(zip([f.name for f in dataclasses.fields(cls)], values, strict=True))
    by_keyword = cls(**dataclasses.asdict(row))
    assert by_keyword == row and hash(by_keyword) == hash(row) and repr(by_keyword) == repr(row)
    assert dataclasses.replace(row) == row
    assert pickle.loads(pickle.dumps(row)) == row
    assert copy.deepcopy(row) == row
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.__setattr__(dataclasses.fields(cls)[0].name, 0)
