"""Every setting Samskab reads: one table with name, default and help, read from env, then secrets."""

from __future__ import annotations

import ipaddress
import os
import secrets
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from settings_table import SETTINGS, Setting
from vocabulary import AGE_BANDS, ROLES

ROOT = Path(__file__).resolve().parent
SECRETS_FILE = ROOT / ".streamlit" / "secrets.toml"


LANGUAGES = ("da", "nb", "nn", "en")
# The levels logs.py knows; repeated here because config sits below every other module.
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
MODES = ("demo", "production")


class ConfigError(Exception):
    """A setting has a value Samskab cannot use; the message names it.

    `problem` and `params` say the same for a screen that shows it in the user's language
    (the municipality settings an administrator edits follow these very rules).
    """

    def __init__(self, message: str, problem: str = "", **params: Any) -> None:
        super().__init__(message)
        self.problem = problem
        self.params = params


def _as_int(name: str, raw: str, low: int, high: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, got {value}")
    return value


def _one_of(name: str, raw: str, allowed: tuple[str, ...]) -> str:
    if raw not in allowed:
        raise ConfigError(f"{name} must be one of {', '.join(allowed)}, got {raw!r}")
    return raw


# Published shares are rounded, so their sum may miss 100 by a little.
SHARE_SUM_TOLERANCE = 1.5
# An area is stored on each participant who picks it (participant.area, 60 characters).
AREA_MAX_CHARS = 60


def parse_shares(
    name: str, raw: str, allowed: tuple[str, ...] | None = None
) -> tuple[tuple[str, float], ...]:
    """`key:percent,key:percent` as ((key, percent), ...); empty means "not known"."""
    pairs: list[tuple[str, float]] = []
    for part in (p.strip() for p in raw.split(",")):
        if not part:
            continue
        key, sep, number = part.rpartition(":")
        key = key.strip()
        if not sep or not key:
            raise ConfigError(
                f"{name} must look like 'key:percent,key:percent', got {part!r}", "share_format", part=part
            )
        if allowed is not None and key not in allowed:
            raise ConfigError(
                f"{name}: unknown age band {key!r}; the bands are {', '.join(allowed)}", "share_key", key=key
            )
        number = number.strip()
        try:
            percent = float(number)
        except ValueError:
            raise ConfigError(
                f"{name}: the share of {key!r} must be a number, got {number!r}", "share_number", key=key
            ) from None
        if not 0 <= percent <= 100:
            raise ConfigError(
                f"{name}: the share of {key!r} must be between 0 and 100, got {number}",
                "share_range",
                key=key,
            )
        if key in dict(pairs):
            raise ConfigError(f"{name}: {key!r} is given twice", "share_twice", key=key)
        pairs.append((key, percent))
    total = sum(p for _, p in pairs)
    if pairs and abs(total - 100) > SHARE_SUM_TOLERANCE:
        raise ConfigError(
            f"{name}: the shares must add up to about 100 percent, they add up to {total:g}",
            "share_sum",
            total=f"{total:g}",
        )
    return tuple(pairs)


def parse_areas(name: str, raw: str) -> tuple[str, ...]:
    """Comma-separated area names: each once, at most AREA_MAX_CHARS characters."""
    areas = tuple(a.strip() for a in raw.split(",") if a.strip())
    for area in areas:
        if len(area) > AREA_MAX_CHARS:
            raise ConfigError(
                f"{name}: {area[:20]!r}… is longer than {AREA_MAX_CHARS} characters",
                "area_long",
                max=AREA_MAX_CHARS,
            )
        if areas.count(area) > 1:
            raise ConfigError(f"{name}: {area!r} is given twice", "area_twice", area=area)
    return areas


def check_area_shares(area_shares: tuple[tuple[str, float], ...], areas: tuple[str, ...]) -> None:
    """Every area with a population share must be one of the areas participants pick from."""
    for area, _ in area_shares:
        if area not in areas:
            raise ConfigError(
                f"SAMSKAB_POPULATION_AREA_SHARES: {area!r} is not one of SAMSKAB_AREAS ({', '.join(areas)})",
                "share_area",
                area=area,
            )


def _networks(name: str, raw: str) -> tuple[str, ...]:
    """`addr,net/len` as normalised network strings; a bare address is a network of one."""
    found = []
    for part in (p.strip() for p in raw.split(",")):
        if not part:
            continue
        try:
            found.append(str(ipaddress.ip_network(part, strict=False)))
        except ValueError:
            raise ConfigError(f"{name}: {part!r} is not an IP address or network (CIDR)") from None
    return tuple(found)


def _absolute_url(name: str, raw: str) -> str:
    if raw and not raw.startswith(("https://", "http://")):
        raise ConfigError(f"{name} must be an absolute http(s) address, got {raw!r}")
    return raw


def _redirect_uri(name: str, raw: str) -> str:
    # Streamlit's sign-on answers the identity provider at /oauth2callback only.
    if raw and not raw.rstrip("/").endswith("/oauth2callback"):
        raise ConfigError(f"{name} must end with /oauth2callback, got {raw!r}")
    return _absolute_url(name, raw.rstrip("/"))


def _role_map(name: str, raw: str) -> tuple[tuple[str, str], ...]:
    """`value=role; value=role` as ((value, role), ...); a value may map to one role only.

    `;` separates entries and the role comes after the last `=`, because group names
    (an AD FS distinguished name such as `CN=Samskab Admins,OU=Groups`) hold `,` and `=`.
    """
    pairs: list[tuple[str, str]] = []
    for part in (p.strip() for p in raw.replace("\n", ";").split(";")):
        if not part:
            continue
        value, sep, role = part.rpartition("=")
        value, role = value.strip(), role.strip().lower()
        if not sep or not value:
            raise ConfigError(f"{name} must look like 'value=role; value=role', got {part!r}")
        if role not in ROLES:
            raise ConfigError(f"{name}: {role!r} is not a role; the roles are {', '.join(ROLES)}")
        if value in dict(pairs):
            raise ConfigError(f"{name}: {value!r} is given twice")
        pairs.append((value, role))
    return tuple(pairs)


def url_prefix(base_url_path: str | None) -> str:
    """Streamlit's `server.baseUrlPath` as a path prefix: "samskab", "/samskab/" -> "/samskab"."""
    stripped = (base_url_path or "").strip("/")
    return f"/{stripped}" if stripped else ""


def _database_url(raw: str) -> str:
    # A relative SQLite path is relative to the project, not to the shell's directory.
    prefix = "sqlite:///"
    if raw.startswith(prefix) and not raw.startswith(prefix + "/") and raw != "sqlite://":
        return prefix + str(ROOT / raw.removeprefix(prefix))
    return raw


@dataclass(frozen=True)
class Settings:
    mode: str
    database_url: str
    language: str
    municipality: str
    timezone: str
    cookie_key: str
    cookie_name: str
    cookie_expiry_days: int
    bcrypt_rounds: int
    public_url: str
    trusted_proxies: tuple[str, ...]
    areas: tuple[str, ...]
    participant_retention_days: int
    volunteer_hour_value: int
    survey_min_responses: int
    audit_retention_days: int
    population_age_shares: tuple[tuple[str, float], ...]
    population_area_shares: tuple[tuple[str, float], ...]
    rate_board: int
    rate_board_anonymous: int
    rate_dots: int
    rate_join_failures: int
    rate_login_failures_per_user: int
    rate_login_failures_per_address: int
    log_level: str
    sso_metadata_url: str = ""
    sso_client_id: str = ""
    sso_client_secret: str = ""
    sso_redirect_uri: str = ""
    sso_cookie_secret: str = ""
    sso_roles_claim: str = "roles"
    sso_role_map: tuple[tuple[str, str], ...] = ()
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = ""
    smtp_starttls: bool = True

    @property
    def demo(self) -> bool:
        return self.mode == "demo"

    @property
    def sso(self) -> bool:
        """Single sign-on is configured (load() refuses half a configuration)."""
        return bool(self.sso_metadata_url)


_PARSERS: dict[str, tuple[str, Callable[[str, str], Any]]] = {
    "SAMSKAB_MODE": ("mode", lambda n, v: _one_of(n, v, MODES)),
    "DATABASE_URL": ("database_url", lambda n, v: _database_url(v)),
    "SAMSKAB_LANGUAGE": ("language", lambda n, v: _one_of(n, v, LANGUAGES)),
    "SAMSKAB_MUNICIPALITY": ("municipality", lambda n, v: v.strip() or "Samskab"),
    "SAMSKAB_TIMEZONE": ("timezone", lambda n, v: v),
    "SAMSKAB_COOKIE_KEY": ("cookie_key", lambda n, v: v),
    "SAMSKAB_COOKIE_NAME": ("cookie_name", lambda n, v: v),
    "SAMSKAB_COOKIE_EXPIRY_DAYS": ("cookie_expiry_days", lambda n, v: _as_int(n, v, 0, 365)),
    "SAMSKAB_BCRYPT_ROUNDS": ("bcrypt_rounds", lambda n, v: _as_int(n, v, 4, 16)),
    "SAMSKAB_PUBLIC_URL": ("public_url", lambda n, v: v.rstrip("/")),
    "SAMSKAB_TRUSTED_PROXIES": ("trusted_proxies", _networks),
    "SAMSKAB_AREAS": ("areas", parse_areas),
    # Up to ten years: a longer wait is no retention at all.
    "SAMSKAB_PARTICIPANT_RETENTION_DAYS": ("participant_retention_days", lambda n, v: _as_int(n, v, 0, 3650)),
    "SAMSKAB_VOLUNTEER_HOUR_VALUE": ("volunteer_hour_value", lambda n, v: _as_int(n, v, 0, 100_000)),
    # Fewer than three would let a single answer be read off the results.
    "SAMSKAB_SURVEY_MIN_RESPONSES": ("survey_min_responses", lambda n, v: _as_int(n, v, 3, 1000)),
    "SAMSKAB_AUDIT_RETENTION_DAYS": ("audit_retention_days", lambda n, v: _as_int(n, v, 0, 36_500)),
    "SAMSKAB_POPULATION_AGE_SHARES": ("population_age_shares", lambda n, v: parse_shares(n, v, AGE_BANDS)),
    # Checked against SAMSKAB_AREAS in load(), once both are known.
    "SAMSKAB_POPULATION_AREA_SHARES": ("population_area_shares", lambda n, v: parse_shares(n, v)),
    "SAMSKAB_RATE_BOARD": ("rate_board", lambda n, v: _as_int(n, v, 0, 1_000_000)),
    "SAMSKAB_RATE_BOARD_ANONYMOUS": ("rate_board_anonymous", lambda n, v: _as_int(n, v, 0, 1_000_000)),
    "SAMSKAB_RATE_DOTS": ("rate_dots", lambda n, v: _as_int(n, v, 0, 1_000_000)),
    "SAMSKAB_RATE_JOIN_FAILURES": ("rate_join_failures", lambda n, v: _as_int(n, v, 0, 1_000_000)),
    "SAMSKAB_RATE_LOGIN_FAILURES_PER_USER": (
        "rate_login_failures_per_user",
        lambda n, v: _as_int(n, v, 0, 1_000_000),
    ),
    "SAMSKAB_RATE_LOGIN_FAILURES_PER_ADDRESS": (
        "rate_login_failures_per_address",
        lambda n, v: _as_int(n, v, 0, 1_000_000),
    ),
    "SAMSKAB_SSO_METADATA_URL": ("sso_metadata_url", lambda n, v: _absolute_url(n, v.strip())),
    "SAMSKAB_SSO_CLIENT_ID": ("sso_client_id", lambda n, v: v.strip()),
    "SAMSKAB_SSO_CLIENT_SECRET": ("sso_client_secret", lambda n, v: v.strip()),
    "SAMSKAB_SSO_REDIRECT_URI": ("sso_redirect_uri", lambda n, v: _redirect_uri(n, v.strip())),
    "SAMSKAB_SSO_COOKIE_SECRET": ("sso_cookie_secret", lambda n, v: v.strip()),
    "SAMSKAB_SSO_ROLES_CLAIM": ("sso_roles_claim", lambda n, v: v.strip() or "roles"),
    "SAMSKAB_SSO_ROLE_MAP": ("sso_role_map", _role_map),
    "SAMSKAB_SMTP_HOST": ("smtp_host", lambda n, v: v.strip()),
    "SAMSKAB_SMTP_PORT": ("smtp_port", lambda n, v: _as_int(n, v, 1, 65535)),
    "SAMSKAB_SMTP_USER": ("smtp_user", lambda n, v: v.strip()),
    "SAMSKAB_SMTP_PASSWORD": ("smtp_password", lambda n, v: v),
    "SAMSKAB_SMTP_FROM": ("smtp_from", lambda n, v: v.strip()),
    "SAMSKAB_SMTP_STARTTLS": (
        "smtp_starttls",
        lambda n, v: _one_of(n, v.strip().lower(), ("true", "false")) == "true",
    ),
    "SAMSKAB_LOG_LEVEL": ("log_level", lambda n, v: _one_of(n, v.strip().upper(), LOG_LEVELS)),
}


def _secrets_file() -> Mapping[str, Any]:
    if SECRETS_FILE.is_file():
        with SECRETS_FILE.open("rb") as fh:
            return tomllib.load(fh)
    return {}


# The last settings parsed and the raw values they came from. Every page run loads the
# settings; parsing them again was a fiftieth of a tablet's join, for values that change
# only when an operator changes the environment or the secrets.
_parsed: tuple[tuple[str, ...], Settings] | None = None


def load(secrets: Mapping[str, Any] | None = None) -> Settings:
    """Settings from the environment, then `secrets` (st.secrets, or the secrets file)."""
    global _parsed
    secrets = _secrets_file() if secrets is None else secrets
    raws = tuple(_raw(setting.name, setting.default, secrets) for setting in SETTINGS)
    known = _parsed
    if known is not None and known[0] == raws:
        return known[1]
    values: dict[str, Any] = {}
    for setting, raw in zip(SETTINGS, raws, strict=True):
        field, parse = _PARSERS[setting.name]
        values[field] = parse(setting.name, raw)
    check_area_shares(values["population_area_shares"], values["areas"])
    _check_sso(values)
    settings = Settings(**values)
    _parsed = (raws, settings)  # only settings that parsed: a bad one is refused every time
    return settings


def _raw(name: str, default: str, secrets: Mapping[str, Any]) -> str:
    raw = os.environ.get(name)
    if raw is None:
        raw = secrets.get(name)
    return default if raw is None else str(raw)


def defaults() -> Settings:
    """Every setting at its default (the demo municipality's), whatever is configured."""
    values = {_PARSERS[s.name][0]: _PARSERS[s.name][1](s.name, s.default) for s in SETTINGS}
    return Settings(**values)


def _check_sso(values: dict[str, Any]) -> None:
    """Half a single sign-on configuration is refused at start, not at the first sign-in."""
    named = {
        "SAMSKAB_SSO_METADATA_URL": values["sso_metadata_url"],
        "SAMSKAB_SSO_CLIENT_ID": values["sso_client_id"],
        "SAMSKAB_SSO_CLIENT_SECRET": values["sso_client_secret"],
        "SAMSKAB_SSO_REDIRECT_URI": values["sso_redirect_uri"],
    }
    missing = [name for name, value in named.items() if not value]
    if len(missing) < len(named) and missing:
        raise ConfigError(
            f"Single sign-on needs every one of {', '.join(named)}; missing: {', '.join(missing)}"
        )
    if not missing and not values["sso_role_map"]:
        raise ConfigError("SAMSKAB_SSO_ROLE_MAP is empty: with single sign-on nobody could be given a role")


COOKIE_KEY_FILE = ROOT / "data" / "cookie_key"


def cookie_key(settings: Settings, key_file: Path = COOKIE_KEY_FILE) -> str:
    """The secret that signs login cookies.

    Production must configure it; demo mode makes a random one once and keeps it in a
    file, so logins survive a restart and no key is ever a constant in the code.
    """
    if settings.cookie_key:
        return settings.cookie_key
    if not settings.demo:
        raise ConfigError(
            "SAMSKAB_COOKIE_KEY is not set. In production mode Samskab needs a secret key "
            "for login cookies: set it in the environment or in .streamlit/secrets.toml "
            "(see .streamlit/secrets.toml.example)."
        )
    if key_file.is_file():
        return key_file.read_text().strip()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and linked into place: two processes starting at once agree on one key.
    tmp = key_file.with_name(f"{key_file.name}.{os.getpid()}.tmp")
    tmp.write_text(secrets.token_urlsafe(32))
    tmp.chmod(0o600)
    try:
        os.link(tmp, key_file)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return key_file.read_text().strip()


def describe(settings: Settings) -> list[tuple[Setting, str]]:
    """Each setting with the value in effect, secrets masked: for the admin's settings page."""
    shown = []
    for setting in SETTINGS:
        value = getattr(settings, _PARSERS[setting.name][0])
        if setting.name == "SAMSKAB_SSO_ROLE_MAP":
            value = "; ".join(f"{claim}={role}" for claim, role in value)
        elif isinstance(value, tuple):
            value = ", ".join(f"{v[0]}: {v[1]:g} %" if isinstance(v, tuple) else v for v in value)
        if setting.secret:
            value = "••••••" if value else ""
        shown.append((setting, str(value)))
    return shown
