// One idea's card, kept by idea id and updated in place. Its buttons, its comment form and
// its edit form are built once, so what a participant is typing, the caret and the focused
// button survive every change other tablets make to the board.
//
// `ctx` is the board: L (words), N (counts in words), act (a write through the board's JSON routes), vote, toggle, startEdit, stopEdit, busy,
// dropMessage.

function createCard(id, ctx) {
  const { L, N } = ctx;
  let idea = null;
  let view = null;
  let editForm = null;

  const node = el("li", { className: "sb-card", "data-idea": String(id) });
  const chips = el("div", { className: "sb-chips" });
  const title = el("h3", { className: "sb-idea-title" });
  const body = el("div", { className: "sb-body" });

  const minus = el("button", { type: "button", className: "sb-round", text: "−" });
  const plus = el("button", { type: "button", className: "sb-round sb-round-plus", text: "+" });
  const dots = el("span", { className: "sb-dots", "aria-hidden": "true" });
  const mineLabel = el("span", { className: "sb-mine" });
  const overCap = el("p", { className: "sb-note" });
  const voteRow = el("div", { className: "sb-vote" }, minus, dots, plus, mineLabel, overCap);
  // Not refused while another action is under way: the board sends a quick second tap in turn.
  minus.addEventListener("click", () => { if (!unavailable(minus)) ctx.vote(idea, -1); });
  plus.addEventListener("click", () => { if (!unavailable(plus)) ctx.vote(idea, +1); });

  const commentsId = `sb-cs-${id}`;
  const toggle = el("button", { type: "button", className: "sb-secondary", "aria-controls": commentsId });
  const edit = el("button", { type: "button", className: "sb-secondary" });
  const withdraw = el("button", { type: "button", className: "sb-secondary sb-danger" });
  const actions = el("div", { className: "sb-actions" }, toggle, edit, withdraw);
  toggle.addEventListener("click", () => {
    const opening = !view.open;
    ctx.toggle(id);
    if (opening && view.canComment) commentInput.focus();
  });
  edit.addEventListener("click", () => ctx.startEdit(id));
  withdraw.addEventListener("click", () => {
    if (unavailable(withdraw) || ctx.busy()) return;
    if (window.confirm(L("withdraw_confirm", { title: idea.title }))) {
      ctx.act("withdraw", { idea_id: id }, { where: "list", title: idea.title });
    }
  });

  const commentList = el("ul");
  const commentInput = el("textarea", { id: `sb-c-${id}`, className: "sb-input", rows: "2", maxlength: "500" });
  const commentLabel = el("label", { for: `sb-c-${id}` });
  const commentSubmit = el("button", { type: "submit", className: "sb-secondary" });
  const commentForm = el("form", { className: "sb-comment-form" }, commentLabel, commentInput, commentSubmit);
  const comments = el("div", { className: "sb-comments", id: commentsId }, commentList, commentForm);
  commentInput.addEventListener("input", () => ctx.dropMessage(id));
  commentForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (unavailable(commentSubmit) || ctx.busy()) return;
    ctx.act("comment", { idea_id: id, body: commentInput.value }, { where: id, near: "comment", title: idea.title });
  });

  // Next to the control that caused it; read out through the board's status region instead.
  const message = el("p", { className: "sb-message" });
  message.hidden = true;

  node.append(chips, title, body, voteRow, actions, comments, message);

  function buildEditForm() {
    const tId = `sb-e-${id}`;
    const t = el("input", { id: tId, className: "sb-input", type: "text", maxlength: "120" });
    const d = el("textarea", { id: `${tId}-d`, className: "sb-input", rows: "3", maxlength: "1000" });
    t.value = idea.title;
    d.value = idea.description || "";
    const save = el("button", { type: "submit", className: "sb-primary" });
    const cancel = el("button", { type: "button", className: "sb-secondary", onclick: () => ctx.stopEdit(id) });
    const form = el("form", { className: "sb-edit" },
      el("label", { for: tId, text: L("idea_title") }), t,
      el("label", { for: `${tId}-d`, text: L("idea_description") }), d,
      el("div", { className: "sb-actions" }, save, cancel));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (unavailable(save) || ctx.busy()) return;
      ctx.act("edit", { idea_id: id, title: t.value, description: d.value }, { where: id, near: "edit", title: t.value });
    });
    form.__parts = { t, save, cancel };
    return form;
  }

  function drawEditing() {
    if (view.editing && !editForm) {
      editForm = buildEditForm();
      chips.after(editForm);
      editForm.__parts.t.focus();
    } else if (!view.editing && editForm) {
      const hadFocus = editForm.contains(focusedIn(node));
      editForm.remove();
      editForm = null;
      if (hadFocus) edit.focus();
    }
    if (editForm) {
      const { save, cancel } = editForm.__parts;
      setText(save, view.pending === "edit" ? L("saving") : L("save"));
      setUnavailable(save, view.busy);
      setText(cancel, L("cancel"));
    }
  }

  function drawVote() {
    const { myDots: mine, cap, left } = view;
    show(voteRow, view.phase === "vote" && !view.editing);
    if (voteRow.hidden) return;
    drawParts(dots, Array.from({ length: Math.max(cap, mine) }, (_, i) => ["span", i < mine ? "sb-dot sb-dot-on" : "sb-dot", ""]));
    setAttr(minus, "aria-label", L("take_dot", { title: idea.title }));
    setAttr(plus, "aria-label", L("give_dot", { title: idea.title }));
    setUnavailable(minus, mine === 0);
    setUnavailable(plus, mine >= cap || left <= 0);
    setText(mineLabel, L("your_dots", { n: mine, cap }));
    setText(overCap, mine > cap ? L("over_cap_after_merge", { cap }) : "");
    show(overCap, mine > cap);
  }

  function drawActions() {
    const long = (idea.description || "").length > 180;
    const n = idea.comments.length;
    show(toggle, !view.editing && (view.canComment || n > 0 || long));
    setText(toggle, view.open ? L("close") : n ? L("comments_n", { n }) : L(view.canComment ? "comment_open" : "more"));
    setAttr(toggle, "aria-expanded", view.open ? "true" : "false");
    const own = view.mine && view.phase === "collect" && !view.editing;
    show(edit, own);
    show(withdraw, own);
    setText(edit, L("edit"));
    setText(withdraw, L("withdraw"));
    setUnavailable(withdraw, view.busy);
    show(actions, !toggle.hidden || own);
  }

  function drawComments() {
    show(comments, view.open && !view.editing && (idea.comments.length > 0 || view.canComment));
    drawParts(commentList, idea.comments.map((c) => ["li", "", c.author ? `${c.body} — ${c.author}` : c.body]));
    show(commentList, idea.comments.length > 0);
    show(commentForm, view.canComment);
    setText(commentLabel, L("build_on"));
    setText(commentSubmit, view.pending === "comment" ? L("saving") : L("comment_button"));
    setUnavailable(commentSubmit, view.busy);
  }

  function drawMessage() {
    const m = view.message;
    show(message, Boolean(m));
    if (!m) return;
    setText(message, m.text);
    message.className = `sb-message ${m.ok ? "sb-ok" : "sb-error"}`;
    const anchor = m.near === "vote" ? voteRow : m.near === "comment" ? commentForm : m.near === "edit" && editForm ? editForm : actions;
    if (message.previousElementSibling !== anchor) anchor.after(message);
  }

  return {
    node,
    update(nextIdea, nextView) {
      idea = nextIdea;
      view = nextView;
      node.className = "sb-card" + (view.mine ? " sb-card-mine" : "");
      const chipParts = [];
      if (view.rank) chipParts.push(["span", "sb-rank", `#${view.rank}`]);
      if (view.theme) chipParts.push(["span", "sb-chip", view.theme]);
      if (view.cluster) chipParts.push(["span", "sb-chip sb-chip-cluster", view.cluster]);
      if (view.mine) chipParts.push(["span", "sb-chip sb-chip-mine", L("mine")]);
      if (idea.by_facilitator) chipParts.push(["span", "sb-chip", L("by_facilitator")]);
      drawParts(chips, chipParts);
      show(chips, chipParts.length > 0);
      setText(title, idea.title);
      show(title, !view.editing);
      const parts = [];
      if (idea.author) parts.push(["p", "sb-author", idea.author]);
      if (idea.description) {
        const whole = view.open || idea.description.length <= 180;
        parts.push(["p", "sb-desc", whole ? idea.description : `${idea.description.slice(0, 170)}…`]);
      }
      if (idea.from_session) parts.push(["p", "sb-note", L("from_session", { topic: idea.from_session })]);
      if (idea.merged_titles.length) {
        parts.push(["p", "sb-note", `${L("merged_with", { n: idea.merged_titles.length })} ${idea.merged_titles.join(" · ")}`]);
      }
      if (view.votesVisible && idea.dots !== null) {
        const score = idea.dots === 0 ? L("score_none") : `${N("dots", idea.dots)} ${N("from_people", idea.voters)}`;
        parts.push(["p", "sb-score", score]);
        const groups = Object.entries(idea.by_group || {}).sort((a, b) => b[1] - a[1]);
        if (groups.length && view.revealed) {
          parts.push(["p", "sb-groups", groups.map(([g, n]) => `${L(`group_${g}`)} ${n}`).join(" · ")]);
        }
      }
      drawParts(body, parts);
      show(body, !view.editing && parts.length > 0);
      drawActions();  // before the edit form: closing it gives the focus back to "Edit"
      drawEditing();
      drawVote();
      drawComments();
      drawMessage();
    },
    commentDraft() {
      return commentInput.value;
    },
    takeCommentDraft(text) {
      // A draft from a card merged into this one, so a merge does not lose what was typed.
      if (!commentInput.value) commentInput.value = text;
    },
    clearComment() {
      commentInput.value = "";
    },
    focusComment() {
      commentInput.focus({ preventScroll: true });
    },
    hasFocus() {
      return Boolean(focusedIn(node));
    },
  };
}
