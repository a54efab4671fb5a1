"""Arguments for any service function, from its type hints and parameter names.

A parameter's hint says what to draw (an int, a date, a list of ids, a dataclass built
field by field, a model row of the world); its name says which values matter: `*_id`
draws a real id of that kind or a bogus one (0, negative, 2^31, 2^63, 2^64, ...),
`by_user_id` the world's admin or a bogus user, a string a real code, token or
vocabulary word or hostile text. A new service function is fuzzed without a line here,
as long as its hints are of these kinds.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import datetime as dt
import inspect
import pathlib
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from hypothesis import strategies as st
from sqlalchemy.orm import Session

import db.models
import i18n
import vocabulary
from services.action.outcome_notices import MailServer
from services.admin import permissions
from services.admin.sign_in import Throttle
from services.surveys.instruments import all_instruments
from tests.fuzz.world import World
from tests.when import TODAY

SearchStrategy = st.SearchStrategy

# Numbers a column cannot hold, or only just: PostgreSQL integer and bigint bounds,
# SQLite's 64-bit integers, and beyond.
EXTREME_INTS = (
    0,
    -1,
    2**31 - 1,
    2**31,
    2**53 + 1,
    2**63 - 1,
    2**63,
    2**64,
    -(2**31) - 1,
    -(2**63) - 1,
    10**30,
)
# An id reaches a service only through services.common.ids.parse_id at the edge (pages,
# routes, imports), which refuses what no id column holds; so services are handed every
# id an id column can hold, real or not. tests/fuzz/test_edges.py fuzzes the edge itself.
ID_MIN, ID_MAX = -(2**31), 2**31 - 1
BOGUS_IDS = (0, -1, ID_MIN, ID_MAX)

# Text that has broken things before: what PostgreSQL refuses (NUL), what Python cannot
# encode (lone surrogates), control and direction characters, numbers that overflow,
# formula-looking cells, and sizes beyond every field's limit.
SPECIAL_TEXT = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "\ud800",
    "idea \udfff",
    "\x1b[31m",
    "\u202eevil",
    "\ufeffbom",
    "line\r\nbreak",
    "1e999999999",
    "-1e999999999",
    "NaN",
    "-Infinity",
    "99999999999999999999999",
    "=1+1",
    "x;=1+1",
    "2026-02-30",
    "31.12.9999",
    "0001-01-01",
    "<script>alert(1)</script>",
    "ǅ İ ß ﬀ",
    "x" * 5_000,
    "y" * 200_000,
)

# The domain's words (phases, roles, groups, statuses, ...), languages and instrument keys:
# a string parameter often has to be one of these to get past its first check.
WORDS = tuple(
    sorted(
        {
            word
            for value in vars(vocabulary).values()
            if isinstance(value, tuple)
            for word in value
            if isinstance(word, str)
        }
        | set(i18n.LANGUAGES)
        | set(all_instruments())
        | {"theme", "cluster", "bridging", "support", "board", "votes", "idea", "comment"}
    )
)

# Parameters that are knobs for tests and progress bars, not input; left at their default.
INTERNAL = {
    "rounds": "bcrypt cost for tests; pages never pass it",
    "on_progress": "a progress-bar callback the page passes",
    "chunk": "insert batch size, a constant",
    "directory": "where the survey instruments live, a constant",
    "found": "the board state the route looked up a moment before",
    "numbers": "the row numbers the hours table shows beside its rows, one per row",
}


# Parameters whose values the code gives (a field's message key, the clock's today, a
# setting, a ranking's name), not users: drawn from what the code passes. Dates users type
# come through st.date_input, which keeps them within years 1900-2200 here.
def _labels(language: str) -> dict[str, str]:
    found = i18n.catalogue(language)
    return {k.rpartition(".")[2]: v for k, v in found.items()} | found


_TEXTS = tuple(sorted(v for v in i18n.catalogue("da").values() if isinstance(v, str)))[:200]
FIELD_KEYS = tuple(sorted(k.removeprefix("field.") for k in i18n.catalogue("en") if k.startswith("field.")))
USER_DATES = st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31))
GIVEN_BY_CODE: dict[str, SearchStrategy[Any]] = {
    "field": st.sampled_from(FIELD_KEYS),
    "today": st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)),
    "timezone": st.sampled_from(("Europe/Copenhagen", "Europe/Oslo", "UTC")),
    "municipality": st.sampled_from(("Lindholt Kommune", "<b>Æblerød</b> & Co")),
    "language": st.sampled_from(i18n.LANGUAGES),
    "by": st.sampled_from(("bridging", "dots")),
    "channel": st.sampled_from(("board", "votes")),
    "kind": st.sampled_from(
        tuple(vocabulary.TIMELINE_KINDS + vocabulary.STAFF_TIME_KINDS + vocabulary.ACTOR_KINDS)
    ),
    "phase": st.sampled_from(vocabulary.PHASES),
    "current": st.sampled_from(vocabulary.PHASES),
    "limit": st.integers(1, 500),
    # An upload's name is the user's, but only .csv and .xlsx get as far as being read.
    "filename": st.one_of(st.sampled_from(("timer.csv", "HOURS.CSV", "timer.xlsx")), st.text(max_size=12)),
    "months": st.integers(-1200, 1200),
    "low": st.integers(-1000, 0),
    "high": st.integers(1, 10**6),
    "phases": st.sampled_from(vocabulary.PHASES),
    "target": st.sampled_from(vocabulary.PHASES),
    "min_responses": st.integers(1, 50),
    "threshold": st.integers(0, 100),
    # Settings, within the bounds config.py gives them.
    "days": st.integers(0, 3650),
    "retention_days": st.integers(0, 36_500),
    "expiry_days": st.integers(0, 365),
    "hour_value": st.integers(0, 100_000),
    # The cookie key (a setting, or the key file's hex).
    "key": st.one_of(st.just("0" * 64), st.text(st.characters(codec="ascii"), min_size=1, max_size=64)),
    "process_phase": st.sampled_from(vocabulary.PROCESS_PHASES),
    # Texts of the catalogue the page hands an export for its headers and labels.
    "system_label": st.sampled_from(_TEXTS),
    "reason": st.sampled_from(("deactivated", "logout", "password_reset", "role")),
}
GIVEN_WHOLE: dict[str, SearchStrategy[Any]] = {
    # Labels a page hands a service: its catalogue in one language, by dotted key and by
    # last part ("group.citizen", "yes" for "common.yes").
    "labels": st.sampled_from(i18n.LANGUAGES).map(_labels),
    "wait": st.floats(0, 86_400),  # a RateLimiter's answer
    "headers": st.lists(st.sampled_from(_TEXTS), min_size=6, max_size=6),
    # The demo seed's own accounts.
    "usernames": st.lists(st.from_regex(r"[a-z][a-z0-9_.-]{2,20}", fullmatch=True), max_size=5),
    # No mail server, or one that refuses the connection at once (nothing listens on port 1).
    "mail": st.sampled_from((None, MailServer("127.0.0.1", port=1, sender="samskab@samskab.test"))),
}

# The table an id parameter names, where its name alone does not say.
ID_TABLES = {
    "survivor": "idea",
    "duplicate": "idea",
    "proxy": "proxy",
    "wave": "survey_wave",
    "before": "survey_wave",
    "after": "survey_wave",
    "link": "initiative_actor",
    "by_user": "user",
    "entered_by_user": "user",
    "entry_user": "user",
}
# Id parameters whose name has no `_id` at all.
ID_NAMES = {"with_followers_of": "idea"}
ID_TABLES |= ID_NAMES

PREDICATES = tuple(
    f
    for name, f in sorted(vars(permissions).items())
    if name.startswith("can_") and len(inspect.signature(f).parameters) == 1
)

_MODELS = {
    cls.__name__: cls
    for cls in vars(db.models).values()
    if isinstance(cls, type) and hasattr(cls, "__table__")
}


class Unsupported(Exception):
    """A hint this module cannot draw for; the coverage test lists such functions."""


def hints(func: Callable[..., Any]) -> dict[str, Any]:
    """The resolved type hints of `func`, each resolved alone so one unknown name spoils only itself."""
    module = inspect.getmodule(func)
    namespace: dict[str, Any] = {
        **vars(typing),
        **vars(collections.abc),
        **_MODELS,
        "Session": Session,
        "date": dt.date,
        "datetime": dt.datetime,
        "Path": pathlib.Path,
        "Decimal": Decimal,
        **(vars(module) if module else {}),
    }
    resolved: dict[str, Any] = {}
    for name, annotation in getattr(func, "__annotations__", {}).items():
        if isinstance(annotation, str):
            try:
                annotation = eval(annotation, namespace)
            except Exception:  # noqa: BLE001 - a name only imported for type checking
                annotation = Unsupported(annotation)
        resolved[name] = annotation
    return resolved


class Strategies:
    """Draws arguments against one world and one session."""

    def __init__(self, world: World, session: Session) -> None:
        self.world = world
        self.session = session
        self.checks_role = False

    # --- leaves -------------------------------------------------------------------

    def numbers(self) -> SearchStrategy[int]:
        return st.one_of(st.integers(-3, 400), st.sampled_from(EXTREME_INTS), st.integers())

    def ids(self, name: str) -> SearchStrategy[int]:
        kind = name.removesuffix("_ids").removesuffix("_id")
        table = ID_TABLES.get(kind, kind)
        real = self.world.ids.get(table) or self.world.all_ids()
        return st.one_of(st.sampled_from(real), st.sampled_from(BOGUS_IDS), st.integers(ID_MIN, ID_MAX))

    def user(self, checks_role: bool) -> SearchStrategy[int | None]:
        """The signed-in caller: the admin most of the time (so the call gets past the role
        check), or another user; and, for a service that checks the caller's role, a user
        that does not exist (a session outliving its account)."""
        admin = st.just(self.world.admin_id)
        callers = [admin, admin, st.sampled_from(self.world.ids["user"])]
        return st.one_of(*callers, st.sampled_from(BOGUS_IDS)) if checks_role else st.one_of(*callers)

    def text(self) -> SearchStrategy[str]:
        special = st.sampled_from(SPECIAL_TEXT)  # twice: these found most of what broke
        return st.one_of(
            st.sampled_from(self.world.strings + list(WORDS)),
            special,
            special,
            st.text(st.characters(exclude_categories=()), max_size=40),
        )

    def dates(self) -> SearchStrategy[dt.date]:
        return st.one_of(st.just(TODAY), USER_DATES)

    # --- by hint ------------------------------------------------------------------

    def for_hint(self, hint: Any, name: str) -> SearchStrategy[Any]:
        if isinstance(hint, Unsupported):
            raise hint
        if hint is Session:
            return st.just(self.session)
        if name in GIVEN_WHOLE:
            return GIVEN_WHOLE[name]
        if name in GIVEN_BY_CODE and _plain_hint(hint):
            given = GIVEN_BY_CODE[name]
            return st.one_of(st.none(), given) if _optional(hint) else given
        if hint is type(None) or hint is None:
            return st.none()
        if hint is permissions.SystemActor:
            # The system actor: commands and the seed act as it; pages never can.
            return st.just(permissions.SYSTEM)
        origin = typing.get_origin(hint)
        args = typing.get_args(hint)
        if origin in (typing.Union, types.UnionType):
            return st.one_of(*(self.for_hint(arg, name) for arg in args))
        if origin is typing.Literal:
            return st.sampled_from(args)
        if hint is bool:
            return st.booleans()
        if hint is int:
            if name == "by_user_id":
                return self.user(self.checks_role)
            if name == "id" or name.endswith(("_id", "_ids")) or name in ID_NAMES:
                return self.ids(name)
            return self.numbers()
        if hint is float:
            return st.one_of(st.floats(), self.numbers().map(float))
        if hint is str:
            return self.text()
        if hint is bytes:
            return self.files()
        if hint is dt.datetime:
            return st.one_of(
                st.just(dt.datetime(2026, 11, 23, 17)),
                st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2200, 1, 1)),
            )
        if hint is dt.date:
            return self.dates()
        if hint in (typing.Any, object):
            return st.one_of(
                st.sampled_from(SPECIAL_TEXT),
                st.none(),
                st.booleans(),
                self.numbers(),
                st.floats(),
                self.text(),
                self.dates(),
            )
        if origin in (list, tuple, set, frozenset, collections.abc.Iterable, collections.abc.Sequence):
            if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
                return st.tuples(*(self.for_hint(arg, name) for arg in args))
            inner = self.for_hint(args[0] if args else typing.Any, name)
            drawn = st.lists(inner, max_size=6)
            return drawn.map(tuple) if origin is tuple else drawn
        if origin in (dict, collections.abc.Mapping):
            return st.dictionaries(self.for_hint(args[0], name), self.for_hint(args[1], name), max_size=6)
        if isinstance(hint, type) and hint.__name__ in _MODELS:
            table = "proxy" if name == "proxy" else _MODELS[hint.__name__].__table__.name
            return st.sampled_from(self.world.ids[table]).map(lambda i: self.session.get(hint, i))
        if origin is collections.abc.Callable and typing.get_args(hint)[-1] is str:
            # An address builder the page passes (publish_outcomes' public page link).
            return st.just(_link)
        if origin is collections.abc.Callable and typing.get_args(hint)[-1] is bool:
            # A role predicate: require(session, user, can_something).
            return st.sampled_from(PREDICATES)
        if hint is Throttle:
            return st.builds(Throttle, st.integers(0, 5), st.integers(0, 5))
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            fields = hints(hint)
            return st.builds(
                hint,
                **{f.name: self.for_hint(fields[f.name], f.name) for f in dataclasses.fields(hint) if f.init},
            )
        raise Unsupported(repr(hint))

    def files(self) -> SearchStrategy[bytes]:
        """Uploaded files: random bytes, and CSVs of hostile cells under the hours headers."""
        cell = self.text().map(lambda s: s.replace('"', '""'))
        rows = st.lists(st.lists(cell, min_size=1, max_size=5), max_size=4)
        header = st.sampled_from(("date;volunteer;hours;note", "dato,frivillig,timer", "worked_on,minutes"))
        csv = st.tuples(header, rows).map(_csv_file)
        # A cell over the csv module's 128 KiB field limit, with a header that gets it read.
        huge = st.sampled_from((b"dato;frivillig;timer\n", b"a;b\n")).map(
            lambda h: h + b'"' + b"y" * 140_000 + b'";1'
        )
        return st.one_of(st.binary(max_size=200), csv, csv, huge)

    def arguments(self, func: Callable[..., Any]) -> SearchStrategy[tuple[list[Any], dict[str, Any]]]:
        """(positional, keyword) arguments for `func`; Unsupported if a hint cannot be drawn."""
        found = hints(func)
        self.checks_role = "require(" in inspect.getsource(func)
        positional: list[SearchStrategy[Any]] = []
        keywords: dict[str, SearchStrategy[Any]] = {}
        params = inspect.signature(func).parameters.values()
        # Before a *args, parameters can only be passed by position, so none is left out.
        spread = any(p.kind is inspect.Parameter.VAR_POSITIONAL for p in params)
        for param in params:
            if param.name in INTERNAL and param.default is not inspect.Parameter.empty:
                continue
            if param.kind is inspect.Parameter.VAR_KEYWORD:
                continue
            hint = found.get(param.name, typing.Any)
            drawn = self.for_hint(hint, param.name)
            by_position = spread and param.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
            if param.default is not inspect.Parameter.empty and not by_position:
                # Optional ones are left out now and then, so their defaults get tried too.
                drawn = st.one_of(drawn, st.just(_DEFAULT))
            if param.kind is inspect.Parameter.VAR_POSITIONAL:
                least = 1 if param.name in GIVEN_BY_CODE else 0
                positional.append(st.lists(drawn, min_size=least, max_size=3).map(_Spread))
            elif param.kind is inspect.Parameter.KEYWORD_ONLY:
                keywords[param.name] = drawn
            else:
                name = "" if by_position else param.name
                positional.append(drawn.map(_named(name)))
        return st.tuples(st.tuples(*positional), st.fixed_dictionaries(keywords)).map(_assemble)


_DEFAULT = object()


def _link(slug: str, workshop_id: int) -> str:
    return f"https://samskab.test/p/{quote(slug)}#w{workshop_id}"


def _plain_hint(hint: Any) -> bool:
    return all(arg in (str, int, dt.date, type(None)) for arg in (typing.get_args(hint) or (hint,)))


def _optional(hint: Any) -> bool:
    return type(None) in typing.get_args(hint)


def _with_huge_cell(header: bytes) -> bytes:
    return header + b'"' + b"y" * 140_000 + b'";1'


def _csv_file(drawn: tuple[str, list[list[str]]]) -> bytes:
    header, rows = drawn
    lines = [header, *(";".join(f'"{cell}"' for cell in row) for row in rows)]
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def _named(name: str) -> Callable[[Any], tuple[str, Any]]:
    return lambda value: (name, value)


class _Spread(list[Any]):
    """Values of a *args parameter."""


def _assemble(drawn: tuple[tuple[Any, ...], dict[str, Any]]) -> tuple[list[Any], dict[str, Any]]:
    positional, keywords = drawn
    args: list[Any] = []
    kwargs = {name: value for name, value in keywords.items() if value is not _DEFAULT}
    for item in positional:
        if isinstance(item, _Spread):
            args.extend(v for v in item if v is not _DEFAULT)
        elif item[1] is _DEFAULT:
            continue
        elif not item[0]:
            args.append(item[1])
        else:
            kwargs[item[0]] = item[1]
    return args, kwargs
