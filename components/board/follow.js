// Following the room for the board (board.js): the push, the poll that stands in for it,
// and the participant's own state. The server says each new version as it happens, with
// what changed (applied by delta.js); polling a cheap version route is the fallback, and
// the snapshot is fetched only when no change it could apply came. A change that comes
// while the board does not hold the version it starts from (most often: it is fetching a
// snapshot) is kept, and applied once the board holds that version, so the changes that
// arrive during a fetch do not each cost another one. benchmarks/board_follow.py does the
// same on the wire, for the load benchmark: a change here is made there too.

// While voting without the push, the participant's own dots are asked for every this many
// ticks, so a dot given from their other device shows here too (hidden votes move no board
// version); the push says when their count of dots spent moved.
const ME_EVERY_TICKS = 2;
// While the push route is telling this board of every new version (api/board_push.py),
// the timer still polls once in this many ticks, in case a message was lost on the way;
// the participant's own state is asked for then too (an idea from their other device).
const POLL_EVERY_TICKS_PUSHED = 20;
// After the tablet's own write, how long the board waits for the push to bring the change
// before it fetches the version the write's reply named.
const CATCH_UP_MS = 1500;
// Pushed changes kept until the board holds the version they start from. The server
// sends a chain of at most 16 (api/board_changes.py); a board further behind fetches.
const KEEP_CHANGES = 16;

// Versions are "<board>.<votes>", two counters that only grow. A board may hold a newer
// one than the routes show: the page's own run reads the counters as they are, the routes
// show a votes change at most once a second (api/board.py).
function newer(version, than) {
  const [board, votes] = version.split(".").map(Number);
  const [board0, votes0] = than.split(".").map(Number);
  return board > board0 || (board === board0 && votes > votes0);
}

// The board (board.js) lends what drawing needs: adopt(snapshot), render() and setMe(me).
function createFollower(state, { adopt, render, setMe }) {
  // --- push, with polling as the fallback ----------------------------------------------
  // The server says each new version as it happens (Server-Sent Events, read with fetch so
  // the token goes in a header). Until the first message arrives, and whenever the response
  // fails or ends, the timer polls every tick; a push that keeps failing is tried again
  // later and later (a proxy that buffers, a network that cuts held responses).
  async function listen() {
    state.pushRetry = null;
    if (state.push || !state.data) return;
    const stop = new AbortController();
    const push = state.push = { stop, heard: false };
    try {
      const reply = await fetch(`${state.data.api}/events`, { ...asking(), signal: stop.signal });
      if (!reply.ok || !reply.body) throw new Error(String(reply.status));
      const reader = reply.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const line = block.split("\n").find((l) => l.startsWith("data:"));
          if (line) heard(push, JSON.parse(line.slice(5)));
        }
      }
    } catch (err) {
      // Aborted by pause(), or the push failed: polling carries on either way.
    } finally {
      if (state.push === push) state.push = null;
      // Aborted by pause(): not a failure, and the next update listens again.
      if (!stop.signal.aborted && state.poller) {
        state.pushFailures = push.heard ? 0 : state.pushFailures + 1;
        const wait = 1000 * Math.min(60, 2 ** Math.min(state.pushFailures, 6));
        state.pushRetry = setTimeout(listen, state.pushFailures ? wait : 1000);
      }
    }
  }

  function heard(push, { v, now, dots_used: dotsUsed, base, change }) {
    push.heard = true;
    // A chain of changes says the time on its newest message only (api/board_push.py).
    if (now) state.offset = Date.parse(now) - Date.now();
    // The dots this participant has spent, as the server counts them. A count that moved
    // since the last one pushed is news (their other device, or this board's own dot); one
    // that did not is none, even when it is not the count this board holds: the server
    // may have read it just before this board's own dot, whose answer carries the newer.
    if (typeof dotsUsed === "number") {
      if (dotsUsed !== state.dotsUsed) state.dotsNews = true;
      state.dotsUsed = dotsUsed;
    }
    checkDots();
    if (!v) return;
    if (!state.target || newer(v, state.target)) state.target = v;
    // What changed since the board this tablet holds: applied here, nothing is fetched.
    // One from a version it does not hold yet waits for that version (a fetch under way).
    if (change) {
      keep(base, v, change);
      applyKept();
    }
    // The message carries the version: fetch that board straight away, no /version first.
    // A fetch under way is not doubled: poll() asks again after it only if still behind.
    if (!state.snapshot || newer(v, state.snapshot.version)) poll(false);
  }

  function keep(base, v, change) {
    state.kept.delete(base);
    state.kept.set(base, { v, change });
    if (state.kept.size > KEEP_CHANGES) state.kept.delete(state.kept.keys().next().value);
  }

  // After a snapshot adopted or a change applied: each kept change that starts from the
  // version now held, in turn. Those from an older version than the one held never will.
  function applyKept() {
    let next;
    while (state.snapshot && (next = state.kept.get(state.snapshot.version))) {
      state.kept.delete(state.snapshot.version);
      const after = applyChange(state.snapshot, next.change, next.v);
      if (!after || !adopt(after)) break;
    }
    if (!state.snapshot) return;
    for (const base of [...state.kept.keys()]) if (!newer(base, state.snapshot.version)) state.kept.delete(base);
  }

  // The push told news of the count of dots spent (see heard()) that this board does not
  // hold: their other device voted, and their own state is asked for. Put off to the next
  // tick while a dot of this board's own is on its way (its answer carries the count) or a
  // question is under way (its answer may be from before); a failed question is news again.
  function checkDots() {
    if (!state.dotsNews || !state.me || state.pending || state.meAsked) return;
    state.dotsNews = false;
    if (state.dotsUsed === state.me.votes_used) return;
    const again = () => { state.dotsNews = true; };
    refreshMe().then((answered) => { if (!answered) again(); }, again);
  }

  function tick() {
    state.ticks += 1;
    const pushed = state.push && state.push.heard;
    const safetyNet = state.ticks % POLL_EVERY_TICKS_PUSHED === 0;
    // A board with no snapshot yet (its first fetch failed) asks on every tick.
    if (!pushed || safetyNet || !state.snapshot) poll(Boolean(state.snapshot));
    // The board's versions say nothing of this participant's own state, which only their
    // own actions (whose replies carry it), a new phase, or their other device change. So
    // it is asked for with the safety net's poll (an idea from the other device); a dot
    // from the other device the push tells of (its count of dots spent). Without the push,
    // while voting, every few ticks: that dot moves no version while votes are hidden.
    const voting = state.snapshot && state.snapshot.workshop.phase === "vote";
    if (safetyNet || (!pushed && voting && state.ticks % ME_EVERY_TICKS === 0)) {
      refreshMe().catch(() => {});
    }
    checkDots();  // news of the dots put off while this board's own dot was on its way
  }

  // --- polling ------------------------------------------------------------------------
  function asking() {
    // The token in a header, not the URL (access logs): a closed workshop's board answers
    // only its own participants, and request budgets are per tablet, not per room's NAT.
    return { cache: "no-store", headers: { "X-Samskab-Token": state.data.token } };
  }

  // `askVersion` false: the version is known already (pushed, or named by a write's
  // reply, in state.target), so the snapshot is fetched straight away.
  async function poll(askVersion = true) {
    if (!state.data) return;
    // A push heard while a poll is under way must not be lost: poll again after it.
    if (state.polling) { state.again = state.again === "version" || askVersion ? "version" : "snapshot"; return; }
    state.polling = true;
    let fetched = false;
    try {
      const base = state.data.api;
      let v = null;
      if (askVersion) {
        const reply = await fetch(`${base}/version`, asking());
        if (!reply.ok) throw new Error(String(reply.status));
        const answer = await reply.json();
        v = answer.v;
        state.offset = Date.parse(answer.now) - Date.now();
      }
      // Behind a proxy the poll may reach a process a moment behind the one that pushed.
      if (!state.snapshot || behind() || (v && newer(v, state.snapshot.version))) {
        const full = await fetch(`${base}/snapshot`, asking());
        if (!full.ok) throw new Error(String(full.status));
        adopt(await full.json());
        fetched = true;
        applyKept();  // the changes pushed while it came
        // Still behind what was pushed: that process catches up within a second or so.
        const wanted = state.target && (!v || newer(state.target, v)) ? state.target : v;
        if (wanted && newer(wanted, state.snapshot.version) && state.catchUps++ < 6) setTimeout(() => poll(false), 500);
        else state.catchUps = 0;
      }
      if (state.needMe) { state.needMe = false; await refreshMe(); }
      if (!state.connection) { state.connection = true; render(); }
    } catch (err) {
      if (state.connection) { state.connection = false; render(); }
    } finally {
      state.polling = false;
      const again = state.again;
      state.again = false;
      // Asked for while this poll was under way. A /version question is answered by the
      // board just fetched; a pushed version needs no fetch once the changes kept meanwhile
      // brought the board to it (a 1,000-tablet run fetched again and again).
      if (again === "version" && !fetched) setTimeout(() => poll(true), 0);
      else if (again && behind()) setTimeout(() => poll(false), 0);
    }
  }

  // The participant's own state, which their other device may have changed. One question
  // at a time: on a server slow to answer, the timer and the push would ask again and
  // again meanwhile (a 1,000-tablet run made 6 a tablet, each waiting 29 s).
  function refreshMe() {
    if (!state.meAsked) state.meAsked = askMe().finally(() => { state.meAsked = null; });
    return state.meAsked;
  }

  // True once answered (whether or not the answer was newer than what the board holds).
  async function askMe() {
    const seq = state.meSeq;
    const reply = await fetch(`${state.data.api}/me`, asking());
    if (!reply.ok) return false;
    const { me } = await reply.json();
    // A dot answered meanwhile carries a newer state than this answer.
    if (seq !== state.meSeq || state.pending || JSON.stringify(me) === JSON.stringify(state.me)) return true;
    setMe(me);
    render();
    return true;
  }

  // The board holds an older version than the newest it was told of (pushed, or named by
  // a write's reply).
  function behind() {
    return Boolean(state.snapshot && state.target && newer(state.target, state.snapshot.version));
  }

  function catchUp() {
    if (behind()) poll(false);
  }

  return { listen, tick, poll, refreshMe, catchUp };
}
