"""Every download button leaves the page as it is (on_click="ignore").

With Streamlit's default, a click reruns the page as the browser starts to fetch the file.
A file built on the click (a callable) or with a date in it is another media file in the
new run, and the run removes the one being fetched: the browser's download is cancelled
(seen in CI on the Open Space proceedings PDF, and what a user on a slow connection
would see).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _download_buttons() -> list[tuple[str, ast.Call]]:
    found = []
    for folder in ("app_pages", "components", "runtime"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text())):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "download_button"
                ):
                    found.append((f"{path.relative_to(ROOT)}:{node.lineno}", node))
    return found


def test_every_download_button_leaves_the_page_alone():
    buttons = _download_buttons()
    assert len(buttons) >= 15  # the scan finds them
    rerunning = [
        where
        for where, call in buttons
        if not any(
            k.arg == "on_click" and isinstance(k.value, ast.Constant) and k.value.value == "ignore"
            for k in call.keywords
        )
    ]
    assert rerunning == []
