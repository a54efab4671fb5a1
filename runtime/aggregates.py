"""Dashboard aggregates from `st.cache_data`, keyed on the data version so a change shows at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from db.session import default_url, read_scope
from services.insight.data_version import data_version, version_for

T = TypeVar("T")


@st.cache_data(show_spinner=False, max_entries=256)
def _computed(
    url: str, version: tuple, name: str, kwargs: tuple[tuple[str, Any], ...], _fn: Callable[..., Any]
) -> Any:
    # `url`, `version` and `name` only key the cache: a new version is a new entry, and the
    # old ones age out of the bounded cache instead of ever being served. The function itself
    # is passed by reference; its leading underscore keeps it out of the cache key, which its
    # qualified name stands in for.
    with read_scope(url) as session:
        return _fn(session, **dict(kwargs))


def at_current_version() -> Callable[..., Any]:
    """`aggregate` for one page run: the data version is read once, every figure comes from it.

    A page asks for several aggregates; reading the version for each would repeat the same
    query on the warm path, and a change landing mid-run could mix two versions on one screen.
    """
    url = default_url()
    with read_scope(url) as session:
        version = data_version(session)

    def aggregate_at(fn: Callable[..., T], **kwargs: Any) -> T:
        name = f"{fn.__module__}.{fn.__qualname__}"
        return _computed(url, version_for(fn, version), name, tuple(sorted(kwargs.items())), fn)

    return aggregate_at


def aggregate(fn: Callable[..., T], **kwargs: Any) -> T:
    """`fn(session, **kwargs)`, computed once per data version and database.

    `fn` is a module-level service function; keyword values must be hashable
    (numbers, strings, dates, tuples).
    """
    return at_current_version()(fn, **kwargs)
