// Samskab's participant board: one Streamlit element that draws the whole board.
//
// Why in the browser: hundreds of tablets follow one board. The board polls a cheap
// version route and fetches the shared snapshot only when it changed, so following the
// room runs no Streamlit script at all; the script runs only when this participant acts
// (adds an idea, spends a dot), through setTriggerValue('action', ...).
//
// Safety: every piece of user text is set with textContent, never as HTML.

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

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "className") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, name) => (name in values ? String(values[name]) : `{${name}}`));
}

function createApp(host) {
  const state = {
    data: null,
    snapshot: null,
    theme: "all",
    open: new Set(),      // ideas whose details/comments are open
    editing: null,        // idea id being edited
    pending: null,        // id of the action waiting for Python
    message: null,        // {ok, text}
    offset: 0,            // server clock minus this clock, for the timer
    timer: null,
    poller: null,
    polling: false,
    lastAnnounced: null,
    order: new Map(),     // stable shuffled order per idea in the vote phase
    connection: true,
  };
  let send = () => {};
  let saveDraft = () => {};

  const root = el("div", { className: "sb" });
  const status = el("div", { className: "sb-status", role: "region" });
  const live = el("div", { className: "sb-visually-hidden", "aria-live": "polite", role: "status" });
  const tabs = el("nav", { className: "sb-tabs" });
  const form = buildForm();
  const message = el("div", { className: "sb-message", role: "alert" });
  const list = el("div", { className: "sb-list" });
  root.append(status, live, tabs, form.node, message, list);
  host.append(root);

  function L(key, values) {
    const text = (state.data && state.data.labels[key]) || key;
    return values ? fill(text, values) : text;
  }

  function act(type, payload) {
    const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    state.pending = { id, type };
    state.message = null;
    render();
    send("action", { id, type, ...payload });
  }

  // Dots go straight to a JSON route: the one action a whole room does in the same
  // minute, so it runs no Streamlit script (see api/board.py).
  async function vote(idea, change) {
    if (state.pending) return;
    state.pending = { id: "vote", type: "vote" };
    state.message = null;
    render();
    try {
      const reply = await fetch(`${state.data.api}/dots`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ token: state.data.token, idea_id: idea.id, change, lang: state.data.lang }),
      });
      const result = await reply.json();
      if (result.ok) {
        state.data.me = result.me;
        setTimeout(poll, 0);  // visible votes: show the new count at once
      }
      else state.message = { ok: false, text: result.message || L("unknown_action") };
    } catch (err) {
      state.message = { ok: false, text: L("offline") };
    }
    state.pending = null;
    render();
  }

  // --- the add-idea form: built once so typing is never interrupted by a redraw ------
  function buildForm() {
    const titleId = `sb-title-${Math.random().toString(36).slice(2)}`;
    const descId = `${titleId}-d`;
    const themeId = `${titleId}-t`;
    const heading = el("h2", { className: "sb-form-title" });
    const themeLabel = el("label", { for: themeId });
    const theme = el("select", { id: themeId, className: "sb-input" });
    const titleLabel = el("label", { for: titleId });
    const title = el("input", { id: titleId, className: "sb-input", type: "text", maxlength: "120", autocomplete: "off" });
    const counter = el("div", { className: "sb-counter", "aria-hidden": "true" });
    const similar = el("div", { className: "sb-similar", "aria-live": "polite" });
    const descLabel = el("label", { for: descId });
    const desc = el("textarea", { id: descId, className: "sb-input", rows: "3", maxlength: "1000" });
    const submit = el("button", { className: "sb-primary", type: "submit" });
    const node = el("form", { className: "sb-form" }, heading, themeLabel, theme, titleLabel, title, counter, similar, descLabel, desc, submit);
    let debounce = null;
    title.addEventListener("input", () => {
      counter.textContent = `${title.value.length}/120`;
      clearTimeout(debounce);
      debounce = setTimeout(() => saveDraft("draft", title.value.trim()), 400);
    });
    node.addEventListener("submit", (event) => {
      event.preventDefault();
      const themeId = theme.value ? Number(theme.value) : null;
      act("add", { theme_id: themeId, title: title.value, description: desc.value });
    });
    return {
      node,
      clear() {
        title.value = "";
        desc.value = "";
        counter.textContent = "0/120";
        saveDraft("draft", "");
      },
      render(snapshot) {
        heading.textContent = L("add_title");
        themeLabel.textContent = L("theme");
        titleLabel.textContent = L("idea_title");
        descLabel.textContent = L("idea_description");
        submit.textContent = state.pending && state.pending.type === "add" ? L("saving") : L("add_button");
        submit.disabled = Boolean(state.pending);
        if (!counter.textContent) counter.textContent = `${title.value.length}/120`;
        const wanted = snapshot.themes.map((t) => String(t.id)).join(",");
        if (theme.dataset.ids !== wanted) {
          const keep = theme.value;
          theme.replaceChildren(...snapshot.themes.map((t) => el("option", { value: String(t.id), text: t.title })));
          theme.dataset.ids = wanted;
          if (keep && wanted.split(",").includes(keep)) theme.value = keep;
        }
        if (state.theme !== "all") theme.value = String(state.theme);
        theme.parentElement && (themeLabel.hidden = theme.hidden = snapshot.themes.length === 0);
        const suggestions = (state.data && state.data.suggestions) || [];
        similar.replaceChildren();
        if (suggestions.length && title.value.trim().length >= 4) {
          similar.append(el("p", { className: "sb-similar-intro", text: L("similar_intro") }));
          const ul = el("ul");
          for (const s of suggestions) {
            ul.append(el("li", {},
              el("button", { type: "button", className: "sb-link", onclick: () => focusIdea(s.id), text: s.title })));
          }
          similar.append(ul);
        }
      },
    };
  }

  function focusIdea(id) {
    state.theme = "all";
    state.open.add(id);
    render();
    const card = list.querySelector(`[data-idea="${id}"]`);
    if (card) {
      card.scrollIntoView({ behavior: "smooth", block: "center" });
      card.classList.add("sb-flash");
      setTimeout(() => card.classList.remove("sb-flash"), 1600);
    }
  }

  // --- polling ------------------------------------------------------------------------
  async function poll() {
    if (state.polling || !state.data) return;
    state.polling = true;
    try {
      const base = state.data.api;
      // The token in a header, not the URL (access logs): a closed workshop's board answers
      // only its own participants, and request budgets are per tablet, not per room's NAT.
      const ask = { cache: "no-store", headers: { "X-Samskab-Token": state.data.token } };
      const reply = await fetch(`${base}/version`, ask);
      if (!reply.ok) throw new Error(String(reply.status));
      const { v, now } = await reply.json();
      state.offset = Date.parse(now) - Date.now();
      if (!state.snapshot || v !== state.snapshot.version) {
        const full = await fetch(`${base}/snapshot`, ask);
        if (!full.ok) throw new Error(String(full.status));
        adopt(await full.json());
      }
      if (!state.connection) { state.connection = true; renderStatus(); }
    } catch (err) {
      if (state.connection) { state.connection = false; renderStatus(); }
    } finally {
      state.polling = false;
    }
  }

  function adopt(snapshot) {
    const before = state.snapshot;
    if (before && snapshot.version === before.version) return;
    if (before && Number(snapshot.version.split(".")[0]) < Number(before.version.split(".")[0])) return;
    state.snapshot = snapshot;
    if (before) {
      const known = new Set(before.ideas.map((i) => i.id));
      const fresh = snapshot.ideas.filter((i) => !known.has(i.id)).length;
      if (fresh > 0) live.textContent = L(fresh === 1 ? "one_new_idea" : "new_ideas", { n: fresh });
      if (before.workshop.phase !== snapshot.workshop.phase) {
        live.textContent = L("phase_now", { phase: L(`phase_${snapshot.workshop.phase}`) });
      }
    }
    render();
  }

  // --- drawing ------------------------------------------------------------------------
  function myDotsOn(idea) {
    const mine = state.data.me.my_dots;
    let sum = mine[String(idea.id)] || 0;
    for (const member of idea.members) sum += mine[String(member)] || 0;
    return sum;
  }

  function dotsLeft() {
    return state.snapshot.workshop.dot_budget - state.data.me.votes_used;
  }

  function renderTimer(node) {
    const ends = state.snapshot.workshop.timer_ends_at;
    if (!ends) { node.hidden = true; return; }
    const left = Math.max(0, Math.round((Date.parse(ends) - (Date.now() + state.offset)) / 1000));
    node.hidden = false;
    const mm = String(Math.floor(left / 60)).padStart(2, "0");
    const ss = String(left % 60).padStart(2, "0");
    node.textContent = `${mm}:${ss}`;
    node.setAttribute("aria-label", L("time_left", { time: `${mm}:${ss}` }));
    node.classList.toggle("sb-timer-low", left <= 60);
  }

  function renderStatus() {
    const snap = state.snapshot;
    const me = state.data.me;
    const phase = snap.workshop.phase;
    status.replaceChildren(el("h1", { className: "sb-workshop", text: snap.workshop.title }));
    const badge = el("span", { className: `sb-phase sb-phase-${phase}`, text: L(`phase_${phase}`) });
    const timer = el("span", { className: "sb-timer", role: "timer" });
    renderTimer(timer);
    const top = el("div", { className: "sb-status-top" }, badge, timer);
    if (phase === "vote") {
      const left = dotsLeft();
      top.append(el("span", { className: "sb-dots-left", "aria-live": "polite",
        text: L(left === 1 ? "one_dot_left" : "dots_left", { n: left, budget: snap.workshop.dot_budget }) }));
    }
    status.append(top, el("p", { className: "sb-help", text: L(`help_${phase}`) }));
    const who = me.name || L("anonymous");
    status.append(el("p", { className: "sb-me", text: L("you_are", { name: who, group: L(`group_${me.group}`) }) }));
    if (!state.connection) status.append(el("p", { className: "sb-offline", role: "alert", text: L("offline") }));
    clearInterval(state.timer);
    if (snap.workshop.timer_ends_at) state.timer = setInterval(() => renderTimer(timer), 1000);
  }

  function renderTabs() {
    const snap = state.snapshot;
    tabs.replaceChildren();
    if (snap.themes.length < 2) { tabs.hidden = true; return; }
    tabs.hidden = false;
    tabs.setAttribute("aria-label", L("themes"));
    const options = [{ id: "all", title: L("all_themes") }, ...snap.themes];
    for (const theme of options) {
      const count = theme.id === "all" ? snap.ideas.length : snap.ideas.filter((i) => i.theme_id === theme.id).length;
      const pressed = String(state.theme) === String(theme.id);
      tabs.append(el("button", {
        type: "button", className: "sb-tab", "aria-pressed": pressed ? "true" : "false",
        onclick: () => { state.theme = theme.id; render(); },
      }, el("span", { text: theme.title }), el("span", { className: "sb-count", text: String(count) })));
    }
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

  function renderDots(idea) {
    const snap = state.snapshot;
    const mine = myDotsOn(idea);
    const cap = snap.workshop.dots_per_idea;
    const busy = Boolean(state.pending);
    const dots = el("span", { className: "sb-dots", "aria-hidden": "true" });
    for (let i = 0; i < Math.max(cap, mine); i++) dots.append(el("span", { className: i < mine ? "sb-dot sb-dot-on" : "sb-dot" }));
    const minus = el("button", {
      type: "button", className: "sb-round", text: "−", disabled: busy || mine === 0,
      "aria-label": L("take_dot", { title: idea.title }), onclick: () => vote(idea, -1),
    });
    const plus = el("button", {
      type: "button", className: "sb-round sb-round-plus", text: "+", disabled: busy || mine >= cap || dotsLeft() <= 0,
      "aria-label": L("give_dot", { title: idea.title }), onclick: () => vote(idea, +1),
    });
    const row = el("div", { className: "sb-vote" }, minus, dots, plus,
      el("span", { className: "sb-mine", text: L("your_dots", { n: mine, cap }) }));
    if (mine > cap) row.append(el("p", { className: "sb-note", text: L("over_cap_after_merge", { cap }) }));
    return row;
  }

  function renderComments(idea) {
    const snap = state.snapshot;
    const box = el("div", { className: "sb-comments" });
    const ul = el("ul");
    for (const c of idea.comments) {
      ul.append(el("li", {}, el("span", { text: c.body }), c.author ? el("span", { className: "sb-author", text: ` — ${c.author}` }) : null));
    }
    if (idea.comments.length) box.append(ul);
    const canComment = snap.workshop.comments && ["collect", "cluster", "vote"].includes(snap.workshop.phase);
    if (canComment) {
      const inputId = `sb-c-${idea.id}`;
      const input = el("textarea", { id: inputId, className: "sb-input", rows: "2", maxlength: "500" });
      const add = el("form", { className: "sb-comment-form", onsubmit: (e) => { e.preventDefault(); act("comment", { idea_id: idea.id, body: input.value }); } },
        el("label", { for: inputId, text: L("build_on") }), input,
        el("button", { type: "submit", className: "sb-secondary", disabled: Boolean(state.pending), text: L("comment_button") }));
      box.append(add);
    }
    return box;
  }

  function renderEdit(idea) {
    const tId = `sb-e-${idea.id}`;
    const title = el("input", { id: tId, className: "sb-input", type: "text", maxlength: "120", value: idea.title });
    const desc = el("textarea", { id: `${tId}-d`, className: "sb-input", rows: "3", maxlength: "1000" });
    desc.value = idea.description || "";
    return el("form", {
      className: "sb-edit",
      onsubmit: (e) => { e.preventDefault(); act("edit", { idea_id: idea.id, title: title.value, description: desc.value }); },
    },
      el("label", { for: tId, text: L("idea_title") }), title,
      el("label", { for: `${tId}-d`, text: L("idea_description") }), desc,
      el("div", { className: "sb-actions" },
        el("button", { type: "submit", className: "sb-primary", disabled: Boolean(state.pending), text: L("save") }),
        el("button", { type: "button", className: "sb-secondary", text: L("cancel"), onclick: () => { state.editing = null; render(); } })));
  }

  function renderIdea(idea, rank) {
    const snap = state.snapshot;
    const phase = snap.workshop.phase;
    const mine = state.data.me.my_ideas.includes(idea.id);
    const open = state.open.has(idea.id);
    const cluster = snap.clusters.find((c) => c.id === idea.cluster_id);
    const theme = snap.themes.find((t) => t.id === idea.theme_id);
    const card = el("li", { className: "sb-card" + (mine ? " sb-card-mine" : ""), "data-idea": String(idea.id) });
    const chips = el("div", { className: "sb-chips" });
    if (rank) chips.append(el("span", { className: "sb-rank", text: `#${rank}` }));
    if (state.theme === "all" && theme && snap.themes.length > 1) chips.append(el("span", { className: "sb-chip", text: theme.title }));
    if (cluster) chips.append(el("span", { className: "sb-chip sb-chip-cluster", text: cluster.name }));
    if (mine) chips.append(el("span", { className: "sb-chip sb-chip-mine", text: L("mine") }));
    if (idea.by_facilitator) chips.append(el("span", { className: "sb-chip", text: L("by_facilitator") }));
    if (chips.childElementCount) card.append(chips);
    if (state.editing === idea.id) { card.append(renderEdit(idea)); return card; }
    card.append(el("h3", { className: "sb-idea-title", text: idea.title }));
    if (idea.author) card.append(el("p", { className: "sb-author", text: idea.author }));
    if (idea.description) {
      const text = open || idea.description.length <= 180 ? idea.description : `${idea.description.slice(0, 170)}…`;
      card.append(el("p", { className: "sb-desc", text }));
    }
    if (idea.merged_titles.length) {
      card.append(el("p", { className: "sb-note", text: L("merged_with", { n: idea.merged_titles.length }) + " " + idea.merged_titles.join(" · ") }));
    }
    if (snap.workshop.votes_visible && idea.dots !== null) {
      const score = idea.dots === 0 ? L("score_none") : L(idea.voters === 1 ? "score_one" : "score", { dots: idea.dots, voters: idea.voters });
      card.append(el("p", { className: "sb-score", text: score }));
      const groups = Object.entries(idea.by_group || {}).sort((a, b) => b[1] - a[1]);
      if (groups.length && ["results", "closed"].includes(phase)) {
        card.append(el("p", { className: "sb-groups", text: groups.map(([g, n]) => `${L(`group_${g}`)} ${n}`).join(" · ") }));
      }
    }
    if (phase === "vote") card.append(renderDots(idea));
    const actions = el("div", { className: "sb-actions" });
    const commentable = snap.workshop.comments;
    if (commentable || idea.comments.length || (idea.description || "").length > 180) {
      actions.append(el("button", {
        type: "button", className: "sb-secondary", "aria-expanded": open ? "true" : "false",
        text: open ? L("close") : (idea.comments.length ? L("comments_n", { n: idea.comments.length }) : L(commentable ? "comment_open" : "more")),
        onclick: () => { open ? state.open.delete(idea.id) : state.open.add(idea.id); render(); },
      }));
    }
    if (mine && phase === "collect") {
      actions.append(
        el("button", { type: "button", className: "sb-secondary", text: L("edit"), onclick: () => { state.editing = idea.id; render(); } }),
        el("button", {
          type: "button", className: "sb-secondary sb-danger", text: L("withdraw"), disabled: Boolean(state.pending),
          onclick: () => { if (window.confirm(L("withdraw_confirm", { title: idea.title }))) act("withdraw", { idea_id: idea.id }); },
        }));
    }
    if (actions.childElementCount) card.append(actions);
    if (open) card.append(renderComments(idea));
    return card;
  }

  function renderList() {
    const snap = state.snapshot;
    const ideas = sortedIdeas();
    list.replaceChildren();
    const heading = state.theme === "all" ? L("all_ideas") : (snap.themes.find((t) => t.id === state.theme) || {}).title;
    list.append(el("h2", { className: "sb-list-title", text: `${heading} (${ideas.length})` }));
    if (state.theme !== "all") {
      const theme = snap.themes.find((t) => t.id === state.theme);
      if (theme && theme.description) list.append(el("p", { className: "sb-help", text: theme.description }));
    }
    if (!ideas.length) {
      list.append(el("p", { className: "sb-empty", text: L(snap.workshop.phase === "collect" ? "empty_collect" : "empty") }));
      return;
    }
    const ranked = snap.workshop.votes_visible && ["results", "closed"].includes(snap.workshop.phase);
    const ul = el("ul", { className: "sb-cards" });
    ideas.forEach((idea, i) => ul.append(renderIdea(idea, ranked ? i + 1 : null)));
    list.append(ul);
  }

  function renderMessage() {
    message.replaceChildren();
    if (!state.message) { message.hidden = true; return; }
    message.hidden = false;
    message.className = `sb-message ${state.message.ok ? "sb-ok" : "sb-error"}`;
    message.append(el("span", { text: state.message.text }));
  }

  function render() {
    if (!state.snapshot || !state.data) return;
    if (typeof state.theme === "number" && !state.snapshot.themes.some((t) => t.id === state.theme)) state.theme = "all";
    renderStatus();
    renderTabs();
    const collecting = state.snapshot.workshop.phase === "collect";
    form.node.hidden = !collecting;
    if (collecting) form.render(state.snapshot);
    renderMessage();
    renderList();
  }

  return {
    update(data, trigger, stateSetter) {
      send = trigger;
      saveDraft = stateSetter;
      state.data = data;
      // Remember who this browser is in this workshop, so scanning the code again offers
      // to go on as the same participant (see components/remembered.py).
      try { window.localStorage.setItem(`samskab.participant.${data.code}`, data.token); } catch (e) { /* private mode */ }
      const result = data.result;
      if (result && state.pending && result.id === state.pending.id) {
        if (result.ok && state.pending.type === "add") form.clear();
        if (result.ok && state.pending.type === "edit") state.editing = null;
        state.message = result.message ? { ok: result.ok, text: result.message } : null;
        state.pending = null;
        // Python does not resend the board; fetch the change this action made right away.
        if (result.ok) setTimeout(poll, 0);
      }
      if (data.snapshot && (!state.snapshot || data.snapshot.version !== state.snapshot.version)) {
        // Python's snapshot is as fresh as a poll; take it unless the poll was newer.
        const ours = state.snapshot ? Number(state.snapshot.version.split(".")[0]) : -1;
        if (Number(data.snapshot.version.split(".")[0]) >= ours) state.snapshot = data.snapshot;
      }
      render();
      if (!state.poller) state.poller = setInterval(poll, data.poll_ms || 1500);
      // Python sends no snapshot when this board already had it; if the board was drawn
      // afresh meanwhile, fetch it now instead of at the next tick.
      if (!state.snapshot) poll();
    },
    pause() {
      // Streamlit calls this before redrawing and when the element goes away; polling
      // restarts on the next update, so a board that is gone stops asking.
      clearInterval(state.poller);
      state.poller = null;
      clearInterval(state.timer);
    },
  };
}
