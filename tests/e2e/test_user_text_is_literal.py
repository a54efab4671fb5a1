"""In a real Chromium: titles typed as markup or addresses show as typed, never as bold, links or images.

One workshop whose ideas, theme and cluster are hostile titles goes through every surface
that shows them: the tablet's board, the console (table, clusters, results chart), the
projector (wall, spotlight, results chart), the catalogue (preview, PDF, Excel, CSV), the
public page, the leader's dashboard, the politicians' summary and its PDF, and the
workshop's own exports.
"""

from __future__ import annotations

import csv
import io
import zipfile
from html import escape

import pytest
from pypdf import PdfReader

import clock
from db.models import Process
from db.session import session_scope
from services.action import curation, lifecycle
from services.admin.permissions import SYSTEM
from services.workshop import clusters, spotlight, workshops
from tests.e2e.conftest import main_text, wait_ready
from tests.e2e.test_login_and_join import _sign_in
from tests.factories import make_idea, make_participant, make_vote, make_workshop

pytestmark = pytest.mark.e2e

# At most 42 characters: no page shortens them, so each must show whole.
TYPED = (
    "<b>Fed</b> https://evil.example",
    "**Stjerne** [klik](https://evil.example/x)",
    '<a href="https://evil.example">Link</a>',
    "<i>skrå</i> www.evil.example a@evil.example",
    "<img src=x onerror=alert(1)> før<br>efter",
)
# What would show inside a <b>, <strong>, <i>, <em> or <a> had the markup been applied.
FRAGMENTS = {"Fed", "Stjerne", "klik", "Link", "skrå"}
CLUSTER = "<b>Klynge</b> [k](https://evil.example)"
THEME = "<i>Tema</i> https://evil.example/tema"


def _hostile_workshop(server) -> tuple[int, str, list[int]]:
    """A workshop of the demo's published process in collect, every title hostile, dots already cast.

    The dots are in the database but hidden until the results; the ideas are in the catalogue,
    and initiatives with the same titles lead the dashboard and the summary.
    """
    with session_scope(server.database_url) as s:
        # The demo's own process: other tests on this server publish processes of their own.
        process = s.get_one(Process, server.demo.process_id)
        assert process.public_page_published
        workshop = make_workshop(s, process_id=process.id, phase="collect", title="Rå tekst", themes=[THEME])
        people = [make_participant(s, workshop, stakeholder_group=g)[0] for g in ("citizen", "volunteer")]
        ideas = [
            make_idea(s, workshop, title=title, description=title, theme_id=workshop.themes[0].id)
            for title in TYPED
        ]
        for rank, idea in enumerate(ideas):
            for person in people:
                make_vote(s, workshop, person, idea, 9 - rank)
        cluster = clusters.create_cluster(s, workshop.id, CLUSTER, by_user_id=SYSTEM)
        clusters.assign(s, [i.id for i in ideas[:2]], cluster.id, by_user_id=SYSTEM)
        s.flush()
        curation.add_ideas(s, process.id, [i.id for i in ideas], by_user_id=SYSTEM)
        for title in TYPED[:4]:  # the summary shows four
            initiative = lifecycle.create_initiative(s, title=title, process_id=process.id, by_user_id=SYSTEM)
            lifecycle.update_initiative(
                s,
                initiative.id,
                title=title,
                status="in_progress",
                progress=99,
                starts_on=clock.today(),
                by_user_id=SYSTEM,
            )
        return workshop.id, workshop.code, [i.id for i in ideas]


def _no_markup(page, where: str, scope: str = "[data-testid='stMain']") -> None:
    """No link to evil.example, no bold/italic of a fragment, no image made of a title: in `scope`."""
    area = page.locator(scope)
    # Streamlit's heading anchors carry a slug of the heading ("#i-tema-i-https-evil-example"):
    # a place on the same page, not a link to anywhere else.
    links = area.locator("a").evaluate_all("els => els.map(a => [a.hostname, a.textContent])")
    assert not [link for link in links if "evil" in link[0] or "evil" in link[1]], (where, links)
    marked = area.locator("b, strong, i, em").evaluate_all("els => els.map(e => e.textContent.trim())")
    assert not FRAGMENTS & set(marked), (where, marked)
    assert area.locator("img[src='x'], img[onerror]").count() == 0, where


def _assert_literal(page, where: str, titles=TYPED) -> None:
    # The word joiner that keeps addresses from being autolinked is invisible; a reader sees this.
    shown = main_text(page).replace("\u2060", "")
    for title in titles:
        assert title in shown, (where, title)
    _no_markup(page, where)


def _assert_chart_literal(page, where: str, titles=TYPED) -> None:
    charts = page.locator(".js-plotly-plot")
    charts.first.locator(".ytick text").first.wait_for(state="attached")  # SVG text counts as hidden
    ticks = " ".join(charts.locator(".ytick text").all_text_contents())
    # Labels may be wrapped (one <tspan> a line) and the projector numbers its bars: "1. <title>".
    for title in titles:
        assert all(word in ticks for word in title.split()), (where, title, ticks)
    # Plotly draws links as <a>, bold as <b>-styled tspans, line breaks as extra tspans.
    assert page.locator(".js-plotly-plot a").count() == 0, where
    styled = page.locator(".js-plotly-plot tspan[style*='bold'], .js-plotly-plot tspan[style*='italic']")
    shown = styled.all_text_contents()
    assert not FRAGMENTS & {text.strip() for text in shown}, (where, shown)
    assert page.locator(".modebar").count() == 0, where  # no English toolbar either


def _download(page, button: str) -> bytes:
    # A download button reruns the page; a click landing mid-rerun (the previous download's)
    # is lost under load, so each click waits for the page to settle.
    wait_ready(page)
    with page.expect_download() as got:
        page.get_by_role("button", name=button).first.click()
    with open(got.value.path(), "rb") as f:
        return f.read()


def _assert_pdf_literal(data: bytes, where: str, titles=TYPED) -> None:
    reader = PdfReader(io.BytesIO(data))
    # A PDF wraps long lines: compare with every run of white space as one space.
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for title in titles:
        assert title in text, (where, title, text)
    uris = [
        str((a.get_object().get("/A") or {}).get("/URI", ""))
        for p in reader.pages
        for a in p.get("/Annots") or []
    ]
    assert not [u for u in uris if "evil" in u], (where, uris)


def _assert_sheet_literal(data: bytes, where: str) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        xml = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xml"))
    for title in TYPED:
        assert escape(title, quote=False) in xml or escape(title) in xml, (where, title)
    assert "<hyperlink" not in xml and "HYPERLINK" not in xml.upper().replace("HYPERLINKS", ""), where


def _assert_csv_literal(data: bytes, where: str) -> None:
    cells = {cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";") for cell in row}
    cells |= {cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row}
    for title in TYPED:
        assert title in cells, (where, title)


def test_hostile_titles_show_as_typed_on_every_surface(browser, desktop, server):
    workshop_id, code, idea_ids = _hostile_workshop(server)
    alerts: list[str] = []
    tablet = browser.new_context(viewport={"width": 820, "height": 1180}, locale="da-DK").new_page()
    tablet.set_default_timeout(20_000)
    for page in (desktop, tablet):
        page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    try:
        # The tablet's board while ideas are collected.
        tablet.goto(f"{server.url}/?code={code}")
        tablet.get_by_role("radio", name="Borger").click()
        tablet.get_by_role("button", name="Deltag", exact=True).click()
        cards = tablet.locator("li.sb-card")
        cards.nth(len(TYPED) - 1).wait_for()
        titles = cards.locator(".sb-title").all_text_contents() or cards.all_text_contents()
        for title in TYPED:
            assert any(title in shown for shown in titles), ("board", title, titles)
        _no_markup(tablet, "board", "li.sb-card")

        _sign_in(desktop, server, "admin", "demo-admin-2026")
        # The console: the live table (a canvas grid whose cells are text), the clusters.
        desktop.goto(f"{server.url}/console?w={workshop_id}")
        wait_ready(desktop)
        grid = desktop.locator("[data-testid='stDataFrame'] [role='gridcell']")
        grid.first.wait_for(state="attached")
        cells = grid.all_text_contents()
        for title in TYPED:
            assert title in cells, ("console table", title)
        desktop.get_by_role("tab", name="Klynger").click()
        wait_ready(desktop)
        desktop.locator("[data-testid='stExpander'] summary").first.click()  # labelled as typed
        _assert_literal(desktop, "console clusters", (CLUSTER, *TYPED[:2]))

        # The projector: the wall, then one idea in the spotlight.
        desktop.goto(f"{server.url}/projector?w={workshop_id}")
        desktop.locator('[class*="st-key-wall_card_"]').first.wait_for()
        wait_ready(desktop)
        _assert_literal(desktop, "projector wall", (THEME, *TYPED))
        with session_scope(server.database_url) as s:
            spotlight.put_in_spotlight(s, workshop_id, idea_ids[2], by_user_id=SYSTEM)
        desktop.locator(".st-key-spot_title").wait_for()
        wait_ready(desktop)
        _assert_literal(desktop, "projector spotlight", (TYPED[2],))

        # The reveal: the charts on the projector, the console and the tablet's ranking.
        with session_scope(server.database_url) as s:
            spotlight.clear_spotlight(s, workshop_id, by_user_id=SYSTEM)
            workshops.move_phase(s, workshop_id, "results", by_user_id=SYSTEM)
        desktop.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
        _assert_chart_literal(desktop, "projector results")
        desktop.goto(f"{server.url}/console?w={workshop_id}")
        wait_ready(desktop)
        desktop.get_by_role("tab", name="Resultater").click()
        wait_ready(desktop)
        _assert_chart_literal(desktop, "console results")
        tablet.get_by_text("#1").first.wait_for(timeout=10_000)
        _no_markup(tablet, "board results", "li.sb-card")

        # The workshop's exports.
        desktop.get_by_role("tab", name="Eksport").click()
        wait_ready(desktop)
        _assert_csv_literal(_download(desktop, "Hent CSV"), "workshop CSV")
        _assert_sheet_literal(_download(desktop, "Hent Excel"), "workshop Excel")

        # The catalogue: the preview, then its PDF, Excel and CSV.
        desktop.goto(f"{server.url}/catalogue")
        wait_ready(desktop)
        _assert_literal(desktop, "catalogue")
        desktop.get_by_role("tab", name="Eksport").click()
        desktop.get_by_role("button", name="Lav PDF").click()
        wait_ready(desktop)
        _assert_pdf_literal(_download(desktop, "Hent PDF"), "catalogue PDF")
        _assert_sheet_literal(_download(desktop, "Hent Excel"), "catalogue Excel")
        _assert_csv_literal(_download(desktop, "Hent CSV"), "catalogue CSV")

        # The leader's dashboard and the politicians' summary with its PDF.
        desktop.goto(f"{server.url}/dashboard")
        wait_ready(desktop)
        _no_markup(desktop, "dashboard")
        _assert_chart_literal(desktop, "dashboard", TYPED[:4])
        desktop.goto(f"{server.url}/summary")
        wait_ready(desktop)
        _assert_literal(desktop, "summary", TYPED[:4])
        _assert_pdf_literal(_download(desktop, "Hent PDF på én side"), "summary PDF", TYPED[:4])

        # The public page, for anyone.
        with session_scope(server.database_url) as s:
            slug = s.get(Process, server.demo.process_id).public_slug
        desktop.goto(f"{server.url}/?follow={slug}")
        wait_ready(desktop)
        _assert_literal(desktop, "public page")
        assert alerts == []  # no onerror ran anywhere
    finally:
        tablet.context.close()
