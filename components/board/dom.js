// Small DOM helpers for the board's parts. components/board/__init__.py joins dom.js,
// header.js, card.js, form.js and board.js into the one module Streamlit loads.
//
// Every piece of user text goes through textContent (el's "text", setText): never HTML.

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

// Writes only what changed, so an unchanged node is never touched (nor re-read by a
// screen reader).
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

function setAttr(node, name, value) {
  if (value === null || value === undefined || value === false) {
    if (node.hasAttribute(name)) node.removeAttribute(name);
  } else if (node.getAttribute(name) !== String(value)) {
    node.setAttribute(name, String(value));
  }
}

function show(node, visible) {
  if (node.hidden === visible) node.hidden = !visible;
}

// A button that cannot act now stays focusable (aria-disabled, not disabled): disabling the
// focused button would drop the focus to the page body.
function setUnavailable(button, unavailable) {
  setAttr(button, "aria-disabled", unavailable ? "true" : null);
}

function unavailable(button) {
  return button.getAttribute("aria-disabled") === "true";
}

// Redraws `node`'s children from plain parts ([tag, className, text]) only when they changed.
function drawParts(node, parts) {
  const signature = JSON.stringify(parts);
  if (node.__parts === signature) return;
  node.__parts = signature;
  node.replaceChildren(...parts.map(([tag, className, text]) => el(tag, { className, text })));
}

// Puts `nodes` in `parent` in this order, moving as few as possible: a card that keeps its
// place is never detached, so its focused button or text field keeps the focus.
function place(parent, nodes) {
  const keep = new Set(nodes);
  for (const child of [...parent.children]) if (!keep.has(child)) child.remove();
  nodes.forEach((node, i) => {
    if (parent.children[i] !== node) parent.insertBefore(node, parent.children[i] || null);
  });
}

// The element that has the focus inside `root` (which may sit in a shadow root), or null.
function focusedIn(root) {
  const active = root.getRootNode().activeElement;
  return active && root.contains(active) ? active : null;
}

// Runs `change` and gives the focus (and the caret in a text field) back to the element that
// had it, should moving a card have taken it away.
function keepingFocus(root, change) {
  const active = focusedIn(root);
  let caret = null;
  if (active && (active.tagName === "TEXTAREA" || (active.tagName === "INPUT" && active.type === "text"))) {
    caret = [active.selectionStart, active.selectionEnd, active.selectionDirection];
  }
  change();
  if (!active || !active.isConnected || focusedIn(root) === active) return;
  if (active.closest("[hidden]")) return;
  active.focus({ preventScroll: true });
  if (caret) {
    try { active.setSelectionRange(...caret); } catch (err) { /* not a text field any more */ }
  }
}

// The element and every scrolling ancestor (across the shadow root) back to the top.
function scrollToTop(node) {
  let at = node;
  while (at) {
    if (at.scrollTop) at.scrollTop = 0;
    at = at.parentElement || (at.getRootNode() instanceof ShadowRoot ? at.getRootNode().host : null);
  }
  window.scrollTo(0, 0);
}
