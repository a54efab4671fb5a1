// Samskab's participant board: one Streamlit element that draws the whole board.
//
// Why in the browser: hundreds of tablets follow one board. The server pushes each new
// version with what changed, which the board applies to the snapshot it holds (delta.js);
// a board that missed a version fetches the shared snapshot (and polls a cheap version
// route when the push is not heard), so following the room runs no Streamlit script at all.
// Nor does acting: dots, ideas, comments and the look-alike hint while typing are JSON
// routes (api/board.py, api/board_ideas.py). The page's script runs to join and to draw
// the board the first time, and again only when a snapshot changes what the page around the
// board shows (a matrix opened, Open Space switched on, the close): see checkPageFacts.
//
// Updates are keyed: each idea's card (card.js), each theme tab and the add-idea form
// (form.js) are built once and then changed in place, so a form being filled in, its text
// and the focus survive whatever the rest of the room does. Outcomes are read out by one
// status region that is there from the first draw and changes only when something happened.
//
// Safety: every piece of user text is set with textContent, never as HTML (dom.js).

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const host = parentElement;
  let app = host.__samskab;
  if (!app) {
    app = host.__samskab = createApp(host);
  }
  app.update(data, setTriggerValue);
  return () => app.pause();
}

function createApp(host) {
  const state = {
    data: null,
    me: null,             // the participant's own state: from Python, a dot's reply or /me
    pythonMe: null,       // what Python last sent, to tell a new script run from a redraw
    needMe: false,        // the phase moved: the participant's own state is asked for
    dotsUsed: null,       // the count of dots spent the push last told of
    dotsNews: false,      // that count moved and is not checked yet (follow.js checkDots)
    meSeq: 0,             // bumped whenever `me` is set, so an older /me answer is dropped
    meAsked: null,        // the /me question under way, if any
    snapshot: null,
    theme: "all",
    open: new Set(),      // ideas whose details/comments are open
    editing: null,        // idea id being edited
    pending: null,        // {type, where, near, title} of the action waiting for an answer
    taps: [],             // dots tapped while an action was under way: sent in turn, none dropped
    messages: new Map(),  // where ("form", "list" or an idea id) -> {ok, text, near}
    offset: 0,            // server clock minus this clock, for the timer
    poller: null,
    polling: false,
    ticks: 0,
    push: null,           // the held events response: {stop, heard}; heard: a message came, polling may rest
    again: false,         // a poll was asked for while one was under way
    target: null,         // the newest version pushed, which the board is to catch up with
    kept: new Map(),      // base version -> {v, change}: pushed changes waiting for their base
    catchUps: 0,
    pushFailures: 0,      // pushes in a row that failed before their first message
    pushRetry: null,
    order: new Map(),     // stable shuffled order per idea in the vote phase
    connection: true,
    trigger: null,        // Streamlit's setTriggerValue, to ask for a run of the page
    askedFacts: null,     // the page's facts the board last asked a run for (JSON)
  };

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
    L, N, act, vote, focusIdea, similar,
    busy: () => Boolean(state.pending),
    pending: () => state.pending,
    hasIdeas: () => Boolean(state.snapshot && state.snapshot.ideas.length),
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
  // Until the first snapshot comes (fetched, not sent with the page), the board says so.
  const waiting = el("p", { className: "sb-waiting" });
  const { listen, tick, poll, refreshMe, catchUp } = createFollower(state, { adopt, render, setMe });
  list.append(listTitle, themeHelp, listMessage, empty, cardList);
  root.append(live, waiting, top.header, top.tabs, form.node, list);
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

  // A POST of this participant's to one of the board's JSON routes: its reply, or a reply
  // made here that says why not ({ok: false, message}).
  async function post(route, payload) {
    try {
      const reply = await fetch(`${state.data.api}/${route}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ token: state.data.token, lang: state.data.lang, ...payload }),
      });
      const result = await reply.json().catch(() => ({}));
      if (!result || typeof result !== "object") return { ok: false, message: L("unknown_action") };
      return reply.ok || result.message ? result : { ...result, ok: false, message: L("unknown_action") };
    } catch (err) {
      return { ok: false, message: L("offline") };
    }
  }

  // Ideas and comments go to JSON routes (api/board_ideas.py): one transaction each, no
  // Streamlit script. The form or comment being typed is cleared only when it was taken.
  async function act(type, payload, { where, near = null, title = "" }) {
    if (state.pending) return;
    state.pending = { type, where, near, title };
    state.messages.delete(where);
    render();
    const result = await post(type, payload);
    if (result.ok && result.me) setMe(result.me);
    finish(result);
    render();
    nextTap();
    if (result.ok) {
      // The reply names the version the change made. With the push heard, the change comes
      // with it within a quarter of a second, and the board is only fetched if it does not
      // (fetching it now built a snapshot per write: a room adding 25 ideas a second kept a
      // core busy). Without the push, it is fetched straight away.
      if (typeof result.v === "string" && (!state.target || newer(result.v, state.target))) state.target = result.v;
      if (state.push && state.push.heard) setTimeout(catchUp, CATCH_UP_MS);
      else poll(false);
    }
  }

  // Look-alikes of the title being typed, for the form's hint; [] when there is no answer.
  async function similar(title) {
    const result = await post("similar", { title });
    return result.ok && Array.isArray(result.similar) ? result.similar : [];
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
    if (state.pending) {
      // A quick second tap (another idea, or the same one again) waits for the first; the
      // server refuses one over the budget or the cap with its reason, as for any dot.
      if (state.taps.length < 20) state.taps.push([idea, change]);
      return;
    }
    state.pending = { type: "vote", where: idea.id, near: "vote" };
    state.messages.delete(idea.id);
    render();
    let refusal = null;
    const result = await post("dots", { idea_id: idea.id, change });
    if (result.ok) {
      setMe(result.me);
      const budget = state.snapshot.workshop.dot_budget;
      announce(L(change > 0 ? "dot_given" : "dot_taken", { title: idea.title, left: dotsLeft(), budget }));
      // Visible votes: show the new count soon. The push says when it moved; without it, ask.
      if (state.snapshot.workshop.votes_visible && !(state.push && state.push.heard)) setTimeout(poll, 0);
    } else {
      refusal = result.message || L("unknown_action");
    }
    state.pending = null;
    if (refusal) {
      state.messages.set(idea.id, { ok: false, text: refusal, near: "vote" });
      announce(L("refused", { message: refusal }));
      // Refused for dots this tablet thought it had (spent on another device, say): catch up.
      refreshMe().catch(() => {});
    }
    render();
    nextTap();
  }

  function nextTap() {
    const tap = state.taps.shift();
    if (tap) vote(...tap);
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
      if (before.workshop.phase !== phase) { newPhase(phase); state.needMe = true; }
    }
    render();
    checkPageFacts();
    return true;
  }

  // The page around the board (the outcomes link, the matrix, the marketplace) is drawn by
  // Streamlit from facts it read in its run (`page_facts`, services.workshop.board.page_facts;
  // the snapshot's workshop carries the same keys). Nothing else reruns that page, so when
  // the room's snapshot says otherwise, the board asks for one run; that run draws the page
  // from the new facts, and the board has nothing more to ask. Asked once per set of facts,
  // so a run that is slow to come is not asked for twice.
  function checkPageFacts() {
    const drawnWith = state.data && state.data.page_facts;
    if (!state.snapshot || !drawnWith || !state.trigger) return;
    const keys = Object.keys(drawnWith).sort();
    const facts = (where) => JSON.stringify(keys.map((key) => where[key] ?? null));
    const now = facts(state.snapshot.workshop);
    if (now === facts(drawnWith) || now === state.askedFacts) return;
    state.askedFacts = now;
    state.trigger("stale", now);
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
    const drawn = Boolean(state.snapshot);
    show(waiting, !drawn);
    show(top.header, drawn);
    show(list, drawn);
    if (!drawn) {
      // Nothing to draw the header, tabs and form from yet: only the words say what is up.
      show(top.tabs, false);
      show(form.node, false);
      waiting.textContent = L(state.connection ? "loading" : "offline");
      return;
    }
    if (!state.data || !state.me) return;
    if (typeof state.theme === "number" && !state.snapshot.themes.some((t) => t.id === state.theme)) state.theme = "all";
    // The version drawn, for whoever checks which board a tablet shows (the browser tests).
    root.dataset.version = state.snapshot.version;
    keepingFocus(root, () => {
      top.draw({
        snapshot: state.snapshot, me: state.me, left: dotsLeft(),
        theme: state.theme, connection: state.connection, offset: state.offset,
      });
      const collecting = state.snapshot.workshop.phase === "collect";
      show(form.node, collecting);
      if (collecting) form.render(state.snapshot, state.messages.get("form"));
      drawList();
    });
  }

  return {
    update(data, trigger) {
      state.data = data;
      state.trigger = trigger;
      // Remember who this browser is in this workshop, so scanning the code again offers
      // to go on as the same participant (see components/remembered.py).
      try { window.localStorage.setItem(`samskab.participant.${data.code}`, data.token); } catch (e) { /* private mode */ }
      // Python's own state is fresh from its script run; a redraw with the same words is not
      // newer than a dot answered since.
      const pythonMe = JSON.stringify(data.me);
      if (pythonMe !== state.pythonMe) { state.pythonMe = pythonMe; setMe(data.me); }
      render();
      // A run with new facts stops the asking; a snapshot newer than the run asks again.
      checkPageFacts();
      if (!state.poller) state.poller = setInterval(tick, data.poll_ms || 1500);
      if (!state.push && !state.pushRetry) listen();
      // The page's run carries no snapshot (encoding it into every join's run was 7 % of
      // a busy room's CPU): a new board fetches the shared, already compressed one at once.
      if (!state.snapshot) poll(false);
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
