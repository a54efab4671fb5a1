// A pushed change applied to the board this tablet holds: what api/board_delta.py `apply`
// does, in the browser. The push says what changed from one version to the next, so a
// room of a thousand tablets follows a change without a thousand snapshot requests.
//
// `change` names the snapshot's keys whose value moved (workshop, themes, clusters,
// participants) and, for the ideas, those new (`set`), the fields that moved on ideas held
// already (`patch`), those gone (`gone`) and their new order when it moved (`order`), or
// only that they stand by support (`sort: "support"`, votes shown: most dots, most voters,
// then the oldest; services/workshop/board.py by_support).
// Returns a new snapshot; `before` is untouched.
// Returns null when the change does not fit `before` (then the board fetches the snapshot).

const WHOLE_KEYS = ["workshop", "themes", "clusters", "participants"];

function applyChange(before, change, version) {
  const after = { ...before, version };
  for (const key of WHOLE_KEYS) if (key in change) after[key] = change[key];
  const ideas = change.ideas;
  if (!ideas) return after;
  const byId = new Map(before.ideas.map((idea) => [idea.id, idea]));
  for (const id of ideas.gone || []) byId.delete(id);
  const fresh = [];
  for (const idea of ideas.set || []) {
    if (!byId.has(idea.id)) fresh.push(idea.id);
    byId.set(idea.id, idea);
  }
  for (const fields of ideas.patch || []) {
    const held = byId.get(fields.id);
    if (!held) return null;
    byId.set(fields.id, { ...held, ...fields });
  }
  const bySupport = (a, b) => b.dots - a.dots || b.voters - a.voters || a.id - b.id;
  const order = ideas.sort === "support"
    ? [...byId.values()].sort(bySupport).map((idea) => idea.id)
    : ideas.order || [...before.ideas.map((i) => i.id).filter((id) => byId.has(id)), ...fresh];
  if (order.length !== byId.size || !order.every((id) => byId.has(id))) return null;
  after.ideas = order.map((id) => byId.get(id));
  return after;
}
