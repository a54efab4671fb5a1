"""The UI's words in Danish, Norwegian bokmål and nynorsk, and English: `t(key, **kw)`, locale formats."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

import clock

LANGUAGES: tuple[str, ...] = ("da", "nb", "nn", "en")
LANGUAGE_NAMES = {"da": "Dansk", "nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English"}
_LOCALES = {"da": "da_DK", "nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}
_DIR = Path(__file__).resolve().parent

# Streamlit runs each session's script in that session's own thread, so a context
# variable set at the top of a run is seen by every t() call of that run only.
_language: ContextVar[str] = ContextVar("language", default="da")


# CLDR's plural categories. A catalogue entry whose value is a table of these (at least
# `other`) is a count's forms: `dots = { one = "{count} prik", other = "{count} prikker" }`.
PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})


def _is_plural(value: Any) -> bool:
    return isinstance(value, dict) and "other" in value and set(value) <= PLURAL_CATEGORIES


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str | dict[str, str]]:
    flat: dict[str, str | dict[str, str]] = {}
    for key, value in table.items():
        if _is_plural(value):
            flat[f"{prefix}{key}"] = {form: str(text) for form, text in value.items()}
        elif isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = str(value)
    return flat


@cache
def _entries(language: str) -> dict[str, str | dict[str, str]]:
    with (_DIR / f"{language}.toml").open("rb") as fh:
        return _flatten(tomllib.load(fh))


@cache
def catalogue(language: str) -> dict[str, str]:
    """All plain keys of one language, as dotted names (`login.title`)."""
    return {key: value for key, value in _entries(language).items() if isinstance(value, str)}


@cache
def plurals(language: str) -> dict[str, dict[str, str]]:
    """All counted keys of one language: dotted name -> CLDR category -> text."""
    return {key: value for key, value in _entries(language).items() if isinstance(value, dict)}


def set_language(language: str) -> None:
    _language.set(language if language in LANGUAGES else "da")


def current_language() -> str:
    return _language.get()


def t(key: str, /, **kw: Any) -> str:
    """The text for `key` in the current language, with `{placeholders}` filled in.

    A key missing from the catalogue shows as the key itself, so a gap is visible in the
    UI instead of crashing a workshop; the catalogue test keeps gaps from landing.
    """
    text = catalogue(current_language()).get(key) or catalogue("en").get(key) or key
    return text.format(**kw) if kw else text


def tn(key: str, /, count: int | float, digits: int = 0, **kw: Any) -> str:
    """The form of `key` that CLDR's plural rules give `count` in the current language.

    `{count}` in the text is the number as the language writes it, with `digits` decimals;
    the form follows the number as written ("1.0 hours" but "1 hour" in English). A missing
    key shows as the key, as in t().
    """
    language = current_language()
    forms = plurals(language).get(key) or plurals("en").get(key)
    if forms is None:
        return key
    written = Decimal(f"{count:.{digits}f}")
    text = forms.get(plural_category(written, language), forms["other"])
    shown = fmt_number(float(written), digits) if digits else fmt_int(count)
    return text.format(count=shown, **kw)


def plural_forms(key: str) -> dict[str, str]:
    """A counted key's forms in the current language, for a browser to choose among."""
    return plurals(current_language()).get(key) or plurals("en").get(key) or {"other": key}


def plural_category(count: int | float | Decimal, language: str | None = None) -> str:
    return str(Locale.parse(_LOCALES[language or current_language()]).plural_form(count))


def plural_categories(language: str) -> frozenset[str]:
    """The categories a language's counts fall into (Danish and English: one, other)."""
    return frozenset(Locale.parse(_LOCALES[language]).plural_form.tags | {"other"})


def locale() -> str:
    return _LOCALES[current_language()]


def fmt_int(value: int | float) -> str:
    whole = round(value)
    if abs(whole) >= 10**27:
        # Babel formats through decimal's 28-digit context and raises beyond it; a number
        # this long only reaches a message when someone typed it, and is shown as typed.
        return str(whole)
    return format_decimal(whole, format="#,##0", locale=locale())


def fmt_number(value: float, digits: int = 1) -> str:
    return format_decimal(value, format="#,##0." + "0" * digits, locale=locale())


def fmt_percent(share: float, digits: int = 0) -> str:
    return format_percent(
        share, format="#,##0" + ("." + "0" * digits if digits else "") + " %", locale=locale()
    )


def fmt_date(value: date) -> str:
    return format_date(value, format="medium", locale=locale())


def fmt_datetime(value: datetime) -> str:
    """A stored (naive UTC) timestamp in the configured time zone."""
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value
    return format_datetime(aware, format="short", tzinfo=clock.zone(), locale=locale())


def local_to_utc(value: datetime) -> datetime:
    """A wall-clock time typed by a user, as the naive UTC the database stores."""
    return value.replace(tzinfo=clock.zone()).astimezone(UTC).replace(tzinfo=None)


def utc_to_local(value: datetime) -> datetime:
    """A stored (naive UTC) time as the user's wall-clock time, naive, for form defaults."""
    return value.replace(tzinfo=UTC).astimezone(clock.zone()).replace(tzinfo=None)


def refusal(key: str, params: dict[str, Any], text: Callable[[str], str] = str) -> str:
    """A service's refusal (a DomainError's key and params) as a sentence in the current language.

    A param named `field` is a field key and is translated; dates and whole numbers follow
    the language; other text goes through `text` (Markdown escaping, where shown as Markdown).
    """
    shown: dict[str, Any] = {}
    for name, value in params.items():
        if name == "field":
            value = t(f"field.{value}")
        if isinstance(value, str):
            shown[name] = text(value)
        elif isinstance(value, date):
            shown[name] = fmt_date(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            shown[name] = fmt_int(value)
        else:
            shown[name] = value
    return t(key, **shown)
