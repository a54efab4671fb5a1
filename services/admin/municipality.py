"""The municipality as the app uses it: name, areas and population shares, database over environment.

The settings (SAMSKAB_MUNICIPALITY, SAMSKAB_AREAS, SAMSKAB_POPULATION_*_SHARES) are the
defaults; an administrator's values on the Settings page win. Everything that shows or
uses these reads them through `effective`, so headers, the join page, the inclusion page,
the PDFs and the summary never disagree. Values are stored in the settings' own text
format and checked by config's own rules, so what the environment may not say, the
database cannot hold either.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

import config
from db.models import SiteSetting
from services.admin import audit, permissions, site
from services.common.errors import InvalidInput
from services.common.text import clean_text
from vocabulary import AGE_BANDS

Shares = tuple[tuple[str, float], ...]

NAME, AREAS, AGE_SHARES, AREA_SHARES = (
    "municipality",
    "areas",
    "population_age_shares",
    "population_area_shares",
)
NAME_MAX_CHARS = 120


@dataclass(frozen=True)
class Municipality:
    name: str
    areas: tuple[str, ...]
    age_shares: Shares
    area_shares: Shares
    # Which of NAME, AREAS, AGE_SHARES, AREA_SHARES an administrator has set in the app.
    saved: frozenset[str] = frozenset()


# One query, not a look-up per key, built once: every join page's run reads these.
_STORED = select(SiteSetting.key, SiteSetting.value).where(
    SiteSetting.key.in_((NAME, AREAS, AGE_SHARES, AREA_SHARES))
)


def _stored(session: Session) -> dict[str, str]:
    return {key: value for key, value in session.execute(_STORED)}


def effective(session: Session, settings: config.Settings | None = None) -> Municipality:
    """The values in effect: each one saved in the app, else its setting.

    Shares by area belong to the areas they name: with areas saved in the app, the
    environment's area shares (which name the environment's areas) no longer apply.
    """
    settings = settings or config.load()
    return _in_effect(tuple(sorted(_stored(session).items())), settings)


@functools.lru_cache(maxsize=16)
def _in_effect(saved: tuple[tuple[str, str], ...], settings: config.Settings) -> Municipality:
    # Parsed once per saved values and settings: the same for every tablet of a room, and
    # parsing them again was most of a join page's read of them.
    stored = dict(saved)
    areas = config.parse_areas(AREAS, stored[AREAS]) if AREAS in stored else settings.areas
    age = (
        config.parse_shares(AGE_SHARES, stored[AGE_SHARES], AGE_BANDS)
        if AGE_SHARES in stored
        else settings.population_age_shares
    )
    if AREA_SHARES in stored:
        by_area = config.parse_shares(AREA_SHARES, stored[AREA_SHARES])
    elif AREAS in stored:
        by_area = ()
    else:
        by_area = settings.population_area_shares
    return Municipality(
        name=stored.get(NAME) or settings.municipality,
        areas=areas,
        age_shares=age,
        area_shares=tuple((a, p) for a, p in by_area if a in areas),
        saved=frozenset(stored),
    )


def _refused(err: config.ConfigError, field: str) -> InvalidInput:
    return InvalidInput(f"error.municipality.{err.problem or 'invalid'}", field=field, **err.params)


def _shares_text(shares: Mapping[str, float | None]) -> str:
    return ",".join(f"{key}:{value:g}" for key, value in shares.items() if value is not None)


def set_name_and_areas(
    session: Session, *, by_user_id: permissions.ByUser, name: str, areas: list[str] | tuple[str, ...]
) -> Municipality:
    """Save the municipality's name and its areas (in the order given)."""
    permissions.require(session, by_user_id, permissions.can_manage_municipality)
    name = clean_text(name, field="municipality_name", max_len=NAME_MAX_CHARS)
    cleaned = [clean_text(a, field="areas", max_len=config.AREA_MAX_CHARS, required=False) for a in areas]
    cleaned = [a for a in cleaned if a]
    if any("," in a for a in cleaned):
        raise InvalidInput("error.municipality.area_comma")
    raw_areas = ",".join(cleaned)
    try:
        parsed = config.parse_areas(AREAS, raw_areas)
    except config.ConfigError as err:
        raise _refused(err, "areas") from None
    stored = _stored(session)
    if AREA_SHARES in stored:
        try:
            config.check_area_shares(config.parse_shares(AREA_SHARES, stored[AREA_SHARES]), parsed)
        except config.ConfigError as err:
            raise InvalidInput("error.municipality.area_has_share", **err.params) from None
    before = effective(session)
    site.put(session, NAME, name, by_user_id)
    site.put(session, AREAS, raw_areas, by_user_id)
    audit.record(
        session,
        user_id=by_user_id,
        action="municipality.name_and_areas",
        entity="municipality",
        old_name=before.name,
        name=name,
        old_areas=list(before.areas),
        areas=list(parsed),
    )
    return effective(session)


def set_population_shares(
    session: Session,
    *,
    by_user_id: permissions.ByUser,
    age_shares: Mapping[str, float | None],
    area_shares: Mapping[str, float | None],
) -> Municipality:
    """Save the population's percent per age band and per area; None leaves one out.

    All left out turns that comparison off. Each set must add up to 100 ± 1.5, and every
    area must be one of the municipality's areas (config's rules for the settings).
    """
    permissions.require(session, by_user_id, permissions.can_manage_municipality)
    areas = effective(session).areas
    raw_age, raw_area = _shares_text(age_shares), _shares_text(area_shares)
    try:
        config.parse_shares(AGE_SHARES, raw_age, AGE_BANDS)
    except config.ConfigError as err:
        raise _refused(err, "age_shares") from None
    try:
        config.check_area_shares(config.parse_shares(AREA_SHARES, raw_area), areas)
    except config.ConfigError as err:
        raise _refused(err, "area_shares") from None
    site.put(session, AGE_SHARES, raw_age, by_user_id)
    site.put(session, AREA_SHARES, raw_area, by_user_id)
    audit.record(
        session,
        user_id=by_user_id,
        action="municipality.population_shares",
        entity="municipality",
        age_shares=raw_age,
        area_shares=raw_area,
    )
    return effective(session)
