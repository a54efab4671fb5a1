// The board's top: the workshop, its phase, the time box, the dots left, who you are (a
// sticky header), and the theme tabs. Built once and changed in place, so the tab a
// participant pressed keeps the focus; nothing here is a live region (the board's status
// region reads out what happened).
//
// `ctx`: L (words), selectTheme(id).

function createHeader(ctx) {
  const { L, N } = ctx;
  const header = el("div", { className: "sb-status", role: "region" });
  const title = el("h1", { className: "sb-workshop" });
  const badge = el("span", { className: "sb-phase" });
  const timer = el("span", { className: "sb-timer", role: "timer" });
  const dotsLeft = el("span", { className: "sb-dots-left" });
  const help = el("p", { className: "sb-help" });
  const who = el("p", { className: "sb-me" });
  const offline = el("p", { className: "sb-offline", role: "alert" });
  header.append(title, el("div", { className: "sb-status-top" }, badge, timer, dotsLeft), help, who, offline);
  const tabs = el("nav", { className: "sb-tabs" });
  const tabButtons = new Map();
  let ticking = null;
  let ticksFor = null;
  let offset = 0;
  let ends = null;

  function drawTimer() {
    show(timer, Boolean(ends));
    if (!ends) return;
    const left = Math.max(0, Math.round((Date.parse(ends) - (Date.now() + offset)) / 1000));
    const time = `${String(Math.floor(left / 60)).padStart(2, "0")}:${String(left % 60).padStart(2, "0")}`;
    setText(timer, time);
    setAttr(timer, "aria-label", L("time_left", { time }));
    timer.classList.toggle("sb-timer-low", left <= 60);
  }

  function drawTabs(snap, theme) {
    show(tabs, snap.themes.length >= 2);
    if (tabs.hidden) return;
    setAttr(tabs, "aria-label", L("themes"));
    const options = [{ id: "all", title: L("all_themes") }, ...snap.themes];
    place(tabs, options.map((option) => {
      let button = tabButtons.get(option.id);
      if (!button) {
        button = el("button", { type: "button", className: "sb-tab" }, el("span"), el("span", { className: "sb-count" }));
        button.addEventListener("click", () => ctx.selectTheme(option.id));
        tabButtons.set(option.id, button);
      }
      const count = option.id === "all" ? snap.ideas.length : snap.ideas.filter((i) => i.theme_id === option.id).length;
      setText(button.firstChild, option.title);
      setText(button.lastChild, String(count));
      setAttr(button, "aria-pressed", String(theme) === String(option.id) ? "true" : "false");
      return button;
    }));
  }

  return {
    header,
    tabs,
    draw({ snapshot, me, left, theme, connection, offset: clockOffset }) {
      const phase = snapshot.workshop.phase;
      setText(title, snapshot.workshop.title);
      setText(badge, L(`phase_${phase}`));
      badge.className = `sb-phase sb-phase-${phase}`;
      offset = clockOffset;
      ends = snapshot.workshop.timer_ends_at;
      if (ticksFor !== ends) {
        ticksFor = ends;
        clearInterval(ticking);
        if (ends) ticking = setInterval(drawTimer, 1000);
      }
      drawTimer();
      show(dotsLeft, phase === "vote");
      setText(dotsLeft, N("dots_left", snapshot.workshop.dot_budget, { left }));
      setText(help, L(`help_${phase}`));
      setText(who, L("you_are", { name: me.name || L("anonymous"), group: L(`group_${me.group}`) }));
      setText(offline, connection ? "" : L("offline"));
      show(offline, !connection);
      drawTabs(snapshot, theme);
    },
    pause() {
      clearInterval(ticking);
      ticksFor = null;
    },
  };
}
