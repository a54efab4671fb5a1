"""Streamlit's options read without its configuration lock, and read exactly as before."""

from __future__ import annotations

import threading

import pytest
from streamlit import config

from runtime import config_reads


@pytest.fixture
def lock_free(monkeypatch):
    # Recorded first, so the originals are back after the test.
    monkeypatch.setattr(config, "get_option", config.get_option)
    monkeypatch.setattr(config, "get_options_for_section", config.get_options_for_section)
    config.get_config_options()
    config_reads.read_without_lock()
    assert config_reads.in_place()


def _finishes_while_the_lock_is_held(read) -> bool:
    """Whether `read()` returns while another thread holds Streamlit's configuration lock."""
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with config._config_lock:
            held.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(5)
    reader = threading.Thread(target=read)
    reader.start()
    reader.join(0.5)
    finished = not reader.is_alive()
    release.set()
    holder.join()
    reader.join()
    return finished


def test_every_option_and_section_reads_as_streamlit_reads_it(lock_free):
    options = list(config._config_options)
    sections = {option.section for option in config._config_options.values()}
    assert len(options) > 300 and "theme" in sections
    for key in options:
        assert config.get_option(key) == config_reads._locked_get_option(key), key
    for section in sections:
        locked = config_reads._locked_get_options_for_section(section)
        assert config.get_options_for_section(section) == locked, section


def test_reads_do_not_wait_for_the_lock(lock_free):
    assert _finishes_while_the_lock_is_held(lambda: config.get_option("server.port"))
    assert _finishes_while_the_lock_is_held(lambda: config.get_options_for_section("theme"))
    # Streamlit's own read waits: this is what the page runs queued at.
    assert not _finishes_while_the_lock_is_held(lambda: config_reads._locked_get_option("server.port"))


def test_a_changed_option_reads_its_new_value(lock_free):
    before = config.get_option("client.toolbarMode")
    try:
        config.set_option("client.toolbarMode", "minimal")
        assert config.get_option("client.toolbarMode") == "minimal"
        assert config.get_options_for_section("client")["toolbarMode"] == "minimal"
    finally:
        config.set_option("client.toolbarMode", before)


def test_an_unknown_option_is_refused_as_streamlit_refuses_it(lock_free):
    with pytest.raises(RuntimeError, match=r'Config key "no\.such" not defined'):
        config.get_option("no.such")


def test_a_section_read_follows_a_new_parse_and_an_added_option(lock_free, monkeypatch):
    before = config.get_options_for_section("theme")
    # A parse replaces the dict of options as a whole; an added option joins its section.
    reparsed = dict(config._config_options)
    added = next(option for option in reparsed.values() if option.section == "theme")
    monkeypatch.setattr(config, "_config_options", reparsed)
    clone = type(added)("theme.samskabTestOption", description="a test's", default_val="amber")
    reparsed[clone.key] = clone
    assert config.get_options_for_section("theme") == before | {"samskabTestOption": "amber"}
    del reparsed[clone.key]
    assert config.get_options_for_section("theme") == before
