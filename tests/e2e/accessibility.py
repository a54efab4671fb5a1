"""What the accessibility browser tests check on a page: axe-core, language, title, words, targets.

axe-core comes bundled with axe-playwright-python (no network): it is injected into the
page and runs there, shadow roots included. The bar is 0 critical and 0 serious
violations, and headings in order. The only exceptions are defects inside Streamlit
itself, each matched by rule and by the element it concerns, and each written up for
Streamlit in docs/accessibility.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page

from components.document import STREAMLIT_WORDS
from tests.e2e.conftest import READY

AXE = Axe()
BLOCKING = ("critical", "serious")
# Moderate in axe's scale, but the task's own bar: headings in order on every page.
ALSO_BLOCKING = ("heading-order",)


@dataclass(frozen=True)
class StreamlitDefect:
    """A violation inside Streamlit's own markup: the rule, and a CSS selector its element matches."""

    rule: str
    element: str
    report: str  # the heading of its upstream report in docs/accessibility.md


STREAMLIT_DEFECTS = (
    # The sidebar's page list groups its links under section headers with <div>s placed
    # directly inside the <ul>, and the <li>s inside those <div>s.
    StreamlitDefect("list", "ul[data-testid='stSidebarNavItems']", "Sidebar navigation with sections"),
    StreamlitDefect(
        "listitem", "ul[data-testid='stSidebarNavItems'] > div > li", "Sidebar navigation with sections"
    ),
)

# Resolve an axe target (a selector per shadow root on the way) to its element, and test it.
_MATCHES = """([target, selector]) => {
  let root = document, element = null;
  for (const part of target) {
    element = root.querySelector(part);
    if (!element) return false;
    root = element.shadowRoot || element;
  }
  return element.matches(selector);
}"""


def axe_violations(page: Page) -> list[str]:
    """Every blocking violation on the page that is not a listed Streamlit defect, one line each."""
    found = []
    for violation in AXE.run(page).response["violations"]:
        rule = violation["id"]
        if violation["impact"] not in BLOCKING and rule not in ALSO_BLOCKING:
            continue
        for node in violation["nodes"]:
            if any(
                defect.rule == rule and page.evaluate(_MATCHES, [node["target"], defect.element])
                for defect in STREAMLIT_DEFECTS
            ):
                continue
            why = "; ".join(check["message"] for check in node["any"] + node["all"] + node["none"])
            found.append(f"{rule} ({violation['impact']}): {node['target']} {node['html'][:160]} {why}")
    return found


def _streamlit_english(text: str) -> bool:
    for english in STREAMLIT_WORDS:
        pattern = re.escape(english).replace(r"\{label\}", ".+").replace(r"\{keys\}", ".+")
        if re.fullmatch(pattern, text.strip()):
            return True
    return False


# Every accessible attribute and the text of Streamlit's input hints, shadow roots included.
_WORDS = """() => {
  const found = [];
  const visit = (root) => {
    for (const element of root.querySelectorAll('*')) {
      for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
        const value = element.getAttribute(name);
        if (value) found.push(value);
      }
      if (element.matches('[data-testid="InputInstructions"] span')) found.push(element.textContent);
      if (element.shadowRoot) visit(element.shadowRoot);
    }
  };
  visit(document);
  return found;
}"""


def streamlit_english(page: Page) -> list[str]:
    """Streamlit's own English words left on the page (accessible names, placeholders, hints)."""
    return sorted({text for text in page.evaluate(_WORDS) if _streamlit_english(text)})


# Things a finger or a pointer acts on, visible, with the box that takes the tap: a radio
# or checkbox input is hidden behind its label, which is what is tapped, and a text field's
# or a select's parts (the input, the "Open" arrow) are all one box that takes the tap.
_TARGETS = """() => {
  const found = [];
  const visit = (root) => {
    const selector = 'button, a[href], input, select, textarea, summary, [role="button"], [role="radio"], '
      + '[role="checkbox"], [role="tab"], [role="combobox"]';
    for (const element of root.querySelectorAll(selector)) {
      const box = element.closest('[data-testid$="RootElement"], [data-testid="stSelectbox"] [role="group"]');
      const target = box || (element.matches('input[type="radio"], input[type="checkbox"]')
        ? element.closest('label') || element : element);
      const rect = target.getBoundingClientRect();
      const style = getComputedStyle(target);
      if (rect.width === 0 || rect.height === 0 || style.visibility === 'hidden') continue;
      const outside = '[data-testid="stSidebar"], [data-testid="stHeader"], [aria-hidden="true"]';
      if (target.closest(outside)) continue;
      if (target.disabled) continue;
      found.push({ what: target.outerHTML.slice(0, 120), width: rect.width, height: rect.height });
    }
    for (const element of root.querySelectorAll('*')) if (element.shadowRoot) visit(element.shadowRoot);
  };
  visit(document.querySelector('[data-testid="stMain"]'));
  return found;
}"""
MIN_TARGET = 44


def small_targets(page: Page) -> list[str]:
    """Controls in the page's main area smaller than 44 × 44 px."""
    return [
        f"{round(t['width'])}×{round(t['height'])} {t['what']}"
        for t in page.evaluate(_TARGETS)
        if t["width"] < MIN_TARGET - 0.5 or t["height"] < MIN_TARGET - 0.5
    ]


_SETTLED = f"""() => !!document.querySelector("{READY}") && !document.querySelector('[data-stale="true"]')"""


def settle(page: Page) -> None:
    """Wait until no run is going and nothing is drawn faded as stale, twice half a second apart.

    Components (the login cookie, the device token) start a second run just after the
    first; axe must not look at the page in between, when Streamlit fades it.
    """
    for _ in range(2):
        page.wait_for_function(_SETTLED, timeout=30_000)
        page.wait_for_timeout(500)
    page.wait_for_function(_SETTLED, timeout=30_000)


def check_page(page: Page, *, title: str, lang: str = "da", participant: bool = False) -> None:
    """The page's language, its own title, no Streamlit English, axe's bar; on participant pages, targets."""
    settle(page)
    where = page.url
    # The document script sets it as the page is drawn, a moment after the run ends.
    page.wait_for_function("(lang) => document.documentElement.lang === lang", arg=lang, timeout=5_000)
    assert page.title() == f"{title} · Samskab", where
    english = streamlit_english(page)
    assert not english, f"{where}: Streamlit's English: {english}"
    violations = axe_violations(page)
    assert not violations, f"{where}:\n" + "\n".join(violations)
    if participant:
        small = small_targets(page)
        assert not small, f"{where}: targets under {MIN_TARGET} px:\n" + "\n".join(small)


# The element that has the focus, inside shadow roots too.
_ACTIVE = """(element) => {
  let active = document.activeElement;
  while (active && active.shadowRoot && active.shadowRoot.activeElement) {
    active = active.shadowRoot.activeElement;
  }
  return active === element;
}"""

# The focus indicator: the element's own outline, or that of the field box around it.
_RING = """(element) => {
  for (let node = element, i = 0; node && i < 5; node = node.parentElement || node.getRootNode().host, i++) {
    const style = getComputedStyle(node);
    if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) {
      return { color: style.outlineColor, width: parseFloat(style.outlineWidth) };
    }
  }
  return null;
}"""


def tab_to(page: Page, target: Locator, *, most: int = 60) -> None:
    """Press Tab until `target` has the focus, as a keyboard user would."""
    target.wait_for()
    for _ in range(most):
        page.keyboard.press("Tab")
        if target.evaluate(_ACTIVE):
            return
    raise AssertionError(f"{target} never got the focus in {most} presses of Tab")


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(css_colour: str, background: tuple[int, int, int] = (255, 255, 255)) -> float:
    """WCAG contrast of an opaque `rgb(...)` colour against the background (white by default)."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", css_colour)]
    alpha = numbers[3] if len(numbers) > 3 else 1.0
    r, g, b = (c * alpha + bg * (1 - alpha) for c, bg in zip(numbers[:3], background, strict=True))
    high, low = sorted(
        (_luminance((r, g, b)), _luminance((background[0], background[1], background[2]))), reverse=True
    )
    return (high + 0.05) / (low + 0.05)


def focus_ring_contrast(target: Locator) -> float:
    """The contrast of the focused element's visible focus ring against white; 0 without one."""
    ring = target.evaluate(_RING)
    return contrast(ring["color"]) if ring else 0.0
