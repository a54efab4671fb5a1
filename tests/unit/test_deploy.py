"""The deployment recipe in deploy/ (and compose.yaml, Dockerfile) says only what holds.

There is no container engine in CI, so the compose file is parsed, not run; HAProxy's
config and the systemd units are run for real by tests/e2e/test_behind_proxy.py.
"""

from __future__ import annotations

import configparser
import re
import shlex
import subprocess
from pathlib import Path

import yaml

import config
import manage

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
HAPROXY = (DEPLOY / "haproxy.cfg").read_text()
HAPROXY_SETTINGS = "\n".join(line for line in HAPROXY.splitlines() if not line.lstrip().startswith("#"))
HAPROXY_VARIABLES = set(re.findall(r"\$\{(\w+)-", HAPROXY_SETTINGS))


def _compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def _env_file(path: Path) -> dict[str, str]:
    lines = [line for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]
    assert all(re.match(r"^[A-Z_][A-Z0-9_]*=", line) for line in lines), "KEY=value lines only"
    return dict(line.split("=", 1) for line in lines)


def test_compose_runs_two_apps_after_the_migration_behind_haproxy():
    compose = _compose()
    services = compose["services"]
    assert set(services) == {"db", "migrate", "app1", "app2", "haproxy"}
    assert services["migrate"]["command"] == ["python", "-m", "manage", "migrate"]
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    for app in ("app1", "app2"):
        assert services[app]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert services[app]["build"] == "."
        assert services[app]["env_file"] == "deploy/production.env"
    assert services["db"]["image"] == "postgres:15"


def test_compose_trusts_exactly_haproxys_fixed_address():
    services = _compose()["services"]
    haproxy_address = services["haproxy"]["networks"]["samskab"]["ipv4_address"]
    for app in ("migrate", "app1", "app2"):
        environment = services[app]["environment"]
        assert environment["SAMSKAB_TRUSTED_PROXIES"] == environment["FORWARDED_ALLOW_IPS"] == haproxy_address
        assert config._networks("SAMSKAB_TRUSTED_PROXIES", environment["SAMSKAB_TRUSTED_PROXIES"])


def test_compose_gives_haproxy_the_tested_config_and_only_its_variables():
    haproxy = _compose()["services"]["haproxy"]
    assert "./deploy/haproxy.cfg:/etc/haproxy/haproxy.cfg:ro" in haproxy["volumes"]
    assert set(haproxy["environment"]) <= HAPROXY_VARIABLES
    assert haproxy["environment"]["SAMSKAB_APP1"] == "app1:8501"
    assert (ROOT / haproxy["build"]["context"] / haproxy["build"]["dockerfile"]).is_file()


def test_haproxy_sticks_sessions_by_cookie_and_checks_readiness():
    app = re.split(r"^backend samskab_app$", HAPROXY, flags=re.M)[1].split("\nbackend ", 1)[0]
    assert re.search(r"^\s*cookie SAMSKAB_SERVER insert", app, re.M)
    assert "balance source" not in HAPROXY  # one NAT address per room: never by address
    assert re.search(r"http-check send meth GET uri /api/ready$", app, re.M)
    assert re.search(r"^\s*timeout tunnel 1h$", HAPROXY, re.M)
    assert {
        "SAMSKAB_HAPROXY_LOG",
        "SAMSKAB_HAPROXY_SOCKET",
        "SAMSKAB_BIND_HTTP",
        "SAMSKAB_BIND_HTTPS",
        "SAMSKAB_TLS_CERT",
        "SAMSKAB_APP1",
        "SAMSKAB_APP2",
    } == HAPROXY_VARIABLES


def test_the_production_example_sets_only_known_settings_and_hides_errors():
    env = _env_file(DEPLOY / "production.env.example")
    ours = {name for name in env if name.startswith("SAMSKAB_") or name == "DATABASE_URL"}
    assert ours <= {s.name for s in config.SETTINGS}
    assert env["SAMSKAB_MODE"] == "production"
    assert env["STREAMLIT_CLIENT_SHOW_ERROR_DETAILS"] == "none"
    assert env["STREAMLIT_SERVER_ALLOWED_HOSTS"]
    assert env["SAMSKAB_PUBLIC_URL"].startswith("https://")
    assert env["SAMSKAB_TRUSTED_PROXIES"] == env["FORWARDED_ALLOW_IPS"]


class _Unit(configparser.ConfigParser):
    def optionxform(self, optionstr: str) -> str:
        return optionstr  # systemd's keys keep their case


def _unit(name: str) -> configparser.ConfigParser:
    unit = _Unit(strict=False, interpolation=None)
    unit.read_string((DEPLOY / "systemd" / name).read_text())
    return unit


def test_systemd_migrates_before_any_app_process_and_runs_real_commands():
    app = _unit("samskab@.service")
    assert "samskab-migrate.service" in app["Unit"]["Wants"].split()
    assert "samskab-migrate.service" in app["Unit"]["After"].split()
    # Restarting the migration must not restart every process at once (a rolling upgrade).
    assert "Requires" not in app["Unit"] and "BindsTo" not in app["Unit"]
    assert app["Service"]["ExecStartPre"].endswith("-m manage check")
    assert shlex.split(app["Service"]["ExecStart"])[1:4] == ["run", "app.py", "--server.port"]
    migrate = _unit("samskab-migrate.service")
    assert migrate["Service"]["Type"] == "oneshot"
    runs = {
        "check": app["Service"]["ExecStartPre"],
        "migrate": migrate["Service"]["ExecStart"],
        "backup": _unit("samskab-backup.service")["Service"]["ExecStart"],
        "retention": _unit("samskab-retention.service")["Service"]["ExecStart"],
    }
    for command, line in runs.items():
        assert f"-m manage {command}" in line and command in manage.COMMANDS
    assert _unit("samskab-backup.timer")["Timer"]["OnCalendar"]
    assert _unit("samskab-retention.timer")["Timer"]["OnCalendar"]


def test_the_image_runs_the_app_as_a_user_and_checks_readiness():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^USER samskab$", dockerfile, re.M)
    assert "/api/ready" in dockerfile.split("HEALTHCHECK", 1)[1]
    assert re.search(r"^FROM python:3\.11-", dockerfile, re.M)
    assert "requirements.txt" in dockerfile


def test_systemd_accepts_the_units(tmp_path):
    """systemd's own check: unknown keys, bad values, wrong sections. (It also says the
    programs under /opt/samskab are missing: this machine is not the server.)"""
    for unit in (DEPLOY / "systemd").iterdir():
        (tmp_path / unit.name).write_text(unit.read_text())
    units = sorted(str(p) for p in tmp_path.iterdir() if p.suffix in {".service", ".timer"})
    # No timeout= (subprocess would poll with time.sleep, which libfaketime breaks in CI's
    # year-ahead run); pytest-timeout ends a hung command instead.
    done = subprocess.run(["systemd-analyze", "verify", *units], capture_output=True, text=True)
    complaints = [
        line
        for line in (done.stdout + done.stderr).splitlines()
        if line.strip() and "/opt/samskab/.venv/bin/" not in line
    ]
    assert complaints == []
