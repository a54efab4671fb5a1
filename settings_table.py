"""Every setting Samskab reads, with its default and what it does.

`docs/configuration.md` lists exactly these (a test keeps the two in step); `config`
reads and checks the values.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    secret: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "SAMSKAB_MODE",
        "demo",
        "`demo` fills an empty database with the demo municipality and shows the demo "
        "logins; `production` does neither and refuses to start without a cookie key.",
    ),
    Setting(
        "DATABASE_URL",
        "sqlite:///data/samskab.db",
        "SQLAlchemy URL. The default is an embedded SQLite file relative to the project; "
        "`postgresql+psycopg://user@host/db` selects PostgreSQL.",
    ),
    Setting("SAMSKAB_LANGUAGE", "da", "Default language: `da`, `nb`, `nn` or `en`."),
    Setting("SAMSKAB_MUNICIPALITY", "Lindholt Kommune", "Name shown in headers and reports."),
    Setting("SAMSKAB_TIMEZONE", "Europe/Copenhagen", "Time zone for dates shown to users."),
    Setting(
        "SAMSKAB_COOKIE_KEY",
        "",
        "Secret that signs the login cookie. Required in production; in demo mode a random "
        "key is generated once and kept in `data/cookie_key`.",
        secret=True,
    ),
    Setting("SAMSKAB_COOKIE_NAME", "samskab_login", "Name of the login cookie."),
    Setting("SAMSKAB_COOKIE_EXPIRY_DAYS", "7", "Days a login is remembered in the browser."),
    Setting(
        "SAMSKAB_BCRYPT_ROUNDS",
        "12",
        "bcrypt cost for new password hashes (each step doubles the work).",
    ),
    Setting(
        "SAMSKAB_PUBLIC_URL",
        "",
        "Address participants use to reach Samskab, for QR codes and shared links; empty "
        "means the address the facilitator's browser uses.",
    ),
    Setting(
        "SAMSKAB_TRUSTED_PROXIES",
        "",
        "Comma-separated addresses or networks (CIDR) of the reverse proxies in front of "
        "Samskab. Only from these are X-Forwarded-Host and X-Forwarded-Proto believed. "
        "Empty: none.",
    ),
    Setting(
        "SAMSKAB_AREAS",
        "Nord,Syd,Øst,Vest,Centrum",
        "Comma-separated local areas participants may choose from (for inclusion figures).",
    ),
    Setting(
        "SAMSKAB_PARTICIPANT_RETENTION_DAYS",
        "365",
        "Days after a workshop closes until its participants' name, age band, area and "
        "first-time answer are erased (their ideas, comments and dots stay, anonymous).",
    ),
    Setting(
        "SAMSKAB_VOLUNTEER_HOUR_VALUE",
        "200",
        "Estimated value of one volunteer hour in the municipality's currency (whole units, "
        "e.g. kroner), for the resource map. 0 hides the estimate.",
    ),
    Setting(
        "SAMSKAB_SURVEY_MIN_RESPONSES",
        "5",
        "Survey results (a wave, a factor, a comparison) stay hidden until at least this many "
        "people have answered, so no one's answers can be singled out (3 or more).",
    ),
    Setting(
        "SAMSKAB_AUDIT_RETENTION_DAYS",
        "1825",
        "Days the audit log keeps a row; older rows are purged at start-up and by "
        "`python -m manage purge-audit`. 0: keep forever.",
    ),
    Setting(
        "SAMSKAB_POPULATION_AGE_SHARES",
        "under_30:31,30_49:24,50_64:20,65_79:17,80_plus:8",
        "Percent of the municipality's adult population in each age band (`under_30`, `30_49`, "
        "`50_64`, `65_79`, `80_plus`), e.g. from the national statistics office; about 100 in "
        "total. The inclusion page compares participants with it. Empty: no comparison.",
    ),
    Setting(
        "SAMSKAB_POPULATION_AREA_SHARES",
        "Nord:22,Syd:18,Øst:20,Vest:25,Centrum:15",
        "Percent of the population living in each area of `SAMSKAB_AREAS`; about 100 in total. "
        "The inclusion page compares participants with it. Empty: no comparison.",
    ),
    Setting(
        "SAMSKAB_RATE_BOARD",
        "300",
        "Board requests (version, snapshot, own state, look-alike hints) per minute per tablet, "
        "i.e. per address and participant token. A tablet needs about 100. 0: no limit.",
    ),
    Setting(
        "SAMSKAB_RATE_BOARD_ANONYMOUS",
        "1200",
        "Board requests per minute per address and workshop without a known participant "
        "token (each tablet's first request counts here). 0: no limit.",
    ),
    Setting(
        "SAMSKAB_RATE_DOTS",
        "120",
        "Board writes (dots placed or taken back, ideas added, edited or withdrawn, comments) per "
        "minute per tablet (address and participant token). 0: no limit.",
    ),
    Setting(
        "SAMSKAB_RATE_JOIN_FAILURES",
        "30",
        "Wrong workshop codes per minute per address before the join page asks to wait. 0: no limit.",
    ),
    Setting(
        "SAMSKAB_RATE_LOGIN_FAILURES_PER_USER",
        "5",
        "Failed staff sign-ins per 15 minutes per username before further tries are refused "
        "unchecked. 0: no limit.",
    ),
    Setting(
        "SAMSKAB_RATE_LOGIN_FAILURES_PER_ADDRESS",
        "20",
        "Failed staff sign-ins per 15 minutes per address (any usernames) before further tries "
        "are refused unchecked. 0: no limit.",
    ),
    Setting(
        "SAMSKAB_SSO_METADATA_URL",
        "",
        "Single sign-on: the identity provider's OpenID Connect metadata address (ending in "
        "`/.well-known/openid-configuration`). Empty: staff sign in with local accounts only.",
    ),
    Setting(
        "SAMSKAB_SSO_CLIENT_ID",
        "",
        "Single sign-on: the client (application) id registered for Samskab.",
    ),
    Setting(
        "SAMSKAB_SSO_CLIENT_SECRET",
        "",
        "Single sign-on: the client secret registered for Samskab.",
        secret=True,
    ),
    Setting(
        "SAMSKAB_SSO_REDIRECT_URI",
        "",
        "Single sign-on: Samskab's address followed by `/oauth2callback`, registered at the "
        "identity provider as the redirect URI.",
    ),
    Setting(
        "SAMSKAB_SSO_COOKIE_SECRET",
        "",
        "Single sign-on: secret that signs the sign-on cookie; empty means the cookie key.",
        secret=True,
    ),
    Setting(
        "SAMSKAB_SSO_ROLES_CLAIM",
        "roles",
        "Single sign-on: the claim of the ID token that carries the person's roles or groups.",
    ),
    Setting(
        "SAMSKAB_SSO_ROLE_MAP",
        "",
        "Single sign-on: which claim values give which role, `value=role` separated by `;`, "
        "e.g. `Samskab.Admin=admin; Samskab.Facilitator=facilitator`. Unmapped people get no access.",
    ),
    Setting(
        "SAMSKAB_SMTP_HOST",
        "",
        "Mail server for the one notice participants may ask for when a workshop's outcomes "
        "are published; empty sends no mail.",
    ),
    Setting("SAMSKAB_SMTP_PORT", "587", "Port of the mail server."),
    Setting("SAMSKAB_SMTP_USER", "", "User name at the mail server; empty signs in as no one."),
    Setting("SAMSKAB_SMTP_PASSWORD", "", "Password at the mail server.", secret=True),
    Setting("SAMSKAB_SMTP_FROM", "", "Sender address of the notices, e.g. `samskab@kommune.dk`."),
    Setting(
        "SAMSKAB_SMTP_STARTTLS",
        "true",
        "`true` encrypts the connection with STARTTLS before signing in; `false` only for a "
        "server on the same machine or network.",
    ),
    Setting(
        "SAMSKAB_LOG_LEVEL",
        "INFO",
        "Least important operations log lines written (JSON on stderr): `DEBUG`, `INFO`, "
        "`WARNING` or `ERROR`.",
    ),
)
