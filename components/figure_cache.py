"""Chart figures built once per content, not on every run.

Building a Plotly figure validates every property it is given, and on the leader dashboard
that was most of a warm run: the figures are the same as long as their data and their
language are. A builder decorated with `built_once` returns the figure it built the first
time for equal arguments in the same language (the language is part of the key: number
separators follow it, and two languages may share a title). The figure is shared by every
session of the process: callers hand it to `st.plotly_chart` (which copies it with
`to_dict()`) and never change it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from i18n import current_language

F = TypeVar("F", bound=Callable[..., Any])

# A figure is a few kB; a dashboard has a dozen, per filter and language.
MAX_FIGURES = 512


@st.cache_resource(show_spinner=False, max_entries=MAX_FIGURES)
def _built(name: str, language: str, args: tuple, kwargs: tuple, _builder: Callable[..., Any]) -> Any:
    # `name` stands in for the builder in the key; `_builder` is left out of it.
    return _builder(*args, **dict(kwargs))


def built_once(builder: F) -> F:
    name = f"{builder.__module__}.{builder.__qualname__}"

    @functools.wraps(builder)
    def once(*args: Any, **kwargs: Any) -> Any:
        return _built(name, current_language(), args, tuple(sorted(kwargs.items())), builder)

    return once  # type: ignore[return-value]


def clear() -> None:
    """Forget every figure (the dashboard benchmark's cold runs)."""
    _built.clear()
