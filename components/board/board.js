// Samskab's participant board: one Streamlit element that draws the whole board.
//
// Why in the browser: hundreds of tablets follow one board. The board polls a cheap
// version route and fetches the shared snapshot only when it changed, so following the
// room runs no Streamlit script at all; the script runs only when this participant acts
// (adds an idea, comments), through setTriggerValue('action', ...). Dots go to a JSON route.
//
// Updates are keyed: each idea's card (card.js), each theme tab and the add-idea form
// (form.js) are built once and then changed in place, so a form being filled in, its text
// and the focus survive whatever the rest of the room does. Outcomes are read out by one
// status region that is there from the first draw and changes only when something happened.
//
// Safety: every piece of user text is set with textContent, never as HTML (dom.js).

// While voting, the participant's own dots are asked for every this many polls, so a dot
// given from their other device shows here too (hidden votes move no board version).
const ME_EVERY_POLLS = 2;
// While the push route is telling this board of every new version (api/board_push.py),
// the timer still polls once in this many ticks, in case a message was lost on the way.
const POLL_EVERY_TICKS_PUSHED = 20;

export default function (component) {
  const { data, parentElement, setTriggerValue, setStateValue } = component;
  const host = parentElement;
  let app = host.__samskab;
  if (!app) {
    app = host.__samskab = createApp(host);
  }
  app.update(data, setTriggerValue, setStateValue);
  return () => app.pause();
}

function createApp(host) {
  const state = {
    data: null,
    me: null,             // the participant's own state: from Python, a dot's reply or /me
    pythonMe: null,       // what Python last sent, to tell a new script run from a redraw
    meSeq: 0,             // bumped whenever `me` is set, so an older /me answer is dropped
    snapshot: null,
    theme: "all",
    open: new Set(),      // ideas whose details/comments are open
    editing: null,        // idea id being edited
    pending: null,        // {id, type, where, near, title} of the action waiting for an answer
    messages: new Map(),  // where ("form", "list" or an idea id) -> {ok, text, near}
    offset: 0,            // server clock minus this clock, for the timer
    poller: null,
    polling: false,
    polls: 0,
    ticks: 0,
    push: null,           // the held events response: {stop, heard}; heard: a message came, polling may rest
    again: false,         // a poll was asked for while one was under way
    target: null,         // the newest version pushed, which the board is to catch up with
    catchUps: 0,
    pushFailures: 0,      // pushes in a row that failed before their first message
    pushRetry: null,
    order: new Map(),     // stable shuffled order per idea in the vote phase
    connection: true,
  };
  let send = () => {};
  let saveDraft = () => {};

  const L = (key, values) => {
    const text = (state.data && state.data.labels[key]) || key;
    return values ? fill(text, values) : text;
  };
  // A count in words: the CLDR form Intl.PluralRules gives `count` in the board's language
  // ("1 prik", "3 prikker"), the number written as that language writes it.
  const counting = new Map();
  const N = (key, count, values = {}) => {
    const lang = (state.data && state.data.lang) || "da";
    if (!counting.has(lang)) counting.set(lang, [new Intl.PluralRules(lang), new Intl.NumberFormat(lang)]);
    const [rules, numbers] = counting.get(lang);
    const forms = (state.data && state.data.labels[key]) || {};
    const text = forms[rules.select(count)] || forms.other || key;
    return fill(text, { ...values, count: numbers.format(count) });
  };
  const ctx = {
    L, N, act, vote, focusIdea,
    busy: () => Boolean(state.pending),
    pending: () => state.pending,
    saveDraft: (title) => saveDraft("draft", title),
    toggle(id) { state.open.has(id) ? state.open.delete(id) : state.open.add(id); render(); },
    startEdit(id) { state.editing = id; state.messages.delete(id); render(); },
    stopEdit() { state.editing = null; render(); },
    // Typing again: the last outcome there is old news.
    dropMessage(where) { if (state.messages.delete(where)) render(); },
  };

  const root = el("div", { className: "sb" });
  // The one status region: in the page from the first draw, written only when something
  // happened (a dot, an idea added, new ideas, a new phase), never by a redraw.
  const live = el("div", { className: "sb-visually-hidden", role: "status", "aria-live": "polite", "aria-atomic": "true" });
  const top = createHeader({
    L,
    N,
    selectTheme(id) { state.theme = id; form.followTab(id); render(); },
  });
  const form = createForm(ctx);
  const list = el("div", { className: "sb-list" });
  const listTitle = el("h2", { className: "sb-list-title", tabindex: "-1" });
  const themeHelp = el("p", { className: "sb-help" });
  const listMessage = el("p", { className: "sb-message" });
  const empty = el("p", { className: "sb-empty" });
  const cardList = el("ul", { className: "sb-cards" });
  const cards = new Map();
  list.append(listTitle, themeHelp, listMessage, empty, cardList);
  root.append(live, top.header, top.tabs, form.node, list);
  host.append(root);
  // A tablet waking up catches up at once, its own dots included.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && state.poller) poll().then(() => refreshMe()).catch(() => {});
  });

  function announce(text) {
    if (!text) return;
    if (live.textContent !== text) { live.textContent = text; return; }
    // The same words again (a dot given, taken back and given again): clear, then say it anew.
    live.textContent = "";
    setTimeout(() => { live.textContent = text; }, 100);
  }

  function setMe(me) {
    state.me = me;
    state.meSeq += 1;
  }

  function act(type, payload, { where, near = null, title = "" }) {
    if (state.pending) return;
    const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    state.pending = { id, type, where, near, title };
    state.messages.delete(where);
    render();
    send("action", { id, type, ...payload });
  }

  function finish(result) {
    const done = state.pending;
    state.pending = null;
    if (result.ok && done.type === "add") form.clear();
    if (result.ok && done.type === "edit") state.editing = null;
    if (result.ok && done.type === "comment" && cards.has(done.where)) cards.get(done.where).clearComment();
    if (result.message) state.messages.set(done.where, { ok: result.ok, text: result.message, near: done.near });
    announce(result.ok ? L(`done_${done.type}`, { title: done.title }) : L("refused", { message: result.message || L("unknown_action") }));
    if (result.ok && done.type === "withdraw") listTitle.focus({ preventScroll: true });
  }

  // Dots go straight to a JSON route: the one action a whole room does in the same
  // minute, so it runs no Streamlit script (see api/board.py).
  async function vote(idea, change) {
    if (state.pending) return;
    state.pending = { id: "vote", type: "vote", where: idea.id, near: "vote" };
    state.messages.delete(idea.id);
    let refusal = null;
    try {
      const reply = await fetch(`${state.data.api}/dots`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ token: state.data.token, idea_id: idea.id, change, lang: state.data.lang }),
      });
      const result = await reply.json();
      if (result.ok) {
        setMe(result.me);
        const budget = state.snapshot.workshop.dot_budget;
        announce(L(change > 0 ? "dot_given" : "dot_taken", { title: idea.title, left: dotsLeft(), budget }));
        setTimeout(poll, 0);  // visible votes: show the new count at once
      } else {
        refusal = result.message || L("unknown_action");
      }
    } catch (err) {
      refusal = L("offline");
    }
    state.pending = null;
    if (refusal) {
      state.messages.set(idea.id, { ok: false, text: refusal, near: "vote" });
      announce(L("refused", { message: refusal }));
      // Refused for dots this tablet thought it had (spent on another device, say): catch up.
      refreshMe().catch(() => {});
    }
    render();
  }

  function focusIdea(id) {
    state.theme = "all";
    state.open.add(id);
    render();
    const card = cards.get(id);
    if (card) {
      card.node.scrollIntoView({ behavior: "smooth", block: "center" });
      card.node.classList.add("sb-flash");
      setTimeout(() => card.node.classList.remove("sb-flash"), 1600);
    }
  }

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

  function heard(push, { v, now }) {
    push.heard = true;
    state.offset = Date.parse(now) - Date.now();
    if (!v) return;
    if (!state.target || newer(v, state.target)) state.target = v;
    if (!state.snapshot || newer(v, state.snapshot.version)) poll();
  }

  function tick() {
    state.ticks += 1;
    const pushed = state.push && state.push.heard;
    if (!pushed || state.ticks % POLL_EVERY_TICKS_PUSHED === 0) return poll();
    // Pushed versions cover the board; a dot from this participant's other device moves
    // none while votes are hidden, so while voting their own state is still asked for.
    const voting = state.snapshot && state.snapshot.workshop.phase === "vote";
    if (voting && state.ticks % ME_EVERY_POLLS === 0) refreshMe().catch(() => {});
  }

  // --- polling ------------------------------------------------------------------------
  function asking() {
    // The token in a header, not the URL (access logs): a closed workshop's board answers
    // only its own participants, and request budgets are per tablet, not per room's NAT.
    return { cache: "no-store", headers: { "X-Samskab-Token": state.data.token } };
  }

  async function poll() {
    if (!state.data) return;
    // A push heard while a poll is under way must not be lost: poll again after it.
    if (state.polling) { state.again = true; return; }
    state.polling = true;
    try {
      const base = state.data.api;
      const reply = await fetch(`${base}/version`, asking());
      if (!reply.ok) throw new Error(String(reply.status));
      const { v, now } = await reply.json();
      state.offset = Date.parse(now) - Date.now();
      let moved = false;
      // Behind a proxy the poll may reach a process a moment behind the one that pushed.
      const behind = state.snapshot && state.target && newer(state.target, state.snapshot.version);
      if (!state.snapshot || behind || newer(v, state.snapshot.version)) {
        const full = await fetch(`${base}/snapshot`, asking());
        if (!full.ok) throw new Error(String(full.status));
        moved = adopt(await full.json());
        // Still behind what was pushed: that process catches up within a second or so.
        if (newer(state.target || v, state.snapshot.version) && state.catchUps++ < 6) setTimeout(poll, 500);
        else state.catchUps = 0;
      }
      state.polls += 1;
      const voting = state.snapshot && state.snapshot.workshop.phase === "vote";
      if (moved || (voting && state.polls % ME_EVERY_POLLS === 0)) await refreshMe();
      if (!state.connection) { state.connection = true; render(); }
    } catch (err) {
      if (state.connection) { state.connection = false; render(); }
    } finally {
      state.polling = false;
      if (state.again) { state.again = false; setTimeout(poll, 0); }
    }
  }

  // The participant's own state, which their other device may have changed.
  async function refreshMe() {
    const seq = state.meSeq;
    const reply = await fetch(`${state.data.api}/me`, asking());
    if (!reply.ok) return;
    const { me } = await reply.json();
    // A dot answered meanwhile carries a newer state than this answer.
    if (seq !== state.meSeq || state.pending || JSON.stringify(me) === JSON.stringify(state.me)) return;
    setMe(me);
    render();
  }

  // Versions are "<board>.<votes>", two counters that only grow. A board may hold a newer
  // one than the routes show: the page's own run reads the counters as they are, the routes
  // show a votes change at most once a second (api/board.py).
  function newer(version, than) {
    const [board, votes] = version.split(".").map(Number);
    const [board0, votes0] = than.split(".").map(Number);
    return board > board0 || (board === board0 && votes > votes0);
  }

  function adopt(snapshot) {
    const before = state.snapshot;
    if (before && !newer(snapshot.version, before.version)) return false;
    state.snapshot = snapshot;
    if (before) {
      const known = new Set(before.ideas.map((i) => i.id));
      const mine = new Set(state.me.my_ideas);
      const fresh = snapshot.ideas.filter((i) => !known.has(i.id) && !mine.has(i.id)).length;
      if (fresh > 0) announce(N("new_ideas", fresh));
      const phase = snapshot.workshop.phase;
      if (before.workshop.phase !== phase) newPhase(phase);
    }
    render();
    return true;
  }

  function newPhase(phase) {
    // What was said about the last phase no longer holds.
    state.messages.clear();
    if (phase !== "collect") state.editing = null;
    announce(L("phase_now", { phase: L(`phase_${phase}`) }));
    if (phase === "results") {
      // The reveal: the whole ranking from #1, whatever tab or place the tablet was at.
      state.theme = "all";
      requestAnimationFrame(() => scrollToTop(root));
    }
  }

  // --- drawing ------------------------------------------------------------------------
  function myDotsOn(idea) {
    const mine = state.me.my_dots;
    let sum = mine[String(idea.id)] || 0;
    for (const member of idea.members) sum += mine[String(member)] || 0;
    return sum;
  }

  function dotsLeft() {
    return state.snapshot.workshop.dot_budget - state.me.votes_used;
  }

  function sortedIdeas() {
    const snap = state.snapshot;
    let ideas = snap.ideas.filter((i) => state.theme === "all" || i.theme_id === state.theme);
    if (snap.workshop.phase === "vote") {
      // Same shuffled order on every redraw, so a list does not jump under a finger and
      // no idea wins by being on top.
      for (const idea of ideas) if (!state.order.has(idea.id)) state.order.set(idea.id, Math.random());
      ideas = [...ideas].sort((a, b) => state.order.get(a.id) - state.order.get(b.id));
    }
    return ideas;
  }

  // An idea gone from the board; one merged into another takes a comment being typed on
  // it along, with the focus. Returns the card that now holds the focus, if any.
  function forget(id, card) {
    const draft = card.commentDraft();
    const survivor = draft && state.snapshot.ideas.find((i) => i.members.includes(id));
    let next = null;
    if (survivor) {
      state.open.add(survivor.id);
      next = cards.get(survivor.id) || cards.set(survivor.id, createCard(survivor.id, ctx)).get(survivor.id);
      next.takeCommentDraft(draft);
    }
    const hadFocus = card.hasFocus();
    card.node.remove();
    cards.delete(id);
    return hadFocus ? next : null;
  }

  function drawList() {
    const snap = state.snapshot;
    const phase = snap.workshop.phase;
    const ideas = sortedIdeas();
    const theme = snap.themes.find((t) => t.id === state.theme);
    setText(listTitle, `${state.theme === "all" ? L("all_ideas") : theme.title} (${ideas.length})`);
    setText(themeHelp, (theme && theme.description) || "");
    show(themeHelp, Boolean(theme && theme.description));
    const shown = state.messages.get("list");
    show(listMessage, Boolean(shown));
    if (shown) { setText(listMessage, shown.text); listMessage.className = `sb-message ${shown.ok ? "sb-ok" : "sb-error"}`; }
    setText(empty, ideas.length ? "" : L(phase === "collect" ? "empty_collect" : "empty"));
    show(empty, !ideas.length);
    const alive = new Set(snap.ideas.map((i) => i.id));
    let focusMoves = null;
    for (const [id, card] of [...cards]) if (!alive.has(id)) focusMoves = forget(id, card) || focusMoves;
    const revealed = ["results", "closed"].includes(phase);
    const ranked = snap.workshop.votes_visible && revealed;
    const canComment = snap.workshop.comments && ["collect", "cluster", "vote"].includes(phase);
    const mine = new Set(state.me.my_ideas);
    const left = dotsLeft();
    const nodes = ideas.map((idea, i) => {
      let card = cards.get(idea.id);
      if (!card) { card = createCard(idea.id, ctx); cards.set(idea.id, card); }
      const themeOf = snap.themes.find((t) => t.id === idea.theme_id);
      const cluster = snap.clusters.find((c) => c.id === idea.cluster_id);
      const pending = state.pending && state.pending.where === idea.id ? state.pending.type : null;
      card.update(idea, {
        phase, revealed, canComment, left, pending,
        rank: ranked ? i + 1 : null,
        theme: state.theme === "all" && themeOf && snap.themes.length > 1 ? themeOf.title : null,
        cluster: cluster ? cluster.name : null,
        mine: mine.has(idea.id),
        open: state.open.has(idea.id),
        editing: state.editing === idea.id,
        busy: Boolean(state.pending),
        votesVisible: snap.workshop.votes_visible,
        myDots: myDotsOn(idea),
        cap: snap.workshop.dots_per_idea,
        message: state.messages.get(idea.id) || null,
      });
      return card.node;
    });
    place(cardList, nodes);
    if (focusMoves && focusMoves.node.isConnected) focusMoves.focusComment();
  }

  function render() {
    if (!state.snapshot || !state.data || !state.me) return;
    if (typeof state.theme === "number" && !state.snapshot.themes.some((t) => t.id === state.theme)) state.theme = "all";
    keepingFocus(root, () => {
      top.draw({
        snapshot: state.snapshot, me: state.me, left: dotsLeft(),
        theme: state.theme, connection: state.connection, offset: state.offset,
      });
      const collecting = state.snapshot.workshop.phase === "collect";
      show(form.node, collecting);
      if (collecting) form.render(state.snapshot, state.data.suggestions || [], state.messages.get("form"));
      drawList();
    });
  }

  return {
    update(data, trigger, stateSetter) {
      send = trigger;
      saveDraft = stateSetter;
      state.data = data;
      // Remember who this browser is in this workshop, so scanning the code again offers
      // to go on as the same participant (see components/remembered.py).
      try { window.localStorage.setItem(`samskab.participant.${data.code}`, data.token); } catch (e) { /* private mode */ }
      // Python's own state is fresh from its script run; a redraw with the same words is not
      // newer than a dot answered since.
      const pythonMe = JSON.stringify(data.me);
      if (pythonMe !== state.pythonMe) { state.pythonMe = pythonMe; setMe(data.me); }
      const result = data.result;
      if (result && state.pending && result.id === state.pending.id) {
        finish(result);
        // Python does not resend the board; fetch the change this action made right away,
        // and once more past the routes' half-second version cache.
        if (result.ok) { setTimeout(poll, 0); setTimeout(poll, 700); }
      }
      // Python's snapshot is as fresh as a poll; adopt takes it unless the poll was newer.
      if (data.snapshot) adopt(data.snapshot);
      render();
      if (!state.poller) state.poller = setInterval(tick, data.poll_ms || 1500);
      if (!state.push && !state.pushRetry) listen();
      // Python sends no snapshot when this board already had it; if the board was drawn
      // afresh meanwhile, fetch it now instead of at the next tick.
      if (!state.snapshot) poll();
    },
    pause() {
      // Streamlit calls this before redrawing and when the element goes away; polling
      // restarts on the next update, so a board that is gone stops asking.
      clearInterval(state.poller);
      state.poller = null;
      clearTimeout(state.pushRetry);
      state.pushRetry = null;
      if (state.push) { state.push.stop.abort(); state.push = null; }
      top.pause();
    },
  };
}
