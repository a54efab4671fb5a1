"""Accessibility in Chromium: axe-core on every participant page in every phase and on the
facilitator's and leaders' main screens, and a participant who uses only the keyboard.

One server (the session's), one tablet page walked through the phases, which move through
the service layer as the console would move them. What is checked and why: docs/accessibility.md.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from sqlalchemy import func, select

import i18n
from db.models import Participant
from db.session import read_scope, session_scope
from services.admin.permissions import SYSTEM
from services.surveys import waves
from services.workshop import ideas, new_workshops, participants, votes, workshops
from tests.e2e.accessibility import check_page, focus_ring_contrast, tab_to
from tests.e2e.conftest import TABLET, wait_ready

pytestmark = pytest.mark.e2e

DA = i18n.catalogue("da")
NB = i18n.catalogue("nb")
DOTS_LEFT = i18n.plurals("da")["board.dots_left"]
OTHERS_IDEA = "Fælles frokost <b>hver</b> torsdag"
MIN_FOCUS_CONTRAST = 3.0


def _workshop(server, title: str, phase: str) -> tuple[int, str]:
    """A new workshop with two themes and an idea by someone else, in `phase`; (id, code)."""
    with session_scope(server.database_url) as s:
        workshop = new_workshops.create_workshop(
            s,
            process_id=server.demo.process_id,
            title=title,
            themes=["Mødesteder", "Transport"],
            by_user_id=SYSTEM,
        )
        workshops.move_phase(s, workshop.id, "collect", by_user_id=SYSTEM)
        someone, _ = participants.join(s, workshop.code, stakeholder_group="volunteer", areas=("Nord",))
        idea = ideas.add_idea(
            s, someone, theme_id=workshop.themes[0].id, title=OTHERS_IDEA, description="Med kaffe og kage"
        )
        ideas.add_comment(s, someone, idea.id, "Gerne i biblioteket")
        workshops.move_phase(s, workshop.id, phase, by_user_id=SYSTEM)
        return workshop.id, workshop.code


def _move(server, workshop_id: int, phase: str) -> None:
    with session_scope(server.database_url) as s:
        workshops.move_phase(s, workshop_id, phase, by_user_id=SYSTEM)


def _newest_participant(server, workshop_id: int) -> int:
    """The participant who joined last: the tablet's, who joined after the workshop's idea was added."""
    with read_scope(server.database_url) as s:
        newest = s.scalar(select(func.max(Participant.id)).where(Participant.workshop_id == workshop_id))
    assert newest is not None
    return newest


def _others_idea(server, workshop_id: int) -> int:
    with read_scope(server.database_url) as s:
        return next(i for i, title in ideas.visible_titles(s, workshop_id) if title == OTHERS_IDEA)


def _board_in(page: Page, phase: str) -> None:
    """Wait until the board shows `phase` and has drawn its cards."""
    page.locator(".sb-phase").filter(has_text=DA[f"phase.{phase}"]).wait_for(timeout=10_000)
    page.get_by_text(OTHERS_IDEA, exact=True).first.wait_for()
    page.wait_for_timeout(300)


def test_participant_pages_in_every_phase_pass_axe(tablet, server):
    workshop_id, code = _workshop(server, "Tilgængeligt værksted", "draft")

    # The join page in Norwegian is marked as Norwegian, and titled in it.
    tablet.goto(f"{server.url}/join?lang=nb")
    wait_ready(tablet)
    check_page(tablet, title=NB["nav.join"], lang="nb", participant=True)

    # Typing into a form makes Streamlit add its "Press Enter to submit form" hint.
    tablet.goto(f"{server.url}/join")
    wait_ready(tablet)
    tablet.get_by_label(DA["field.join_code"], exact=True).type("AB")
    tablet.get_by_text(DA["streamlit.enter_to_submit"]).wait_for()
    check_page(tablet, title=DA["nav.join"], participant=True)

    tablet.goto(f"{server.url}/?code={code}")
    tablet.get_by_role("heading", name="Tilgængeligt værksted").wait_for()
    tablet.get_by_label(DA["field.display_name_optional"], exact=True).type("Ea")
    check_page(tablet, title=DA["nav.join"], participant=True)
    tablet.get_by_role("radio", name=DA["group.citizen"]).click()
    tablet.get_by_role("button", name=DA["join.submit"], exact=True).click()

    _board_in(tablet, "draft")
    check_page(tablet, title=DA["nav.workshop"], participant=True)

    _move(server, workshop_id, "collect")
    _board_in(tablet, "collect")
    # The comments of an idea open in place, with their own form.
    tablet.get_by_role("button", name=DA["board.comments_n"].format(n=1)).click()
    tablet.get_by_label(DA["board.build_on"], exact=True).filter(visible=True).wait_for()
    check_page(tablet, title=DA["nav.workshop"], participant=True)

    for phase in ("cluster", "vote", "results", "closed"):
        if phase == "results":  # a dot, so the reveal has a score and support by group to show
            with session_scope(server.database_url) as s:
                votes.add_dot(s, _newest_participant(server, workshop_id), _others_idea(server, workshop_id))
        _move(server, workshop_id, phase)
        _board_in(tablet, phase)
        check_page(tablet, title=DA["nav.workshop"], participant=True)


def test_the_public_survey_pass_axe_with_plain_statements(tablet, server):
    with session_scope(server.database_url) as s:
        wave = waves.create_wave(
            s, instrument_key="volunteer_motivation", title="Runde **1**", by_user_id=SYSTEM
        )
        link = wave.link_token
    tablet.goto(f"{server.url}/survey?s={link}")
    first = tablet.get_by_role("radiogroup").first
    first.wait_for()
    wait_ready(tablet)
    # Each statement's group is named by the statement as it reads, without Markdown escapes.
    names = [group.get_attribute("aria-label") or "" for group in tablet.get_by_role("radiogroup").all()]
    assert names and all(name.startswith(f"{n}. ") for n, name in enumerate(names, 1))
    assert not any("\\" in name for name in names)
    check_page(tablet, title=DA["nav.survey"], participant=True)


def test_staff_screens_pass_axe(desktop, server):
    desktop.goto(server.url)
    wait_ready(desktop)
    check_page(desktop, title=DA["login.submit"])
    desktop.get_by_label(DA["field.username"], exact=True).fill("admin")
    desktop.get_by_label(DA["field.password"], exact=True).fill("demo-admin-2026")
    desktop.get_by_role("button", name=DA["login.submit"]).click()
    desktop.get_by_role("heading", name=DA["nav.overview"]).wait_for()
    for page in ("console", "projector", "dashboard", "summary"):
        desktop.goto(f"{server.url}/{page}")
        wait_ready(desktop)
        desktop.wait_for_timeout(1000)  # charts and the timer draw after the run
        check_page(desktop, title=DA[f"nav.{page}"])


def test_a_participant_joins_adds_comments_and_votes_with_the_keyboard_only(browser, server, request):
    workshop_id, code = _workshop(server, "Tastaturværksted", "collect")
    context = browser.new_context(viewport=TABLET, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(20_000)
    keys = page.keyboard
    try:
        page.goto(f"{server.url}/?code={code}")
        wait_ready(page)

        def focus(target, *, ring: bool = True) -> None:
            tab_to(page, target)
            if ring:
                assert focus_ring_contrast(target) >= MIN_FOCUS_CONTRAST, target

        # Join: pick a group (Space on a radio), type a name, Enter on "Deltag".
        focus(page.get_by_role("radio", name=DA["group.citizen"]))
        keys.press("Space")
        focus(page.get_by_label(DA["field.display_name_optional"], exact=True))
        keys.type("Tove")
        focus(page.get_by_role("button", name=DA["join.submit"], exact=True))
        keys.press("Enter")
        page.get_by_text("Du deltager som Tove (Borger).", exact=True).wait_for()

        # Add an idea: type the title, then Enter on the button.
        focus(page.get_by_label(DA["board.idea_title"], exact=True))
        keys.type("Gåture med hund")
        # A pause, as people make: the form asks for similar titles while they pause (a
        # request, not a page run, so an idea sent meanwhile keeps its confirmation).
        page.wait_for_timeout(1000)
        wait_ready(page)
        focus(page.get_by_role("button", name=DA["board.add_button"]))
        keys.press("Enter")
        page.get_by_text(DA["board.added"]).wait_for()
        page.get_by_role("heading", name="Gåture med hund").wait_for()

        # Comment on someone else's idea: open its comments, type, send.
        focus(page.get_by_role("button", name=DA["board.comments_n"].format(n=1)))
        keys.press("Enter")
        focus(page.get_by_label(DA["board.build_on"], exact=True).filter(visible=True))
        keys.type("Jeg kan tage kaffen med")
        focus(page.get_by_role("button", name=DA["board.comment_button"]))
        keys.press("Enter")
        page.get_by_text(DA["board.commented"]).wait_for()
        page.get_by_text("Jeg kan tage kaffen med").wait_for()

        # Vote: Space on "give a dot", as the facilitator opens the vote.
        _move(server, workshop_id, "vote")
        page.get_by_text(DOTS_LEFT["other"].format(left=5, count=5)).wait_for(timeout=10_000)
        focus(page.get_by_role("button", name=DA["board.give_dot"].format(title=OTHERS_IDEA)))
        keys.press("Space")
        page.get_by_text(DOTS_LEFT["other"].format(left=4, count=5)).wait_for()
        with read_scope(server.database_url) as s:
            dots = votes.my_dots(s, _newest_participant(server, workshop_id))
        assert dots == {_others_idea(server, workshop_id): 1}
    except Exception:
        page.screenshot(path=str(request.config.rootpath / "test-artifacts" / "keyboard.png"), full_page=True)
        raise
    finally:
        context.close()
