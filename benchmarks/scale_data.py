"""A large, deterministic Samskab database for the dashboard scale benchmark, generated fast.

    python benchmarks/scale_data.py --engine both --scale 1.0

At scale 1.0: 20 processes, 400 workshops, 50 k participants, 100 k ideas, 1 M votes,
20 k volunteers, 1 M hour entries, 50 k staff time entries, initiatives with actors and
milestones, survey waves with answers, audit events, and the demo accounts
(so pages can sign in). The schema comes from the migrations (db.migrate); rows go in
with plain SQL: `executemany` in one transaction on SQLite, `COPY ... FROM STDIN` on
PostgreSQL. The same seed and scale give the same rows. A database generated earlier
with the same seed, scale and generator version is reused unless --fresh is given.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import bcrypt  # noqa: E402
import psycopg  # noqa: E402
from alembic.util.exc import CommandError  # noqa: E402

from db.migrate import ensure_migrated  # noqa: E402
from demo.seed import DEMO_ACCOUNTS  # noqa: E402
from services.surveys.instruments import all_instruments  # noqa: E402
from vocabulary import (  # noqa: E402
    ACTOR_KINDS,
    AGE_BANDS,
    CHECKLIST_ITEMS,
    INITIATIVE_STATUSES,
    STAFF_TIME_KINDS,
    STAKEHOLDER_GROUPS,
)

BENCH_DIR = Path("/tmp/bench")
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
PG_DATABASE = "samskab_bench"
GENERATOR_VERSION = 2  # bump when the shape of the data changes: old databases are regenerated
SEED = 20261123
# Everything is dated relative to this day, so the same seed gives the same rows on any day.
# The benchmark passes it to the services as `today` where they take one.
ANCHOR = date(2026, 11, 23)

GROUP_WEIGHTS = (34, 22, 12, 18, 3, 4, 7)  # STAKEHOLDER_GROUPS order
AREAS = ("Nord", "Syd", "Øst", "Vest", "Centrum", "Havnen", "Landsbyerne", "Skovbrynet")
STATUS_WEIGHTS = (10, 20, 35, 20, 10, 5)  # INITIATIVE_STATUSES order
WORDS = [
    "fællesspisning",
    "gåture",
    "kaffe",
    "besøg",
    "kørsel",
    "bænke",
    "sang",
    "have",
    "bibliotek",
    "café",
    "naboer",
    "transport",
    "strikkeklub",
    "motion",
    "musik",
    "madklub",
    "værksted",
    "læsning",
    "fortælling",
    "dans",
    "skak",
    "cykling",
]


def sqlite_path(scale: float) -> Path:
    return BENCH_DIR / f"samskab_scale_{scale:g}.db"


def pg_database(scale: float) -> str:
    """The full scale in `samskab_bench`, any other in a database of its own (a smoke run at
    0.01 must not drop the full one)."""
    return PG_DATABASE if scale == 1 else f"{PG_DATABASE}_{scale:g}".replace(".", "_")


def url_for(engine: str, scale: float) -> str:
    if engine == "sqlite":
        return f"sqlite:///{sqlite_path(scale)}"
    return f"{PG_SERVER}/{pg_database(scale)}"


def _meta_path(engine: str, scale: float) -> Path:
    name = f"samskab_scale_{scale:g}" if engine == "sqlite" else pg_database(scale)
    return BENCH_DIR / f"{name}.json"


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


@dataclass
class Table:
    name: str
    columns: tuple[str, ...]
    rows: list[tuple]


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def _hash(*parts: object) -> str:
    return hashlib.sha256("-".join(map(str, parts)).encode()).hexdigest()


def _at(day: date, rng: random.Random) -> datetime:
    return datetime(day.year, day.month, day.day, rng.randint(8, 20), rng.randint(0, 59), rng.randint(0, 59))


def generate(scale: float, seed: int = SEED) -> Iterator[Table]:
    """Every table's rows, parents before children, with explicit ids."""
    rng = random.Random(seed)
    n = lambda full, least=1: max(least, round(full * scale))  # noqa: E731
    today = ANCHOR
    t0 = datetime(2023, 11, 1, 9, 0)

    # --- staff ---------------------------------------------------------------------------
    hashed = bcrypt.hashpw(b"x", bcrypt.gensalt(4)).decode()
    users = [
        (
            i,
            username,
            name,
            None,
            bcrypt.hashpw(password.encode(), bcrypt.gensalt(4)).decode(),
            role,
            True,
            None,
            t0,
        )
        for i, (username, role, password, name) in enumerate(DEMO_ACCOUNTS, start=1)
    ]
    for i in range(len(users) + 1, 41):
        role = rng.choice(("facilitator", "leader", "facilitator", "admin"))
        users.append((i, f"staff{i}", f"Medarbejder {i}", None, hashed, role, True, None, t0))
    yield Table(
        "user",
        (
            "id",
            "username",
            "display_name",
            "email",
            "password_hash",
            "role",
            "active",
            "language",
            "created_at",
        ),
        users,
    )
    user_ids = [u[0] for u in users]

    # --- processes and workshops -----------------------------------------------------------
    processes, targets = [], []
    for p in range(1, 21):
        starts = today - timedelta(days=rng.randint(60, 1100))
        process_ends = starts + timedelta(days=rng.randint(120, 500))
        processes.append(
            (
                p,
                f"Proces {p}: {_words(rng, 3)}",
                _words(rng, 12),
                starts,
                process_ends,
                "",
                _hash("slug", seed, p)[:16],
                p % 3 == 0,
                t0,
            )
        )
        for g in rng.sample(STAKEHOLDER_GROUPS, rng.randint(2, 4)):
            targets.append((p, g))
    yield Table(
        "process",
        (
            "id",
            "title",
            "description",
            "starts_on",
            "ends_on",
            "catalogue_intro",
            "public_slug",
            "public_page_published",
            "created_at",
        ),
        processes,
    )
    yield Table("process_target_group", ("process_id", "stakeholder_group"), targets)

    n_workshops = n(400, 2)
    workshops = []
    themes: list[tuple[int, int, str, str, int]] = []
    workshop_process = {}
    for w in range(1, n_workshops + 1):
        process_row = processes[(w - 1) % len(processes)]
        day = process_row[3] + timedelta(days=rng.randint(0, 120))
        phase = "vote" if w % 50 == 0 else ("results" if w % 7 == 0 else "closed")
        at = _at(day, rng)
        workshops.append(
            (
                w,
                process_row[0],
                f"Værksted {w}: {_words(rng, 2)}",
                at,
                f"Sted {w % 30}",
                f"W{w:05d}",
                phase,
                50,
                3,
                True,
                True,
                True,
                None,
                at,
                at,
            )
        )
        workshop_process[w] = process_row[0]
        for k in range(4):
            themes.append((len(themes) + 1, w, _words(rng, 3), "", k))
    yield Table(
        "workshop",
        (
            "id",
            "process_id",
            "title",
            "starts_at",
            "place",
            "code",
            "phase",
            "dot_budget",
            "dots_per_idea",
            "anonymous_ideas",
            "comments_enabled",
            "hide_votes_until_reveal",
            "timer_ends_at",
            "phase_changed_at",
            "created_at",
        ),
        workshops,
    )
    yield Table("theme", ("id", "workshop_id", "title", "description", "position"), themes)
    workshop_at = {w[0]: w[3] for w in workshops}

    # --- participants, ideas, votes --------------------------------------------------------
    n_participants, n_ideas, n_votes = n(50_000, 10), n(100_000, 20), n(1_000_000, 100)
    participants_of: dict[int, list[int]] = {w: [] for w in workshop_at}
    part_rows = []
    for pid in range(1, n_participants + 1):
        w = rng.randint(1, n_workshops)
        participants_of[w].append(pid)
        group = rng.choices(STAKEHOLDER_GROUPS, GROUP_WEIGHTS)[0]
        age = rng.choice(AGE_BANDS) if rng.random() < 0.8 else None
        area = rng.choice(AREAS) if rng.random() < 0.85 else None
        first = (rng.random() < 0.35) if rng.random() < 0.9 else None
        part_rows.append(
            [pid, w, _hash("p", seed, pid), None, group, age, area, first, 0, False, workshop_at[w]]
        )

    ideas: dict[int, list[int]] = {w: [] for w in workshop_at}
    idea_rows: list[list[Any]] = []  # lists: merges are filled in below
    for iid in range(1, n_ideas + 1):
        w = rng.randint(1, n_workshops)
        authors = participants_of[w]
        author = rng.choice(authors) if authors else None
        r = rng.random()
        status = "withdrawn" if r < 0.01 else "active"
        hidden = 0.01 <= r < 0.02
        at = workshop_at[w] + timedelta(minutes=rng.randint(5, 90))
        idea_rows.append(
            [
                iid,
                w,
                (w - 1) * 4 + rng.randint(1, 4),
                author,
                None,
                _words(rng, 4),
                _words(rng, 15),
                status,
                hidden,
                "Krænkende" if hidden else "",
                3 if hidden else None,
                at if hidden else None,
                None,
                None,
                at,
                at,
            ]
        )
        ideas[w].append(iid)
    # ~2 % are merged into another idea of their workshop (merges are one level deep).
    merged = set()
    for members in ideas.values():
        if len(members) < 4:
            continue
        survivors = members[: max(1, len(members) // 10)]
        for iid in rng.sample(members[len(survivors) :], max(0, round(len(members) * 0.02))):
            idea_rows[iid - 1][12] = rng.choice(survivors)
            merged.add(iid)

    votes, vid = [], 0
    mean = n_votes / max(1, n_participants)
    for w, members in participants_of.items():
        votable = [i for i in ideas[w] if i not in merged]
        if not votable:
            continue
        for pid in members:
            k = min(len(votable), max(1, round(rng.uniform(0.5, 1.5) * mean)))
            spent = 0
            for iid in rng.sample(votable, k):
                dots = rng.choices((1, 2, 3), (60, 25, 15))[0]
                if spent + dots > 50:
                    break
                spent += dots
                vid += 1
                votes.append(
                    (vid, w, iid, pid, dots, workshop_at[w] + timedelta(minutes=rng.randint(60, 150)))
                )
            part_rows[pid - 1][8] = spent
    yield Table(
        "participant",
        (
            "id",
            "workshop_id",
            "token_hash",
            "display_name",
            "stakeholder_group",
            "age_band",
            "area",
            "first_time",
            "votes_used",
            "is_proxy",
            "joined_at",
        ),
        [tuple(r) for r in part_rows],
    )
    yield Table(
        "idea",
        (
            "id",
            "workshop_id",
            "theme_id",
            "participant_id",
            "entered_by_user_id",
            "title",
            "description",
            "status",
            "hidden",
            "hidden_reason",
            "hidden_by_user_id",
            "hidden_at",
            "merged_into_id",
            "cluster_id",
            "created_at",
            "updated_at",
        ),
        [tuple(r) for r in idea_rows],
    )
    yield Table("vote", ("id", "workshop_id", "idea_id", "participant_id", "dots", "updated_at"), votes)
    del part_rows, votes

    comments = [
        (c, rng.randint(1, n_ideas), None, None, _words(rng, 8), False, "", t0)
        for c in range(1, n(20_000) + 1)
    ]
    yield Table(
        "comment",
        (
            "id",
            "idea_id",
            "participant_id",
            "author_user_id",
            "body",
            "hidden",
            "hidden_reason",
            "created_at",
        ),
        comments,
    )

    # --- actors, catalogue, initiatives ------------------------------------------------------
    actors = [
        (a, f"Aktør {a} {_words(rng, 1)}", rng.choice(ACTOR_KINDS), _words(rng, 10), "", "", "", t0)
        for a in range(1, 301)
    ]
    yield Table(
        "actor",
        ("id", "name", "kind", "description", "contact_name", "contact_email", "contact_phone", "created_at"),
        actors,
    )
    activities = [
        (a, rng.randint(1, 300), _words(rng, 3), _words(rng, 8), "ældre", "", "tirsdage", a % 9 != 0, t0)
        for a in range(1, 601)
    ]
    yield Table(
        "activity",
        (
            "id",
            "actor_id",
            "title",
            "description",
            "target_group",
            "place",
            "schedule",
            "active",
            "created_at",
        ),
        activities,
    )

    ideas_of_process: dict[int, list[int]] = {}
    for row in idea_rows:
        if row[12] is None and row[7] == "active" and not row[8]:
            ideas_of_process.setdefault(workshop_process[row[1]], []).append(row[0])
    catalogue, seen = [], set()
    for c in range(1, n(2_000, 4) + 1):
        p = rng.randint(1, 20)
        idea_id = rng.choice(ideas_of_process[p]) if p in ideas_of_process and rng.random() < 0.9 else None
        if idea_id is not None and (p, idea_id) in seen:
            idea_id = None
        seen.add((p, idea_id))
        catalogue.append((c, p, idea_id, _words(rng, 4), _words(rng, 30), f"Afsnit {c % 6}", c, t0, t0))
    yield Table(
        "catalogue_entry",
        ("id", "process_id", "idea_id", "title", "body", "section", "position", "created_at", "updated_at"),
        catalogue,
    )

    initiatives = []
    i_actor: list[tuple[int, int, int, str, str]] = []
    milestones: list[tuple[int, int, str, date, bool, date | None]] = []
    timeline: list[tuple[int, int, date, str, str, None, None, datetime]] = []
    checklist: list[tuple[int, int, str, str, str, datetime]] = []
    i_idea, i_cat, i_act = [], [], []
    for i in range(1, n(1_000, 4) + 1):
        process_id = rng.randint(1, 20) if rng.random() < 0.9 else None
        status = rng.choices(INITIATIVE_STATUSES, STATUS_WEIGHTS)[0]
        progress = {"completed": 100, "proposed": 0}.get(status, rng.randint(5, 95))
        starts = today - timedelta(days=rng.randint(-30, 900))
        ends = starts + timedelta(days=rng.randint(60, 700)) if rng.random() < 0.8 else None
        initiatives.append(
            (
                i,
                process_id,
                f"Initiativ {i}: {_words(rng, 3)}",
                _words(rng, 25),
                "ældre",
                status,
                progress,
                False,
                starts,
                ends,
                rng.choice((None, 10_000, 50_000, 250_000)),
                rng.choice((None, 5, 10, 25)),
                t0,
                t0,
            )
        )
        for k, a in enumerate(rng.sample(range(1, 301), rng.randint(1, 4))):
            i_actor.append((len(i_actor) + 1, i, a, "lead" if k == 0 else "partner", _words(rng, 6)))
        for _ in range(rng.randint(2, 6)):
            due = starts + timedelta(days=rng.randint(10, 600))
            done = due < today and rng.random() < 0.7  # the rest of those are overdue
            milestones.append((len(milestones) + 1, i, _words(rng, 3), due, done, due if done else None))
        for _ in range(rng.randint(1, 4)):
            day = min(today, starts + timedelta(days=rng.randint(0, 400)))
            timeline.append((len(timeline) + 1, i, day, "event", _words(rng, 12), None, None, t0))
        for item in CHECKLIST_ITEMS:
            checklist.append(
                (len(checklist) + 1, i, item, rng.choice(("open", "done", "done", "not_relevant")), "", t0)
            )
        if process_id in ideas_of_process:
            pool = ideas_of_process[process_id]
            for iid in rng.sample(pool, min(len(pool), rng.randint(1, 3))):
                i_idea.append((i, iid))
        if rng.random() < 0.5:
            i_cat.append((i, rng.randint(1, len(catalogue))))
        for a in rng.sample(range(1, 601), rng.randint(0, 2)):
            i_act.append((i, a))
    yield Table(
        "initiative",
        (
            "id",
            "process_id",
            "title",
            "description",
            "target_group",
            "status",
            "progress",
            "progress_from_milestones",
            "starts_on",
            "ends_on",
            "budget",
            "expected_volunteers",
            "created_at",
            "updated_at",
        ),
        initiatives,
    )
    yield Table("initiative_actor", ("id", "initiative_id", "actor_id", "role", "responsibilities"), i_actor)
    yield Table("milestone", ("id", "initiative_id", "title", "due_on", "done", "done_on"), milestones)
    yield Table(
        "timeline_entry",
        ("id", "initiative_id", "happened_on", "kind", "text", "new_status", "author_user_id", "created_at"),
        timeline,
    )
    yield Table("checklist_item", ("id", "initiative_id", "item", "status", "note", "updated_at"), checklist)
    yield Table("initiative_idea", ("initiative_id", "idea_id"), i_idea)
    yield Table("initiative_catalogue_entry", ("initiative_id", "catalogue_entry_id"), sorted(set(i_cat)))
    yield Table("initiative_activity", ("initiative_id", "activity_id"), i_act)
    n_initiatives = len(initiatives)

    # --- volunteers, hours, staff time -----------------------------------------------------
    volunteers = []
    for v in range(1, n(20_000, 10) + 1):
        starts = today - timedelta(days=rng.randint(-20, 1800))
        ends = starts + timedelta(days=rng.randint(30, 1200)) if rng.random() < 0.3 else None
        anonymised = rng.random() < 0.02
        volunteers.append(
            (
                v,
                "Anonym" if anonymised else f"Frivillig {v}",
                "" if anonymised else f"f{v}@example.org",
                rng.randint(1, 300) if rng.random() < 0.8 else None,
                starts,
                ends,
                _words(rng, 3),
                starts,
                anonymised,
                t0,
            )
        )
    yield Table(
        "volunteer",
        (
            "id",
            "name",
            "contact",
            "actor_id",
            "starts_on",
            "ends_on",
            "skills",
            "consent_on",
            "anonymised",
            "created_at",
        ),
        volunteers,
    )

    first_day, span = today - timedelta(days=3 * 365), 3 * 365
    hours = []
    for h in range(1, n(1_000_000, 100) + 1):
        day = first_day + timedelta(days=rng.randint(0, span))
        # On an initiative, else on an existing activity, else on a process or nothing.
        initiative = rng.randint(1, n_initiatives) if rng.random() < 0.65 else None
        activity = rng.randint(1, 600) if initiative is None and rng.random() < 0.7 else None
        process = (
            rng.randint(1, 20) if initiative is None and activity is None and rng.random() < 0.5 else None
        )
        if rng.random() < 0.88:
            volunteer, people, minutes = (
                rng.randint(1, len(volunteers)),
                1,
                rng.choice((30, 60, 90, 120, 180, 240)),
            )
        else:
            volunteer, people = None, rng.randint(2, 12)
            minutes = people * rng.choice((60, 120, 180))
        hours.append((h, volunteer, day, minutes, people, process, initiative, activity, "", None, 3, t0))
    yield Table(
        "hours_entry",
        (
            "id",
            "volunteer_id",
            "worked_on",
            "minutes",
            "volunteers",
            "process_id",
            "initiative_id",
            "activity_id",
            "note",
            "import_key",
            "entered_by_user_id",
            "created_at",
        ),
        hours,
    )
    del hours

    staff = []
    for s in range(1, n(50_000, 10) + 1):
        initiative = rng.randint(1, n_initiatives) if rng.random() < 0.6 else None
        activity = rng.randint(1, 600) if initiative is None and rng.random() < 0.4 else None
        staff.append(
            (
                s,
                rng.choice(user_ids),
                "",
                first_day + timedelta(days=rng.randint(0, span)),
                rng.choice((15, 30, 45, 60, 90, 120, 240)),
                rng.choice(STAFF_TIME_KINDS),
                rng.randint(1, 20) if initiative is None and activity is None else None,
                initiative,
                activity,
                "",
                t0,
            )
        )
    yield Table(
        "staff_time_entry",
        (
            "id",
            "user_id",
            "staff_name",
            "worked_on",
            "minutes",
            "kind",
            "process_id",
            "initiative_id",
            "activity_id",
            "note",
            "created_at",
        ),
        staff,
    )

    # --- surveys ------------------------------------------------------------------------------
    waves: list[tuple[int, str, str, int, str, date, date, None, int, datetime]] = []
    responses: list[tuple[int, int, str, date]] = []
    answers = []
    for key, instrument in sorted(all_instruments().items()):
        points = instrument.points
        items = sorted(instrument.item_keys)
        for k in range(2):
            wid = len(waves) + 1
            opens = today - timedelta(days=400 - 200 * k)
            waves.append(
                (
                    wid,
                    key,
                    f"{key} {k + 1}",
                    rng.randint(1, 20),
                    _hash("wave", seed, wid)[:24],
                    opens,
                    opens + timedelta(days=30),
                    None,
                    1,
                    t0,
                )
            )
            for _ in range(n(600, 5)):
                rid = len(responses) + 1
                responses.append(
                    (rid, wid, _hash("r", seed, rid), opens + timedelta(days=rng.randint(0, 30)))
                )
                lean = rng.random()
                for item in items:
                    if rng.random() < 0.95:
                        value = points[
                            min(len(points) - 1, int(rng.triangular(0, len(points), lean * len(points))))
                        ]
                        answers.append((rid, item, value))
    yield Table(
        "survey_wave",
        (
            "id",
            "instrument_key",
            "title",
            "process_id",
            "link_token",
            "opens_on",
            "closes_on",
            "closed_at",
            "created_by_user_id",
            "created_at",
        ),
        waves,
    )
    yield Table("survey_response", ("id", "wave_id", "respondent_hash", "submitted_on"), responses)
    yield Table("survey_answer", ("response_id", "item_key", "value"), answers)

    audit = [
        (
            a,
            t0 + timedelta(minutes=a * 37),
            rng.choice(user_ids),
            rng.choice(("initiative.update", "hours.add", "volunteer.create", "workshop.phase")),
            "initiative",
            rng.randint(1, n_initiatives),
            "",
        )
        for a in range(1, n(20_000, 10) + 1)
    ]
    yield Table("audit_event", ("id", "at", "user_id", "action", "entity", "entity_id", "detail"), audit)


# --- writers ------------------------------------------------------------------------------


def _sqlite_value(value: object) -> object:
    # SQLAlchemy's own SQLite storage formats, so the app reads the rows back as dates.
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _write_sqlite(path: Path, tables: Iterable[Table]) -> dict[str, int]:
    conn = sqlite3.connect(path, isolation_level=None)
    # Generation only: the file is thrown away if this crashes halfway.
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("PRAGMA cache_size=-1000000")
    counts = {}
    conn.execute("BEGIN")
    for table in tables:
        marks = ", ".join("?" * len(table.columns))
        sql = f'INSERT INTO "{table.name}" ({", ".join(table.columns)}) VALUES ({marks})'
        needs = [i for i, v in enumerate(table.rows[0]) if isinstance(v, date)] if table.rows else []
        rows: Iterable[tuple[Any, ...]] = table.rows
        if needs:
            rows = (tuple(_sqlite_value(v) for v in row) for row in table.rows)
        conn.executemany(sql, rows)
        counts[table.name] = len(table.rows)
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("ANALYZE")
    conn.close()
    return counts


def _write_postgresql(url: str, tables: Iterable[Table]) -> dict[str, int]:
    counts = {}
    with psycopg.connect(_libpq(url)) as conn:
        # Generation only: the rows are consistent by construction, so skip the FK triggers.
        conn.execute("SET session_replication_role = replica")
        with conn.cursor() as cur:
            for table in tables:
                with cur.copy(f'COPY "{table.name}" ({", ".join(table.columns)}) FROM STDIN') as copy:
                    for row in table.rows:
                        copy.write_row(row)
                counts[table.name] = len(table.rows)
                if "id" in table.columns and table.rows:
                    cur.execute(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), %s)",
                        (len(table.rows),),
                    )
        conn.commit()
    with psycopg.connect(_libpq(url), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return counts


def _count_kept(url: str) -> None:
    """The kept counts of dots and volunteer time per month (migrations 0012 and 0014 fill
    them, but the rows came after them), then fresh statistics for their tables."""
    from sqlalchemy.orm import Session

    from db.session import make_engine
    from services.volunteering import hours_kept
    from services.workshop.counts import recount_all

    engine = make_engine(url, pooled=False)
    with Session(engine) as session:
        recount_all(session)
        hours_kept.recount_all(session)
        session.commit()
    engine.dispose()
    _analyze("sqlite" if url.startswith("sqlite") else "postgresql", url)


def _revision(url: str) -> str | None:
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    else:
        with psycopg.connect(_libpq(url)) as conn:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def _analyze(engine: str, url: str) -> None:
    if engine == "sqlite":
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        conn.execute("ANALYZE")
        conn.close()
    else:
        with psycopg.connect(_libpq(url), autocommit=True) as pg:
            pg.execute("ANALYZE")


def _pg_admin() -> psycopg.Connection:
    return psycopg.connect(_libpq(f"{PG_SERVER}/postgres"), autocommit=True)


def _exists(engine: str, scale: float) -> bool:
    if engine == "sqlite":
        return sqlite_path(scale).exists()
    with _pg_admin() as conn:
        return (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (pg_database(scale),)).fetchone()
            is not None
        )


def _size(engine: str, scale: float) -> int:
    if engine == "sqlite":
        return sqlite_path(scale).stat().st_size
    with _pg_admin() as conn:
        row = conn.execute("SELECT pg_database_size(%s)", (pg_database(scale),)).fetchone()
        if row is None:  # a SELECT of one value returns one row
            raise RuntimeError("pg_database_size returned no row")
        return row[0]


def drop(engine: str, scale: float) -> None:
    """Delete the generated database and the copies made from it (dashboard_scale --indexes-since)."""
    if engine == "sqlite":
        path = sqlite_path(scale)
        for copy in (path, *path.parent.glob(f"{path.stem}_at_*.db")):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{copy}{suffix}").unlink(missing_ok=True)
    else:
        with _pg_admin() as conn:
            names = [pg_database(scale)] + [
                name
                for (name,) in conn.execute(
                    "SELECT datname FROM pg_database WHERE datname LIKE %s", (f"{pg_database(scale)}_at_%",)
                )
            ]
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _meta_path(engine, scale).unlink(missing_ok=True)


def ensure_database(engine: str, scale: float, *, fresh: bool = False, quiet: bool = False) -> str:
    """The URL of a generated database for `engine` and `scale`, generating it if needed."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    url = url_for(engine, scale)
    meta_file = _meta_path(engine, scale)
    wanted = {"scale": scale, "seed": SEED, "version": GENERATOR_VERSION}
    if not fresh and meta_file.exists() and _exists(engine, scale):
        meta = json.loads(meta_file.read_text())
        if {k: meta.get(k) for k in wanted} == wanted:
            before = _revision(url)
            try:
                ensure_migrated(url)  # a newer migration (indexes, kept rows) applies to the kept database
            except CommandError as stale:
                # Generated by a checkout whose migrations this one does not have (another
                # branch's 0014, say): its schema cannot be brought here, so generate anew.
                if not quiet:
                    print(f"{engine}: {url} is at a revision unknown here ({stale}); generating anew")
            else:
                if _revision(url) != before:
                    _analyze(engine, url)  # statistics for the new indexes, as after generation
                if not quiet:
                    print(f"{engine}: reusing {url} (generated in {meta['seconds']:.0f} s)")
                return url
    drop(engine, scale)
    if engine == "postgresql":
        with _pg_admin() as conn:
            conn.execute(f'CREATE DATABASE "{pg_database(scale)}"')
    started = time.perf_counter()
    ensure_migrated(url)
    tables = generate(scale)
    counts = (
        _write_sqlite(sqlite_path(scale), tables) if engine == "sqlite" else _write_postgresql(url, tables)
    )
    _count_kept(url)
    seconds = time.perf_counter() - started
    size = _size(engine, scale)
    meta_file.write_text(json.dumps(wanted | {"seconds": seconds, "bytes": size, "rows": counts}))
    if not quiet:
        big = ", ".join(f"{k} {v:,}" for k, v in counts.items() if v >= 10_000)
        print(f"{engine}: generated in {seconds:.1f} s, {size / 2**20:,.0f} MiB ({big})")
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="sqlite")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="fraction of the full size (1.0 = 1 M votes)"
    )
    parser.add_argument("--fresh", action="store_true", help="regenerate even if a matching database exists")
    parser.add_argument("--drop", action="store_true", help="delete the generated database and stop")
    args = parser.parse_args()
    for engine in ("sqlite", "postgresql") if args.engine == "both" else (args.engine,):
        if args.drop:
            drop(engine, args.scale)
            print(f"{engine}: dropped")
        else:
            ensure_database(engine, args.scale, fresh=args.fresh)


if __name__ == "__main__":
    main()
