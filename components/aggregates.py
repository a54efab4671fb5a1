"""Dashboard aggregates from `st.cache_data`, keyed on the data version so a change shows at once."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from db.session import default_url, read_scope
from services.data_version import data_version

T = TypeVar("T")


@st.cache_data(show_spinner=False, max_entries=256)
def _computed(url: str, version: tuple, module: str, name: str, kwargs: tuple[tuple[str, Any], ...]) -> Any:
    # `url` and `version` only key the cache: a new version is a new entry, and the old
    # ones age out of the bounded cache instead of ever being served.
    fn = getattr(importlib.import_module(module), name)
    with read_scope(url) as session:
        return fn(session, **dict(kwargs))


def aggregate(fn: Callable[..., T], **kwargs: Any) -> T:
    """`fn(session, **kwargs)`, computed once per data version and database.

    `fn` is a module-level service function; keyword values must be hashable
    (numbers, strings, dates, tuples).
    """
    url = default_url()
    with read_scope(url) as session:
        version = data_version(session)
    return _computed(url, version, fn.__module__, fn.__name__, tuple(sorted(kwargs.items())))
