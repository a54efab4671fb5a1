"""Survey instruments: the data files under assets/surveys/, loaded and checked before any wave uses them."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from services.common.errors import NotFound

SURVEY_DIR = Path(__file__).resolve().parents[2] / "assets" / "surveys"
LANGUAGES = ("da", "nb", "nn", "en")
AUDIENCES = ("volunteers", "staff", "citizens")
KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,59}")


class InstrumentError(Exception):
    """An instrument file is malformed; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Text:
    """One text in every language."""

    da: str
    nb: str
    nn: str
    en: str

    def __call__(self, language: str) -> str:
        return getattr(self, language if language in LANGUAGES else "en")


@dataclass(frozen=True)
class Group:
    key: str
    label: Text
    note: Text


@dataclass(frozen=True)
class Factor:
    key: str
    group: str
    label: Text


@dataclass(frozen=True)
class Item:
    key: str
    factor: str
    text: Text


@dataclass(frozen=True)
class Instrument:
    id: str
    audience: str
    title: Text
    intro: Text
    scale_min: int
    scale_max: int
    scale_labels: dict[str, tuple[str, ...]]
    groups: tuple[Group, ...]
    factors: tuple[Factor, ...]
    items: tuple[Item, ...]

    @property
    def points(self) -> tuple[int, ...]:
        return tuple(range(self.scale_min, self.scale_max + 1))

    def scale_label(self, value: int, language: str) -> str:
        labels = self.scale_labels.get(language) or self.scale_labels["en"]
        return labels[value - self.scale_min]

    def factor(self, key: str) -> Factor:
        return next(f for f in self.factors if f.key == key)

    def items_of(self, factor: str) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.factor == factor)

    def factors_of(self, group: str) -> tuple[Factor, ...]:
        return tuple(f for f in self.factors if f.group == group)

    @property
    def item_keys(self) -> frozenset[str]:
        return frozenset(i.key for i in self.items)


def _text(raw: Any, where: str) -> Text:
    if not isinstance(raw, dict):
        raise InstrumentError(f"{where}: expected a text in {', '.join(LANGUAGES)}")
    missing = [lang for lang in LANGUAGES if not isinstance(raw.get(lang), str) or not raw[lang].strip()]
    if missing:
        raise InstrumentError(f"{where}: missing text in {', '.join(missing)}")
    return Text(*(raw[lang].strip() for lang in LANGUAGES))


def _key(raw: Any, where: str) -> str:
    if not isinstance(raw, str) or not KEY_PATTERN.fullmatch(raw):
        raise InstrumentError(f"{where}: key {raw!r} must be lower-case letters, digits, underscore")
    return raw


def parse_instrument(data: dict[str, Any], name: str) -> Instrument:
    """An Instrument from a parsed TOML table; InstrumentError says what is wrong."""
    instrument_id = _key(data.get("id"), f"{name}: id")
    audience = data.get("audience")
    if audience not in AUDIENCES:
        raise InstrumentError(f"{name}: audience must be one of {', '.join(AUDIENCES)}")
    scale = data.get("scale") or {}
    low, high = scale.get("min"), scale.get("max")
    if not isinstance(low, int) or not isinstance(high, int) or not 0 <= low < high <= 10:
        raise InstrumentError(f"{name}: scale needs whole numbers 0 <= min < max <= 10")
    raw_labels = scale.get("labels") or {}
    labels: dict[str, tuple[str, ...]] = {}
    for lang in LANGUAGES:
        values = raw_labels.get(lang)
        if not isinstance(values, list) or len(values) != high - low + 1 or not all(values):
            raise InstrumentError(f"{name}: scale.labels.{lang} needs {high - low + 1} labels")
        labels[lang] = tuple(str(v) for v in values)

    groups = tuple(
        Group(
            _key(g.get("key"), f"{name}: group"),
            _text(g.get("label"), f"{name}: group label"),
            _text(g.get("note"), f"{name}: group note"),
        )
        for g in data.get("groups") or []
    )
    group_keys = [g.key for g in groups]
    if not groups or len(set(group_keys)) != len(group_keys):
        raise InstrumentError(f"{name}: needs at least one group, each key once")

    factors = []
    for f in data.get("factors") or []:
        key = _key(f.get("key"), f"{name}: factor")
        if f.get("group") not in group_keys:
            raise InstrumentError(f"{name}: factor {key} names an unknown group {f.get('group')!r}")
        factors.append(Factor(key, f["group"], _text(f.get("label"), f"{name}: factor {key}")))
    factor_keys = [f.key for f in factors]
    if not factors or len(set(factor_keys)) != len(factor_keys):
        raise InstrumentError(f"{name}: needs at least one factor, each key once")

    items = []
    for i in data.get("items") or []:
        key = _key(i.get("key"), f"{name}: item")
        if i.get("factor") not in factor_keys:
            raise InstrumentError(f"{name}: item {key} names an unknown factor {i.get('factor')!r}")
        items.append(Item(key, i["factor"], _text(i, f"{name}: item {key}")))
    item_keys = [i.key for i in items]
    if len(set(item_keys)) != len(item_keys):
        raise InstrumentError(f"{name}: two items share a key")
    empty = [f for f in factor_keys if f not in {i.factor for i in items}]
    if empty:
        raise InstrumentError(f"{name}: factors without items: {', '.join(empty)}")

    return Instrument(
        id=instrument_id,
        audience=audience,
        title=_text(data.get("title"), f"{name}: title"),
        intro=_text(data.get("intro"), f"{name}: intro"),
        scale_min=low,
        scale_max=high,
        scale_labels=labels,
        groups=groups,
        factors=tuple(factors),
        items=tuple(items),
    )


def load_instrument(path: Path) -> Instrument:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as err:
        raise InstrumentError(f"{path.name}: {err}") from None
    instrument = parse_instrument(data, path.name)
    if instrument.id != path.stem:
        raise InstrumentError(f"{path.name}: id {instrument.id!r} must match the file name")
    return instrument


@cache
def _load_all(directory: Path) -> dict[str, Instrument]:
    return {path.stem: load_instrument(path) for path in sorted(directory.glob("*.toml"))}


def all_instruments(directory: Path = SURVEY_DIR) -> dict[str, Instrument]:
    """Every instrument under `directory`, by id; a malformed file raises InstrumentError."""
    return _load_all(directory)


def instrument(key: str, directory: Path = SURVEY_DIR) -> Instrument:
    found = all_instruments(directory).get(key)
    if found is None:
        raise NotFound("error.instrument_unknown")
    return found
