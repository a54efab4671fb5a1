"""The README and docs/ point only at what this repository holds.

Every relative link resolves to a file or folder inside the repository (and a #fragment to
a heading of the linked page), every file path written in `code` exists, and every page
of docs/ is reachable from the README.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
CODE_SPAN = re.compile(r"`([^`\n]+)`")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
# A path from the repository's root as the docs write one: at least a folder and a name, the
# name a file with a known suffix or a folder/. (A bare `votes.py` or `action/` is read in
# its sentence's context, not from the root.)
PATH = re.compile(
    r"^\.?[A-Za-z0-9_-]+(/[A-Za-z0-9_.@-]+)+(\.(py|toml|md|ini|txt|js|css|mako|ttf|cfg|service|timer|yaml|example)|/)$"
)
# Paths the docs name that exist only on a running or configured machine, or not at all
# on purpose (a `pages/` folder would switch Streamlit to its legacy multipage mode).
NOT_IN_GIT = {"data/", "data/samskab.db", "data/cookie_key", ".streamlit/secrets.toml", "test-artifacts/"}
NOT_IN_GIT |= {"pages/", ".venv-ci/"}
# Written by the operator from the examples in deploy/, never committed.
NOT_IN_GIT |= {"deploy/production.env", "deploy/certs/"}


def _prose(page: Path) -> str:
    """The page without its fenced code blocks, where brackets and backticks are code."""
    return FENCE.sub("", page.read_text())


def _slug(heading: str) -> str:
    """The anchor a Markdown renderer gives a heading (GitHub's rule)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "").lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    seen: dict[str, int] = {}
    anchors = set()
    for heading in HEADING.findall(_prose(page)):
        slug = _slug(heading)
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def _relative_links(text: str) -> list[str]:
    """Link targets that are not web addresses (https:, mailto: …)."""
    return [target for target in LINK.findall(text) if not re.match(r"^[a-z]+:", target)]


def _links(page: Path) -> list[str]:
    return _relative_links(_prose(page))


def _name(page: Path) -> str:
    return str(page.relative_to(ROOT))


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_every_relative_link_resolves_inside_the_repository(page: Path):
    broken = []
    for target in _links(page):
        path, _, fragment = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.is_relative_to(ROOT):
            broken.append(f"{target}: outside the repository")
        elif not linked.exists():
            broken.append(f"{target}: no such file")
        elif fragment and linked.suffix == ".md" and fragment not in _anchors(linked):
            broken.append(f"{target}: no heading #{fragment} in {_name(linked)}")
    assert broken == []


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_every_file_path_in_code_exists(page: Path):
    """A moved module leaves no stale path behind (`services/votes.py` is now in workshop/)."""
    named = {span for span in CODE_SPAN.findall(_prose(page)) if PATH.match(span)}
    missing = sorted(p for p in named - NOT_IN_GIT if not (ROOT / p).exists())
    assert missing == []


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_nothing_outside_the_repository_is_cited(page: Path):
    """The docs stand on their own: no design notes, seeds or sibling folders of elsewhere."""
    text = page.read_text()
    assert re.findall(r"DESIGN\.md|\bshared/|\.\./\.\./|\bseeds/", text) == []


def test_the_readme_links_every_page_of_docs():
    linked = {(ROOT / target.partition("#")[0]).resolve() for target in _links(ROOT / "README.md")}
    unlinked = [_name(page) for page in PAGES[1:] if page.resolve() not in linked]
    assert unlinked == []


def test_the_checks_see_links_and_paths():
    """The patterns above find what they must, or the tests above pass vacuously."""
    sample = "See [a](docs/a.md#b), ![img](x.png), <https://x.org>, [b](https://x.org)."
    assert _relative_links(sample) == ["docs/a.md#b"]
    spans = "`services/x.py`, `docs/`, `assets/surveys/`, `votes.py`, `/join`, `a.b`, `a/b c.py`"
    assert [s for s in CODE_SPAN.findall(spans) if PATH.match(s)] == ["services/x.py", "assets/surveys/"]
    assert _slug('"You said, we did": the `public` page') == "you-said-we-did-the-public-page"
    assert len(PAGES) > 5
