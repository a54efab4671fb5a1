"""The board's script, read as text: user text never goes in as HTML, and its parts join
into one module with one entry point (components/board/__init__.py)."""

import re
from pathlib import Path

from components import board

PARTS = [Path(board.__file__).parent / name for name in board._PARTS]


def test_no_part_of_the_board_writes_html():
    # textContent and attributes only: any of these would let a typed title become markup.
    html_sinks = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|ContextualFragment")
    for part in PARTS:
        assert not html_sinks.search(part.read_text()), part.name


def test_the_parts_join_into_one_module_with_one_default_export():
    joined = "\n".join(part.read_text() for part in PARTS)
    assert joined.count("export default") == 1
    assert PARTS[-1].name == "board.js" and "export default" in PARTS[-1].read_text()
    assert not re.search(r"^\s*import\s", joined, re.MULTILINE)  # one module, nothing to fetch
