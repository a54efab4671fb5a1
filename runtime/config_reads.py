"""Streamlit's configuration read without its lock, so a room of page runs does not queue on it.

Streamlit 1.67 reads an option (`config.get_option`) under one process-wide lock, and does
so for nearly every element a page draws: a join page run reads about 50 options, and the
server's event loop builds each run's first message from six `get_options_for_section`
calls that walk every option under the same lock. With hundreds of page runs at once, a
thread that holds the lock loses the interpreter to the others and every run waits behind
it: in dumps of a 1,000-tablet run, 200 of 276 threads were waiting for that lock
(docs/performance.md).

The lock guards the parsing of the configuration, which replaces the dict of options as a
whole. Once it is parsed, reading an option is a dict look-up and a call, both safe without
it. Before the first parse, and for a key Streamlit does not know (its own error), the
reads go to Streamlit's locked functions as before.
"""

from __future__ import annotations

from typing import Any

from streamlit import config

# The options of each section, indexed once per parsed configuration (and again should
# options be added to it): every new session's first message reads six sections, and
# walking all 367 options for each was about a millisecond of a join.
_sections: tuple[dict[str, Any], int, dict[str, tuple[Any, ...]]] | None = None

_locked_get_option = config.get_option
_locked_get_options_for_section = config.get_options_for_section


def get_option(key: str) -> Any:
    options = config._config_options
    option = options.get(key) if options is not None else None
    if option is None:
        return _locked_get_option(key)
    return option.value


def get_options_for_section(section: str) -> dict[str, Any]:
    options = config._config_options
    if options is None:
        return _locked_get_options_for_section(section)
    return {option.name: option.value for option in _by_section(options).get(section, ())}


def _by_section(options: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    global _sections
    known = _sections
    if known is None or known[0] is not options or known[1] != len(options):
        # list() copies the values in one step: a parse that replaces the dict meanwhile is harmless.
        grouped: dict[str, list[Any]] = {}
        for option in list(options.values()):
            grouped.setdefault(option.section, []).append(option)
        known = _sections = (options, len(options), {name: tuple(found) for name, found in grouped.items()})
    return known[2]


def read_without_lock() -> None:
    """From now on, Streamlit's own reads of its options in this process take no lock."""
    config.get_option = get_option
    config.get_options_for_section = get_options_for_section


def in_place() -> bool:
    return config.get_option is get_option and config.get_options_for_section is get_options_for_section
