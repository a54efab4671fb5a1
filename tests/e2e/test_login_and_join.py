"""In a real Chromium: staff sign in per role, participants join by code on a tablet."""

import pytest
from sqlalchemy import func, select

from db.models import Initiative, Participant
from db.session import read_scope
from demo.seed import DEMO_ACCOUNTS
from tests.e2e.conftest import script_runs, wait_ready

pytestmark = pytest.mark.e2e

WORK = ["Overblik", "Processer", "Værksteder", "Styr værksted", "Projektor"]
ACTION = ["Inspirationskatalog", "Initiativer", "Aktører og aktiviteter"]
VOLUNTEERS = ["Frivillige", "Frivilliges timer", "Medarbejdertid", "Ressourcekort"]
SURVEYS = ["Spørgeskemaer", "Spørgeskemaresultater"]
INSIGHT = ["Ledelsesoverblik", "Politisk overblik", "Deltagelse og inklusion"]
NAV = {
    "admin": [*WORK, *INSIGHT, *ACTION, *VOLUNTEERS, *SURVEYS, "Brugere", "Log", "Indstillinger"],
    "facilitator": [*WORK, INSIGHT[2], *ACTION, "Frivilliges timer", "Medarbejdertid", *SURVEYS],
    "leader": ["Overblik", *INSIGHT, *ACTION, *VOLUNTEERS, *SURVEYS],
    "politician": ["Overblik", *INSIGHT[1:], *ACTION, "Ressourcekort", "Spørgeskemaresultater"],
}
# Where each role lands after signing in.
HOME = {"admin": WORK[0], "facilitator": WORK[0], "leader": INSIGHT[0], "politician": INSIGHT[1]}


def _sign_in(page, server, username, password):
    page.goto(server.url)
    wait_ready(page)
    page.get_by_label("Brugernavn", exact=True).fill(username)
    page.get_by_label("Adgangskode", exact=True).fill(password)
    page.get_by_role("button", name="Log ind").click()
    role = next(r for u, r, _, _ in DEMO_ACCOUNTS if u == username)
    page.get_by_role("heading", name=HOME[role]).wait_for()
    wait_ready(page)


def _nav_labels(page):
    # Each link reads "<icon name>\n\n<label>"; the label is the last line.
    return [
        text.split("\n")[-1].strip()
        for text in page.locator("[data-testid='stSidebarNav'] a").all_inner_texts()
    ]


@pytest.mark.parametrize(("username", "role", "password"), [(u, r, p) for u, r, p, _ in DEMO_ACCOUNTS])
def test_each_role_signs_in_and_sees_its_pages(desktop, server, username, role, password):
    _sign_in(desktop, server, username, password)
    assert _nav_labels(desktop) == NAV[role]
    # A page outside the role, typed as a URL, does not open.
    desktop.goto(f"{server.url}/users")
    wait_ready(desktop)
    if role == "admin":
        desktop.get_by_role("heading", name="Brugere").wait_for()
    else:
        # The same page as an address that leads nowhere: it does not even say the page exists.
        desktop.get_by_role("heading", name="Siden findes ikke").wait_for()
        assert desktop.get_by_role("heading", name="Brugere").count() == 0
        assert desktop.get_by_role("tab", name="Ny bruger").count() == 0
        desktop.get_by_role("link", name="Gå til forsiden").click()
        desktop.get_by_role("heading", name=HOME[role]).wait_for()


def test_a_link_to_a_page_opens_that_page_in_a_new_tab(desktop, server):
    _sign_in(desktop, server, "leader", "demo-leader-2026")
    desktop.wait_for_timeout(1500)  # the cookie component sets the cookie
    with read_scope(server.database_url) as s:
        initiative = s.scalars(select(Initiative).order_by(Initiative.id)).first()
    # A new tab signs in from the cookie one run late; the link's page and query survive that.
    tab = desktop.context.new_page()
    tab.goto(f"{server.url}/initiative?id={initiative.id}")
    tab.get_by_role("heading", name=initiative.title).wait_for()
    assert tab.get_by_text("Page not found").count() == 0
    tab.goto(f"{server.url}/inclusion")
    tab.get_by_role("heading", name="Deltagelse og inklusion").wait_for()
    assert tab.get_by_text("Page not found").count() == 0
    tab.close()


def test_reload_keeps_the_login_and_logout_ends_it(desktop, server):
    _sign_in(desktop, server, "leader", "demo-leader-2026")
    desktop.wait_for_timeout(1500)  # the cookie component sets the cookie
    desktop.reload()
    desktop.get_by_role("heading", name="Ledelsesoverblik").wait_for()
    desktop.get_by_role("button", name="Log ud").click()
    desktop.get_by_role("button", name="Log ind").wait_for()
    desktop.wait_for_timeout(1000)
    desktop.reload()
    wait_ready(desktop)
    desktop.get_by_role("button", name="Log ind").wait_for()
    assert desktop.get_by_role("heading", name="Ledelsesoverblik").count() == 0


def _participants(server):
    with read_scope(server.database_url) as s:
        return s.scalar(select(func.count()).select_from(Participant))


def test_join_by_code_on_a_tablet_and_reload_keeps_the_participant(tablet, server):
    before = _participants(server)
    tablet.goto(f"{server.url}/?code={server.demo.open_workshop_code}")
    tablet.get_by_role("heading", name="Konkretiseringsværksted").wait_for()
    assert tablet.get_by_role("button", name="Log ind").count() == 0
    tablet.get_by_role("radio", name="Forening").click()
    tablet.get_by_label("Dit navn (valgfrit)", exact=True).fill("Ruth **fed** <b>x</b>")
    tablet.get_by_role("button", name="Deltag", exact=True).click()
    me = "Du deltager som Ruth **fed** <b>x</b> (Forening)."
    tablet.get_by_text(me, exact=True).wait_for()
    assert "p=" in tablet.url
    assert _participants(server) == before + 1
    tablet.reload()
    tablet.get_by_text(me, exact=True).wait_for()
    assert _participants(server) == before + 1


@pytest.mark.parametrize("address", ["/?code={code}", "/join?code={code}"])
def test_a_new_tablet_joins_in_one_run_to_open_and_one_to_join(tablet, server, address):
    """Each run is the server's work for the whole room: a room of hundreds joins at once.

    A tablet that remembers no one asks for no second run of the form, and the tap on
    "Deltag" opens the board in that one run: the form is not drawn again first, and the
    server does not cut the run short to start the script over on the board's page. That
    holds at the join link's address and at the join page's own.
    """
    runs = script_runs(tablet)
    tablet.goto(server.url + address.format(code=server.demo.open_workshop_code))
    tablet.get_by_role("heading", name="Konkretiseringsværksted").wait_for()
    wait_ready(tablet)
    tablet.wait_for_timeout(1500)
    assert runs == ["rerun"]
    tablet.get_by_role("radio", name="Borger").click()
    tablet.get_by_role("button", name="Deltag", exact=True).click()
    tablet.get_by_text("Du deltager som anonym (Borger).", exact=True).wait_for()
    wait_ready(tablet)
    tablet.wait_for_timeout(1500)
    assert runs == ["rerun", "rerun"]
    # The address is the board's, and opens it again: the same participant, not the form.
    assert tablet.url.startswith(f"{server.url}/?p=")
    tablet.reload()
    tablet.get_by_text("Du deltager som anonym (Borger).", exact=True).wait_for()


def test_typing_the_code_on_the_join_page(tablet, server):
    tablet.goto(f"{server.url}/join")
    wait_ready(tablet)
    tablet.get_by_label("Værkstedskode", exact=True).fill("zzzzzz")
    tablet.get_by_role("button", name="Videre").click()
    tablet.get_by_text("En værkstedskode har 6 tegn").wait_for()
    tablet.get_by_label("Værkstedskode", exact=True).fill(server.demo.open_workshop_code.lower())
    tablet.get_by_role("button", name="Videre").click()
    tablet.get_by_role("heading", name="Konkretiseringsværksted").wait_for()
    assert tablet.get_by_text("Page not found").count() == 0


def test_scanning_the_code_again_offers_to_continue_as_the_same_participant(tablet, server):
    tablet.goto(f"{server.url}/?code={server.demo.open_workshop_code}")
    tablet.get_by_role("radio", name="Borger").click()
    tablet.get_by_label("Dit navn (valgfrit)", exact=True).fill("Vagn")
    tablet.get_by_role("button", name="Deltag", exact=True).click()
    tablet.get_by_text("Du deltager som Vagn (Borger).", exact=True).wait_for()
    first_url = tablet.url
    before = _participants(server)
    # The tab is closed; later the QR code is scanned again on the same tablet.
    runs = script_runs(tablet)
    tablet.goto(f"{server.url}/?code={server.demo.open_workshop_code}")
    tablet.get_by_text("Denne enhed deltager allerede som Vagn (Borger).").wait_for()
    wait_ready(tablet)
    before_tap = len(runs)
    tablet.get_by_role("button", name="Fortsæt som før").click()
    tablet.get_by_text("Du deltager som Vagn (Borger).", exact=True).wait_for()
    wait_ready(tablet)
    # The tap's run draws the board: none is cut short to start the script over.
    assert runs[before_tap:] == ["rerun"]
    assert tablet.url.split("p=")[1][:22] == first_url.split("p=")[1][:22]
    assert _participants(server) == before
