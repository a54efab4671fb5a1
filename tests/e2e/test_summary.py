"""In a real Chromium: the summary fits a desktop screen, reads on a tablet, and its PDF downloads."""

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.e2e.conftest import main_text
from tests.e2e.test_login_and_join import _sign_in

pytestmark = pytest.mark.e2e

SUMMARY = "Politisk overblik"
FIGURES = [
    "Deltagere",
    "Grupper nået",
    "Idéer",
    "Initiativer startet / afsluttet",
    "Frivillige timer",
    "Anslået værdi",
]


def _open(page, server):
    _sign_in(page, server, "politician", "demo-politician-2026")  # politicians land on the summary
    page.locator("[data-testid='stMetric']").nth(5).wait_for()
    page.locator(".js-plotly-plot").first.wait_for()


def _figures(page) -> dict[str, str]:
    metrics = page.locator("[data-testid='stMetric']")
    return {
        metrics.nth(i).locator("[data-testid='stMetricLabel']").inner_text().strip(): metrics.nth(i)
        .locator("[data-testid='stMetricValue']")
        .inner_text()
        .strip()
        for i in range(metrics.count())
    }


def _truncated(page) -> list[str]:
    """Metric labels and values the browser had to cut off (text wider than its box)."""
    return page.evaluate(
        """() => [...document.querySelectorAll(
              "[data-testid='stMetricLabel'] p, [data-testid='stMetricValue'] div")]
            .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"""
    )


def test_the_summary_fits_one_desktop_screen_and_the_pdf_matches(desktop, server):
    _open(desktop, server)
    assert list(_figures(desktop)) == FIGURES
    assert _truncated(desktop) == []
    text = main_text(desktop)
    for heading in ("Topidéer med bred opbakning", "Vigtigste initiativer", "Frivillige timer pr. måned"):
        assert heading in text
    # Nothing below the fold: the main area does not scroll, and neither does the document.
    sizes = desktop.evaluate(
        """() => { const m = document.querySelector("[data-testid='stMain']");
                   const d = document.documentElement;
                   return [m.scrollHeight, m.clientHeight, d.scrollHeight, window.innerHeight]; }"""
    )
    assert sizes[0] <= sizes[1] and sizes[2] <= sizes[3], sizes
    button = desktop.get_by_role("button", name="Hent PDF på én side")
    box = button.bounding_box()
    assert box["y"] + box["height"] <= 900

    # The chart's numbers are also a table for screen readers.
    desktop.get_by_role("button", name="Tabel").click()
    desktop.locator("[data-testid='stPopoverBody'] [data-testid='stDataFrame']").wait_for()
    desktop.keyboard.press("Escape")

    figures = _figures(desktop)
    with desktop.expect_download() as info:
        button.click()
    download = info.value
    name = download.suggested_filename
    assert name.startswith("samskab-overblik-") and name.endswith(".pdf"), name
    reader = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    assert len(reader.pages) == 1
    pdf = reader.pages[0].extract_text()
    lines = [" ".join(line.split()) for line in pdf.splitlines()]
    assert SUMMARY in lines and "Sammen mod ensomhed" in lines
    # The same six figures as on the screen, label then value.
    for label, value in figures.items():
        assert lines[lines.index(label) + 1] == value, label
    assert "Topidéer med bred opbakning" in pdf and "Frivillige timer pr. måned" in pdf


def test_the_summary_reads_on_a_tablet(tablet, server):
    _open(tablet, server)
    figures = _figures(tablet)
    assert list(figures) == FIGURES and all(figures.values())
    # Two rows of three figures, none cut off; every section is there further down.
    tops = tablet.locator("[data-testid='stMetric']").evaluate_all(
        "els => els.map(e => Math.round(e.getBoundingClientRect().top))"
    )
    assert len(set(tops)) == 2, tops
    assert _truncated(tablet) == []
    width = tablet.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 768
    button = tablet.get_by_role("button", name="Hent PDF på én side")
    button.scroll_into_view_if_needed()
    assert button.is_visible()
    assert "Ikke nået endnu" in main_text(tablet) or "Alle målgrupper har været med" in main_text(tablet)
