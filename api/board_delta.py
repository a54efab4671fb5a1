"""What changed between two snapshots of a board, small enough to push to the whole room.

A pushed version used to cost every tablet of the room one `/snapshot` request: 1,000
tablets, 1,000 requests a second with votes shown, each queueing behind the others on one
process. The push message now carries the change itself (api/board_push.py), and a
tablet holding the snapshot the change starts from applies it (components/board/delta.js
does what `apply` does here) and asks for nothing. A tablet holding another version, or
given no change, fetches the snapshot as before.

A change names the snapshot keys whose value moved (the workshop, themes, clusters, the
count of participants) with their new values, and for the ideas: those new (`set`,
whole), the fields that moved on those the board holds already (`patch`: the id and those
fields), those gone (`gone`, ids), and the new order of ids when it moved (`order`), or,
when the new order is the board's order by support (votes shown), only that
(`"sort": "support"`): with votes shown every second of dots reorders the board, and the
ids of a 2,000-idea board were 10 KB of a 16 KB change sent to every tablet each second.

With votes shown a room's dots move a hundred ideas' counts a second. Sent whole, with
their titles, descriptions and comments, a second's change of a 700-idea board came near
MAX_CHANGE_BYTES, a chain of two went over it, and the tablets fetched the snapshot
instead (10,000 fetches in a 1,000-tablet run). The counts alone are a few bytes an idea.
"""

from __future__ import annotations

from typing import Any

from services.workshop.board import by_support

# Above this a change is not worth pushing to every listener: the tablets fetch the gzipped
# snapshot instead (a board of 2,000 ideas is 18 KB gzipped; the push is not compressed).
MAX_CHANGE_BYTES = 64_000

_WHOLE_KEYS = ("workshop", "themes", "clusters", "participants")


def between(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The change that turns snapshot `old` into snapshot `new` (their "version" aside)."""
    change: dict[str, Any] = {key: new[key] for key in _WHOLE_KEYS if old.get(key) != new.get(key)}
    before = {idea["id"]: idea for idea in old["ideas"]}
    after = {idea["id"]: idea for idea in new["ideas"]}
    ideas: dict[str, Any] = {}
    fresh, patch = [], []
    for idea in new["ideas"]:
        held = before.get(idea["id"])
        if held is None or held.keys() != idea.keys():
            fresh.append(idea)
        elif held != idea:
            moved = {key: value for key, value in idea.items() if held[key] != value}
            patch.append({"id": idea["id"], **moved})
    if fresh:
        ideas["set"] = fresh
    if patch:
        ideas["patch"] = patch
    gone = [idea_id for idea_id in before if idea_id not in after]
    if gone:
        ideas["gone"] = gone
    order = [idea["id"] for idea in new["ideas"]]
    if order != [idea_id for idea_id in before if idea_id in after] + [
        idea_id for idea_id in order if idea_id not in before
    ]:
        if _by_support(new["ideas"]):
            ideas["sort"] = "support"
        else:
            ideas["order"] = order
    if ideas:
        change["ideas"] = ideas
    return change


def _by_support(ideas: list[dict[str, Any]]) -> bool:
    """Whether these ideas, all with counts, stand in the board's order by support."""
    counted = all(type(i.get("dots")) is int and type(i.get("voters")) is int for i in ideas)
    return counted and ideas == sorted(ideas, key=by_support)


def apply(old: dict[str, Any], change: dict[str, Any], version: str) -> dict[str, Any] | None:
    """Snapshot `old` with `change` applied, at `version`; `old` is left as it was. None
    when the change does not fit `old` (its order names an idea it does not hold).

    Without an `order`, the ideas keep their old order and new ones follow it, which is
    what `between` leaves out.
    """
    new = {**old, **{key: change[key] for key in _WHOLE_KEYS if key in change}, "version": version}
    ideas = change.get("ideas")
    if ideas:
        by_id = {idea["id"]: idea for idea in old["ideas"]}
        for idea_id in ideas.get("gone", []):
            by_id.pop(idea_id, None)
        fresh = []
        for idea in ideas.get("set", []):
            if idea["id"] not in by_id:
                fresh.append(idea["id"])
            by_id[idea["id"]] = idea
        for fields in ideas.get("patch", []):
            held = by_id.get(fields["id"])
            if held is None:
                return None
            by_id[fields["id"]] = {**held, **fields}
        if ideas.get("sort") == "support":
            order = [idea["id"] for idea in sorted(by_id.values(), key=by_support)]
        else:
            order = ideas.get("order") or [i["id"] for i in old["ideas"] if i["id"] in by_id] + fresh
        if len(order) != len(by_id) or not all(idea_id in by_id for idea_id in order):
            return None
        new["ideas"] = [by_id[idea_id] for idea_id in order]
    return new
