"""What a workshop board shows: the shared snapshot tablets poll, the versions that say when
to re-read, the room's figures and the ranked results (each participant's own state is in
services/workshop/own_state.py).

Hidden votes are hidden here, on the server: until the reveal, a snapshot carries no
counts and its version ignores the votes channel, so a tablet cannot even tell that
votes moved.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from db.models import Cluster, Comment, Idea, OpenSpace, Participant, Theme, Workshop
from db.models.matrix import Matrix
from services.common.text import plain
from services.workshop.open_space.view import origins_in_workshop
from services.workshop.tally import support
from services.workshop.workshops import get_workshop
from vocabulary import STAKEHOLDER_GROUPS

REVEALED_PHASES = ("results", "closed")


def votes_visible(workshop: Workshop) -> bool:
    return not workshop.hide_votes_until_reveal or workshop.phase in REVEALED_PHASES


def version_for_code(session: Session, code: str) -> tuple[int, str] | None:
    """(workshop id, version) for a join code, in one index seek; None if unknown.

    The version is "<board>.<votes>", the workshop's two counters (see
    services.workshop.workshops.touch_board); the votes part stays 0 while votes are hidden.
    """
    found = board_state_for_code(session, code)
    return None if found is None else (found[0], found[1])


def board_state_for_code(session: Session, code: str) -> tuple[int, str, bool] | None:
    """(workshop id, version, closed) for a join code; None if unknown.

    A closed workshop's board shows only to its own participants (api/board.py).
    """
    row = session.execute(
        select(
            Workshop.id,
            Workshop.phase,
            Workshop.hide_votes_until_reveal,
            Workshop.board_version,
            Workshop.votes_version,
        ).where(Workshop.code == plain(code))
    ).first()
    if row is None:
        return None
    workshop_id, phase, hide, board, votes = row
    shown = not hide or phase in REVEALED_PHASES
    return workshop_id, f"{board}.{votes if shown else 0}", phase == "closed"


def page_facts(session: Session, workshop_id: int) -> dict[str, Any]:
    """What changes the Streamlit sections around the participant's board: the close (the
    outcomes link, a read-only marketplace), the open matrix (its sliders) and whether Open
    Space is on (the marketplace). Nothing reruns that page after it is drawn, so the board
    compares these, in each snapshot, with the ones the page was drawn with and asks for one
    run when they differ (components/board/board.js). Every change of one of them moves the
    board's version. The close, not the phase: the other phases change only the board itself,
    and each fact that changes costs every tablet of the room one run of its page.
    """
    workshop = get_workshop(session, workshop_id)
    matrix_id, switched_on = session.execute(_FACTS, {"workshop_id": workshop.id}).one()
    return {"closed": workshop.phase == "closed", "matrix_id": matrix_id, "open_space": bool(switched_on)}


# The open matrix (a workshop has one open at a time) and Open Space's switch, in
# one statement: the page reads them at every run, the watcher with every snapshot.
_FACTS = select(
    select(Matrix.id)
    .where(Matrix.workshop_id == bindparam("workshop_id"), Matrix.is_open.is_(True))
    .limit(1)
    .scalar_subquery(),
    select(OpenSpace.switched_on).where(OpenSpace.workshop_id == bindparam("workshop_id")).scalar_subquery(),
)


def snapshot(session: Session, workshop_id: int) -> dict[str, Any]:
    """Everything every tablet of a workshop may see, as plain JSON-ready data."""
    w = get_workshop(session, workshop_id)
    show_votes = votes_visible(w)
    # Plain columns, not ORM objects: this runs once per board change for a whole room,
    # and building hundreds of mapped instances was most of its cost.
    rows = session.execute(
        select(
            Idea.id,
            Idea.theme_id,
            Idea.cluster_id,
            Idea.title,
            Idea.description,
            Idea.entered_by_user_id,
            Idea.merged_into_id,
            Participant.display_name,
        )
        .outerjoin(Participant, Participant.id == Idea.participant_id)
        .where(Idea.workshop_id == w.id, Idea.status == "active", Idea.hidden.is_(False))
        .order_by(Idea.created_at.desc(), Idea.id.desc())
    ).all()
    anonymous = w.anonymous_ideas
    comments: dict[int, list[dict]] = {}
    for comment_id, idea_id, body, author in session.execute(
        select(Comment.id, Comment.idea_id, Comment.body, Participant.display_name)
        .outerjoin(Participant, Participant.id == Comment.participant_id)
        .join(Idea, Idea.id == Comment.idea_id)
        .where(Idea.workshop_id == w.id, Comment.hidden.is_(False))
        .order_by(Comment.created_at, Comment.id)
    ):
        comments.setdefault(idea_id, []).append(
            {"id": comment_id, "body": body, "author": None if anonymous else author}
        )
    # Rows unpacked as tuples: a room's board is built again for each new version, and at
    # 1,400 ideas reading the rows' fields by name was a fifth of the build.
    survivors = {idea_id for idea_id, _, _, _, _, _, merged_into, _ in rows if merged_into is None}
    members: dict[int, list[tuple[int, str]]] = {}  # survivor -> (id, title) of each idea merged into it
    for idea_id, _, _, title, _, _, merged_into, _ in rows:
        if merged_into in survivors:
            members.setdefault(merged_into, []).append((idea_id, title))
    tally = support(session, workshop_ids=[w.id]) if show_votes else {}
    came_from = origins_in_workshop(session, w.id)  # ideas from an Open Space session's report
    ideas: list[dict[str, Any]] = []
    # Tuples, not lists, inside each idea: a process keeps a room's last 64 snapshots, and
    # every full garbage collection walked each idea and its lists while every request
    # waited (docs/performance.md). An idea of plain values and tuples drops out of that
    # walk after a full collection; one with comments keeps their dicts and stays. At 2,000
    # ideas, a comment on every fourth, a snapshot kept 2,500 objects in the walk, not 8,000.
    for idea_id, theme_id, cluster_id, title, description, entered_by, _, name in rows:
        if idea_id not in survivors:
            continue
        merged = members.get(idea_id, ())
        counted = tally.get(idea_id)
        said = comments.get(idea_id, [])
        for member_id, _ in merged:
            said = said + comments.get(member_id, [])
        ideas.append(
            {
                "id": idea_id,
                "theme_id": theme_id,
                "cluster_id": cluster_id,
                "title": title,
                "description": description,
                "author": None if anonymous else name,
                "by_facilitator": entered_by is not None,
                "from_session": came_from.get(idea_id),
                "members": tuple(member_id for member_id, _ in merged),
                "merged_titles": tuple(member_title for _, member_title in merged),
                "comments": tuple(said),
                "dots": (counted.dots if counted else 0) if show_votes else None,
                "voters": (counted.voters if counted else 0) if show_votes else None,
                # Support by stakeholder group, part of the reveal.
                "by_group": (dict(counted.dots_by_group) if counted else {}) if show_votes else None,
            }
        )
    if show_votes:
        ideas.sort(key=by_support)
    participants = session.scalar(
        select(func.count()).select_from(Participant).where(Participant.workshop_id == w.id)
    )
    return {
        "workshop": {
            "code": w.code,
            "title": w.title,
            "phase": w.phase,
            "dot_budget": w.dot_budget,
            "dots_per_idea": w.dots_per_idea,
            "anonymous": w.anonymous_ideas,
            "comments": w.comments_enabled,
            "votes_visible": show_votes,
            "timer_ends_at": w.timer_ends_at.isoformat() + "Z" if w.timer_ends_at else None,
            **page_facts(session, w.id),
        },
        "themes": [{"id": t.id, "title": t.title, "description": t.description} for t in w.themes],
        "clusters": [
            {"id": c.id, "name": c.name}
            for c in session.scalars(
                select(Cluster).where(Cluster.workshop_id == w.id).order_by(Cluster.position, Cluster.id)
            )
        ],
        "ideas": ideas,
        "participants": participants,
    }


def by_support(idea: dict[str, Any]) -> tuple[int, int, int]:
    """Where an idea stands on a board whose votes show: most dots first, then most voters,
    then the oldest. A pushed change says "sorted by support" rather than sending every id
    (api/board_delta.py; components/board/delta.js sorts the same way)."""
    return -idea["dots"], -idea["voters"], idea["id"]


class SnapshotCache:
    """Snapshots by (database, workshop, version), shared by every tablet of the process.

    When a board changes, hundreds of tablets ask for the new version within a second;
    one of them builds it, the others wait for that one and reuse it.
    """

    def __init__(self, size: int = 64) -> None:
        self._entries: OrderedDict[tuple, dict[str, Any]] = OrderedDict()
        self._locks: dict[tuple, threading.Lock] = {}
        self._guard = threading.Lock()
        self._size = size

    def get(self, key: tuple, build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        with self._guard:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            with self._guard:
                if key in self._entries:
                    return self._entries[key]
            value = build()
            with self._guard:
                self._entries[key] = value
                self._locks.pop(key, None)
                while len(self._entries) > self._size:
                    self._entries.popitem(last=False)
            return value

    def clear(self) -> None:
        """Forget every snapshot: after a database's ids were restarted (a restore, a test)."""
        with self._guard:
            self._entries.clear()


snapshots = SnapshotCache()


def cached_snapshot(
    session: Session, code: str, found: tuple[int, str] | None = None
) -> dict[str, Any] | None:
    """The current snapshot of the workshop with this code, built at most once per version.

    `found` is the (workshop id, version) if the caller already looked it up.
    """
    found = found or version_for_code(session, code)
    if found is None:
        return None
    workshop_id, version = found
    # Ids and versions only mean something within one database.
    database = session.get_bind().engine.url.render_as_string(hide_password=True)
    data = snapshots.get((database, workshop_id, version), lambda: snapshot(session, workshop_id))
    return {"version": version, **data}


# --- the room and the results, for the console and the projector -------------------------


@dataclass(frozen=True)
class RoomFigures:
    participants: int
    by_group: dict[str, int]
    ideas: int
    dots_used: int
    dots_available: int

    @property
    def groups_present(self) -> list[str]:
        """The stakeholder groups in the room, in the vocabulary's order."""
        return [g for g in STAKEHOLDER_GROUPS if self.by_group.get(g)]

    @property
    def groups_missing(self) -> list[str]:
        """The stakeholder groups nobody in the room speaks for yet: whom to go and fetch."""
        return [g for g in STAKEHOLDER_GROUPS if not self.by_group.get(g)]


def room_figures(session: Session, workshop_id: int) -> RoomFigures:
    w = get_workshop(session, workshop_id)
    by_group = dict(
        session.execute(
            select(Participant.stakeholder_group, func.count())
            .where(Participant.workshop_id == w.id)
            .group_by(Participant.stakeholder_group)
        ).all()
    )
    ideas = session.scalar(
        select(func.count())
        .select_from(Idea)
        .where(
            Idea.workshop_id == w.id,
            Idea.status == "active",
            Idea.hidden.is_(False),
            Idea.merged_into_id.is_(None),
        )
    )
    used = session.scalar(
        select(func.coalesce(func.sum(Participant.votes_used), 0)).where(Participant.workshop_id == w.id)
    )
    participants = sum(by_group.values())
    return RoomFigures(participants, by_group, ideas or 0, int(used or 0), participants * w.dot_budget)


@dataclass
class RankedIdea:
    id: int
    title: str
    description: str
    theme: str
    cluster: str
    dots: int
    voters: int
    dots_by_group: dict[str, int] = field(default_factory=dict)
    voters_by_group: dict[str, int] = field(default_factory=dict)
    merged: int = 0


def results(session: Session, workshop_id: int) -> list[RankedIdea]:
    """Every visible surviving idea, most dots first, with its support by stakeholder group."""
    tally = support(session, workshop_ids=[workshop_id])
    merged_counts = dict(
        session.execute(
            select(Idea.merged_into_id, func.count())
            .where(Idea.workshop_id == workshop_id, Idea.merged_into_id.is_not(None), Idea.hidden.is_(False))
            .group_by(Idea.merged_into_id)
        ).all()
    )
    rows = session.execute(
        select(Idea, Theme.title, Cluster.name)
        .outerjoin(Theme, Theme.id == Idea.theme_id)
        .outerjoin(Cluster, Cluster.id == Idea.cluster_id)
        .where(
            Idea.workshop_id == workshop_id,
            Idea.status == "active",
            Idea.hidden.is_(False),
            Idea.merged_into_id.is_(None),
        )
    ).all()
    ranked = []
    for idea, theme, cluster in rows:
        counted = tally.get(idea.id)
        ranked.append(
            RankedIdea(
                id=idea.id,
                title=idea.title,
                description=idea.description,
                theme=theme or "",
                cluster=cluster or "",
                dots=counted.dots if counted else 0,
                voters=counted.voters if counted else 0,
                dots_by_group=dict(counted.dots_by_group) if counted else {},
                voters_by_group=dict(counted.voters_by_group) if counted else {},
                merged=merged_counts.get(idea.id, 0),
            )
        )
    return sorted(ranked, key=lambda r: (-r.dots, -r.voters, r.id))


def voted(ranked: Iterable[RankedIdea]) -> list[RankedIdea]:
    """The results proper: the ideas that got at least one dot, still in rank order."""
    return [r for r in ranked if r.dots]


def supporting_groups(ranked: Iterable[RankedIdea]) -> list[str]:
    """The stakeholder groups that gave any of these ideas a dot, in the vocabulary's order."""
    ranked = list(ranked)
    return [g for g in STAKEHOLDER_GROUPS if any(r.dots_by_group.get(g) for r in ranked)]
