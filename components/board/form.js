// The add-idea form: built once, so typing is never interrupted by an update of the board.
//
// `ctx` is the board: L (words), act, busy, pending (the action waiting, if any),
// dropMessage, similar (look-alikes of a title, from a JSON route), hasIdeas, focusIdea.
// Typing runs no Streamlit script: each pause asks the board's /similar route, and only
// the newest answer, for the title still in the field, is drawn.

function createForm(ctx) {
  const { L } = ctx;
  const titleId = "sb-title";
  const heading = el("h2", { className: "sb-form-title" });
  const themeLabel = el("label", { for: `${titleId}-t` });
  const theme = el("select", { id: `${titleId}-t`, className: "sb-input" });
  const titleLabel = el("label", { for: titleId });
  const title = el("input", { id: titleId, className: "sb-input", type: "text", maxlength: "120", autocomplete: "off" });
  const counter = el("div", { className: "sb-counter", "aria-hidden": "true", text: "0/120" });
  const similar = el("div", { className: "sb-similar", "aria-live": "polite" });
  const descLabel = el("label", { for: `${titleId}-d` });
  const desc = el("textarea", { id: `${titleId}-d`, className: "sb-input", rows: "3", maxlength: "1000" });
  const submit = el("button", { className: "sb-primary", type: "submit" });
  const message = el("p", { className: "sb-message" });
  message.hidden = true;
  const node = el("form", { className: "sb-form" },
    heading, themeLabel, theme, titleLabel, title, counter, similar, descLabel, desc, submit, message);
  let debounce = null;
  let suggestions = [];
  let asked = 0;       // bumped with every question and every clear: older answers are dropped
  let askedFor = "";   // the title last asked about
  title.addEventListener("input", () => {
    ctx.dropMessage("form");
    setText(counter, `${title.value.length}/120`);
    clearTimeout(debounce);
    const text = title.value.trim();
    // Under four characters nothing is alike (ideas.similar_titles), and an empty board has
    // nothing to resemble: no question.
    if (text.length < 4 || !ctx.hasIdeas()) {
      asked += 1;
      askedFor = "";
      suggestions = [];
      drawSimilar();
      return;
    }
    debounce = setTimeout(() => lookUp(text), 400);
  });

  async function lookUp(text) {
    if (text === askedFor) return;
    askedFor = text;
    const question = ++asked;
    const found = await ctx.similar(text);
    if (question !== asked || title.value.trim() !== text) return;  // typed on meanwhile
    suggestions = found;
    drawSimilar();
  }

  node.addEventListener("submit", (event) => {
    event.preventDefault();
    if (unavailable(submit) || ctx.busy()) return;
    const themeId = theme.value ? Number(theme.value) : null;
    ctx.act("add", { theme_id: themeId, title: title.value, description: desc.value }, { where: "form", title: title.value.trim() });
  });

  function drawSimilar() {
    const shown = title.value.trim().length >= 4 ? suggestions : [];
    const signature = JSON.stringify([shown, L("similar_intro")]);
    if (similar.__signature === signature) return;  // a live region: touch it only when it changes
    similar.__signature = signature;
    similar.replaceChildren();
    if (!shown.length) return;
    const ul = el("ul");
    for (const s of shown) {
      ul.append(el("li", {},
        el("button", { type: "button", className: "sb-link", onclick: () => ctx.focusIdea(s.id), text: s.title })));
    }
    similar.append(el("p", { className: "sb-similar-intro", text: L("similar_intro") }), ul);
  }

  return {
    node,
    clear() {
      title.value = "";
      desc.value = "";
      setText(counter, "0/120");
      clearTimeout(debounce);
      asked += 1;
      askedFor = "";
      suggestions = [];
      drawSimilar();
    },
    // The theme tab the participant picked is where a new idea goes, until they choose another.
    followTab(themeId) {
      if (themeId !== "all") theme.value = String(themeId);
    },
    render(snapshot, shownMessage) {
      setText(heading, L("add_title"));
      setText(themeLabel, L("theme"));
      setText(titleLabel, L("idea_title"));
      setText(descLabel, L("idea_description"));
      const pending = ctx.pending();
      setText(submit, pending && pending.type === "add" ? L("saving") : L("add_button"));
      setUnavailable(submit, ctx.busy());
      const wanted = snapshot.themes.map((t) => `${t.id}:${t.title}`).join("\n");
      if (theme.__wanted !== wanted) {
        const keep = theme.value;
        theme.replaceChildren(...snapshot.themes.map((t) => el("option", { value: String(t.id), text: t.title })));
        theme.__wanted = wanted;
        if (keep && snapshot.themes.some((t) => String(t.id) === keep)) theme.value = keep;
      }
      show(themeLabel, snapshot.themes.length > 0);
      show(theme, snapshot.themes.length > 0);
      drawSimilar();
      show(message, Boolean(shownMessage));
      if (shownMessage) {
        setText(message, shownMessage.text);
        message.className = `sb-message ${shownMessage.ok ? "sb-ok" : "sb-error"}`;
      }
    },
  };
}
