"""The live-workshop benchmark's report: each kind's latencies against the clean baseline,
the run as a whole and window by window, so a burst (the joins, the vote opening) shows
where the whole run's percentiles would hide it."""

from __future__ import annotations

from benchmarks.board_follow import Stats
from benchmarks.stclient import percentile

BASELINE_KIND = "click"  # the hello page's bare rerun
TARGET_RATIO = 3.0
WINDOW_SECONDS = 30.0


def ms(values: list[float], p: float) -> str:
    return f"{percentile(values, p) * 1000:.0f}" if values else "-"


KINDS = ("open join page", "join", "similar", "add", "comment", "dot", "version", "snapshot", "me")


def report(n: int, votes: str, base: Stats, load: Stats, seconds: float) -> bool:
    """Print one run's figures; True if it met every target."""
    clicks = base.latencies[BASELINE_KIND]
    base95 = percentile(clicks, 95) if clicks else float("nan")
    (before, after) = load.load
    averages = " before, ".join("/".join(f"{x:.2f}" for x in la) for la in (before, after))
    print(f"\n=== N = {n} tablets, votes {votes}, {seconds:.0f} s; load average {averages} after")
    print(f"{'kind':<26}{'n':>7}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'p50/base':>10}{'p95/base':>10}"
          f"{'route p50/p95 ms':>18}")  # fmt: skip
    print(f"{'baseline: bare rerun':<26}{len(clicks):>7}"
          f"{ms(clicks, 50):>8}{ms(clicks, 95):>8}{ms(clicks, 99):>8}")  # fmt: skip
    met = True
    for kind in [k for k in KINDS if k in load.latencies] + sorted(set(load.latencies) - set(KINDS)):
        vals = load.latencies[kind]
        r50, r95 = percentile(vals, 50) / base95, percentile(vals, 95) / base95
        over = r95 > TARGET_RATIO
        met = met and not over
        own = load.server.get(kind, [])
        route = f"{ms(own, 50)}/{ms(own, 95)}" if own else "-"
        ratios = f"{r50:>9.2f}x{r95:>9.2f}x".replace("nanx", "   -")
        print(f"{kind:<26}{len(vals):>7}{ms(vals, 50):>8}{ms(vals, 95):>8}{ms(vals, 99):>8}"
              f"{ratios}{route:>18}{'  over 3x' if over else ''}")  # fmt: skip
    seen = load.seen
    print(f"propagation (tap -> other tablet holds it): n={len(seen)} p50 {ms(seen, 50)} ms, "
          f"p95 {ms(seen, 95)} ms, max {ms(seen, 100)} ms; never seen: {load.missed}")  # fmt: skip
    print(f"push messages heard {load.pushed}, changes applied from them {load.applied}, "
          f"push streams failed {load.push_failures}; "
          f"whole polls n={len(load.polls)} p95 {ms(load.polls, 95)} ms")  # fmt: skip
    follow = {k: len(load.latencies.get(k, [])) for k in ("version", "snapshot", "me")}
    per_push = sum(follow.values()) / load.pushed if load.pushed else float("nan")
    print(f"board requests: version {follow['version']}, snapshot {follow['snapshot']}, me {follow['me']}: "
          f"{per_push:.2f} per push message heard")  # fmt: skip
    ideas = load.ideas_per_tablet
    comments = len(load.latencies.get("comment", []))
    print(f"ideas {sum(ideas)} ({min(ideas, default=0)}-{max(ideas, default=0)} per tablet, "
          f"{sum(1 for i in ideas if not i)} tablets without one), comments {comments}")  # fmt: skip
    server_cores, client_cores = load.cpu_seconds / seconds, load.client_cpu / seconds
    print(f"server: peak RSS {load.rss_peak_kb / 1024:.0f} MB, CPU {load.cpu_seconds:.0f} s = "
          f"{server_cores:.2f} cores on average, "
          f"{server_cores / n * 1000:.2f} ms of CPU per tablet per second; "
          f"client: CPU {load.client_cpu:.1f} s = {client_cores:.2f} cores; baseline server peak RSS "
          f"{base.rss_peak_kb / 1024:.0f} MB")  # fmt: skip
    lag = load.client_lag
    print(f"client event loop late by p50 {ms(lag, 50)} ms, p95 {ms(lag, 95)} ms, max {ms(lag, 100)} ms "
          f"(its own share of every latency above)")  # fmt: skip
    print(f"server's garbage collections: {collected(load.collections, seconds)}")
    print(f"baseline server's: {collected(base.collections)}")
    by_window(load)
    print(f"refused because the phase had just moved on: {load.late}")
    print(f"errors: {len(load.errors)}" + "".join(f"\n  {e}" for e in load.errors[:10]))
    prop95 = percentile(seen, 95) if seen else float("inf")
    return met and not load.errors and load.rss_peak_kb <= 1024 * 1024 and prop95 <= 1.0


def by_window(load: Stats) -> None:
    """Each kind's p95 (ms) among the requests answered in each window of the run."""
    kinds = [k for k in KINDS if load.answered.get(k)]
    if not kinds or not load.started_at:
        return
    last = max(max(load.answered[k]) for k in kinds)
    windows = int((last - load.started_at) // WINDOW_SECONDS) + 1
    vote = (load.moved_at - load.started_at) // WINDOW_SECONDS if load.moved_at < last else None
    print(f"p95 ms by {WINDOW_SECONDS:.0f} s window of the run (answered in it; * the vote opened in it):")
    print(f"{'window':<10}" + "".join(f"{k[:10]:>11}" for k in kinds))
    by_kind: dict[str, list[list[float]]] = {kind: [[] for _ in range(windows)] for kind in kinds}
    for kind in kinds:
        for latency, at in zip(load.latencies[kind], load.answered[kind], strict=True):
            by_kind[kind][int((at - load.started_at) // WINDOW_SECONDS)].append(latency)
    for w in range(windows):
        mark = "*" if w == vote else " "
        span = f"{w * WINDOW_SECONDS:.0f}-{(w + 1) * WINDOW_SECONDS:.0f} s"
        print(f"{span:<9}{mark}" + "".join(f"{ms(by_kind[kind][w], 95):>11}" for kind in kinds))


def collected(collections: dict[str, list[float]], seconds: float | None = None) -> str:
    """The collections of one server, full ones first: how many, how long, the longest, and
    the share of the run's `seconds` the process stood still for them."""
    if not collections:
        return "-"
    parts = []
    for generation, name in (("2", "full"), ("1", "middle"), ("0", "young")):
        n, spent, longest = collections.get(generation, (0, 0.0, 0.0))
        share = f", {spent / seconds:.1%} of the run" if seconds else ""
        parts.append(f"{name} {n:.0f} ({spent * 1000:.0f} ms{share}; longest {longest * 1000:.0f} ms)")
    return "; ".join(parts)
