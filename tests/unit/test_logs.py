"""The operations log: one JSON object per line, with who and when, and no secrets."""

import io
import json
import logging
import re

import pytest

import logs


def test_each_event_is_one_json_line_with_time_level_event_and_fields(json_log):
    logs.bind(session_id="s-1")
    logs.event("workshop.phase", workshop_id=7, from_phase="ideas", to_phase="vote", user_id=3)
    with logs.scope(request_id="abcd1234"):
        logs.event("request.slow", logging.WARNING, route="/api/x", duration_ms=812)
    first, second = (json.loads(line) for line in json_log.text().splitlines())
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", first["time"])
    assert first == first | {
        "level": "INFO",
        "event": "workshop.phase",
        "session_id": "s-1",
        "workshop_id": 7,
        "from_phase": "ideas",
        "to_phase": "vote",
        "user_id": 3,
    }
    # A request's id replaces the session's for the request, and is gone after it.
    assert second["request_id"] == "abcd1234" and "session_id" not in second
    assert second["level"] == "WARNING" and second["duration_ms"] == 812
    logs.event("after")
    assert json_log.lines()[-1]["session_id"] == "s-1"
    logs.bind()


def test_names_tokens_passwords_and_cookies_are_dropped(json_log):
    logs.event(
        "participant.joined",
        workshop_id=1,
        display_name="Grethe Hansen",
        token="tok-Zx9",
        password="hunter2",
        cookie="c00kie",
    )
    text = json_log.text()
    assert json_log.lines()[0]["workshop_id"] == 1
    for secret in ("Grethe", "tok-Zx9", "hunter2", "c00kie"):
        assert secret not in text


def test_an_unexpected_error_has_a_reference_and_its_traceback_on_one_line(json_log):
    try:
        raise RuntimeError("the disk is full")
    except RuntimeError as error:
        reference = logs.unexpected(error, where="console")
    assert re.fullmatch(r"[0-9a-f]{8}", reference)
    (line,) = json_log.text().splitlines()
    logged = json.loads(line)
    assert logged["event"] == "error.unexpected" and logged["level"] == "ERROR"
    assert logged["reference"] == reference and logged["where"] == "console"
    assert logged["error"] == "RuntimeError"
    assert "Traceback" in logged["traceback"] and "the disk is full" in logged["traceback"]


@pytest.fixture
def fresh_logger():
    logger = logging.getLogger(logs.LOGGER_NAME)
    saved = logger.handlers[:], logger.level, logger.propagate
    logger.handlers = []
    yield logger
    logger.handlers, logger.level, logger.propagate = saved


def test_configure_is_idempotent_and_sets_the_level(fresh_logger, monkeypatch):
    stderr = io.StringIO()
    monkeypatch.setattr("sys.stderr", stderr)
    for _ in range(3):
        logs.configure("WARNING")
    # Ours, once: other handlers (pytest's capture, when the suite runs in one process)
    # may sit beside it.
    ours = [h for h in fresh_logger.handlers if getattr(h, logs._HANDLER_MARK, False)]
    assert len(ours) == 1 and fresh_logger.level == logging.WARNING
    logs.event("not.shown")
    logs.event("shown", logging.WARNING)
    assert [json.loads(line)["event"] for line in stderr.getvalue().splitlines()] == ["shown"]
    logs.configure("nonsense")
    assert fresh_logger.level == logging.INFO
