// SPDX-License-Identifier: Apache-2.0
// The explorer: one HTML file with the engine inside. Appended by
// `infoclass export --to html` to js/infoclass.mjs in one module script; it
// reads the model and the export-time data from <script type="application/json">
// elements and needs no network of any kind.

const $ = (sel, root = document) => root.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class")
      e.className = v;
    else if (k.startsWith("on"))
      e.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined && v !== false)
      e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat())
    if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
};

const meta = JSON.parse($("#infoclass-meta").textContent);
const scheme = meta.scheme;
const keys = scheme.properties.map((p) => p.key);
const PAGE = 200;  // rows rendered at a time: long lists render lazily

// Level names in the scheme's language with English beside.
function levelName(p, level) {
  if (level === null || level === undefined) return "–";
  const l = scheme.properties[p].levels[level];
  if (!l) return String(level);
  const names = [l.name, l.name_en].filter((x, i, a) => x && a.indexOf(x) === i);
  return `${level}${names.length ? " " + names.join(" / ") : ""}`;
}
function propertyName(p) {
  const pr = scheme.properties[p];
  return [pr.key, pr.name, pr.name_en].filter((x, i, a) => x && a.indexOf(x) === i).join(" · ");
}
function levelCell(p, level) {
  return el("span", {class: `level l${level ?? "none"}`, title: levelName(p, level)}, level ?? "–");
}

const state = {
  model: null,
  assessment: null,
  result: null,  // { assets: [{ id, kind, index, effective: {K: ...}, derived: {...} }] } now
  byId: new Map(),
  assets: [],  // the model's assets (objects of the native JSON), kept in step with every change
  assetById: new Map(),
  deps: [],             // {from, to, type, group}, kept in step with every change
  depsFrom: new Map(),  // id -> its dependencies (downstream)
  depsTo: new Map(),    // id -> the dependencies on it (upstream)
  history: [],          // { label, inverse } per change, for undo
  changes: [],          // the last change's moved levels
  query: "",
  filters: {owner: "", kind: "", level: ""},
  shown: PAGE,
};

// The page's model (explorer.cpp, page_model): the native JSON with the
// dependencies by column. The engine reads the assets as JSON and the
// dependencies by column (one call per run of plain ones), in the file's order.
async function loadPage(page) {
  const {page_dependencies: cols, ...rest} = page;
  const m = await load(JSON.stringify({...rest, dependencies: []}));
  const total = cols.from.length + cols.other.length;
  let k = 0;
  let pos = 0;
  for (const [at, d] of [...cols.other, [total, null]]) {
    const run = at - pos;  // plain dependencies before the next other one
    if (run > 0) {
      m.addDependencies(
          cols.from.slice(k, k + run), cols.to.slice(k, k + run), cols.type.slice(k, k + run), cols.types);
      k += run;
    }
    if (d) m.addDependency(d.from, d.to, d.type, d.group ?? null, d.need ?? 0);
    pos = at + 1;
  }
  return m;
}

// The dependencies as objects {from, to, type, group, need}, in the file's order.
function pageDeps(page) {
  const cols = page.page_dependencies;
  const out = [];
  let k = 0;
  let o = 0;
  const total = cols.from.length + cols.other.length;
  for (let pos = 0; pos < total; ++pos) {
    if (o < cols.other.length && cols.other[o][0] === pos) {
      const d = cols.other[o++][1];
      out.push({from: d.from, to: d.to, type: d.type, group: d.group ?? null, need: d.need ?? 0});
    } else {
      out.push({
        from: page.assets[cols.from[k]].id,
        to: page.assets[cols.to[k]].id,
        type: cols.types[cols.type[k]],
        group: null,
        need: 0
      });
      ++k;
    }
  }
  return out;
}

function indexDeps() {
  state.depsFrom = new Map();
  state.depsTo = new Map();
  for (const d of state.deps) {
    if (!state.depsFrom.has(d.from)) state.depsFrom.set(d.from, []);
    if (!state.depsTo.has(d.to)) state.depsTo.set(d.to, []);
    state.depsFrom.get(d.from).push(d);
    state.depsTo.get(d.to).push(d);
  }
}

// Propagates (incrementally after a change) and reads every level at once,
// by column; causes and explanations are asked of the engine when shown.
function propagateNow() {
  const a = state.model.propagate();
  state.assessment?.free();
  state.assessment = a;
  const eff = a.levels("effective");
  const der = a.levels("derived");
  const P = keys.length;
  const level = (col, i, p) => (col[i * P + p] < 0 ? null : col[i * P + p]);
  state.result = {
    assets: state.assets.map((src, i) => {
      const effective = {};
      const derived = {};
      keys.forEach((k, p) => {
        effective[k] = level(eff, i, p);
        derived[k] = level(der, i, p);
      });
      return {id: src.id, kind: src.kind, index: i, effective, derived};
    }),
  };
  state.byId = new Map(state.result.assets.map((r) => [r.id, r]));
}

// Causes in the engine's words (the CLI's and the C API's: "edge from app (runs_on)").
function causeText(id, key) {
  return state.assessment.cause(id, key);
}

// --- load -------------------------------------------------------------------
const t0 = performance.now();
{
  const page = JSON.parse($("#infoclass-model").textContent);
  state.model = await loadPage(page);
  state.assets = page.assets;
  state.assetById = new Map(page.assets.map((a) => [a.id, a]));
  state.deps = pageDeps(page);
  indexDeps();
}
propagateNow();

// --- views ------------------------------------------------------------------
function maxLevel(a) {
  let m = null;
  for (const k of keys)
    if (a.effective[k] !== null && a.effective[k] !== undefined && (m === null || a.effective[k] > m))
      m = a.effective[k];
  return m;
}

function matches(a) {
  const src = state.assetById.get(a.id) ?? {};
  const q = state.query.trim().toLowerCase();
  if (q && ![a.id, src.name ?? "", src.owner ?? ""].some((s) => s.toLowerCase().includes(q))) return false;
  if (state.filters.owner && (src.owner ?? "") !== state.filters.owner) return false;
  if (state.filters.kind && a.kind !== state.filters.kind) return false;
  if (state.filters.level !== "" && String(maxLevel(a)) !== state.filters.level) return false;
  return true;
}

function assetLink(id) {
  return el("a", {href: `#asset/${encodeURIComponent(id)}`, class: "asset-link"}, id);
}

function renderList() {
  const list = state.result.assets.filter(matches);
  const body = el("tbody");
  for (const a of list.slice(0, state.shown)) {
    const src = state.assetById.get(a.id) ?? {};
    body.append(
        el("tr", {}, el("td", {}, assetLink(a.id)), el("td", {}, src.name ?? ""), el("td", {}, a.kind),
           el("td", {}, src.owner ?? ""), keys.map((k, p) => el("td", {class: "num"}, levelCell(p, a.effective[k])))),
    );
  }
  const table =
      el("table", {id: "asset-table"}, el("caption", {}, `${list.length} of ${state.result.assets.length} assets`),
         el("thead", {},
            el("tr", {}, ["id", "name", "kind", "owner"].map((h) => el("th", {scope: "col"}, h)),
               keys.map((k, p) => el("th", {scope: "col", title: propertyName(p)}, k)))),
         body);
  const more = list.length > state.shown ? el("button", {
    type: "button",
    id: "show-more",
    onclick: () => {
      state.shown += PAGE;
      renderList();
    }
  },
                                              `show ${Math.min(PAGE, list.length - state.shown)} more`) :
                                           null;
  $("#list").replaceChildren(table, more ?? "");
}

function options(values, label) {
  return [el("option", {value: ""}, label), ...values.map((v) => el("option", {value: v}, v))];
}

function renderFilters() {
  const owners = [...new Set(state.assets.map((a) => a.owner).filter(Boolean))].sort();
  const kinds = [...new Set(state.assets.map((a) => a.kind))].sort();
  const levels = [...new Set(state.result.assets.map(maxLevel).filter((x) => x !== null))].sort();
  const select = (name, values, label) => {
    const s =
        el("select", {
          id: `filter-${name}`,
          "aria-label": label,
          onchange: (e) => {
            state.filters[name] = e.target.value;
            state.shown = PAGE;
            renderList();
          }
        },
           options(values.map(String), label));
    s.value = state.filters[name];
    return s;
  };
  $("#filters")
      .replaceChildren(
          select("owner", owners, "every owner"), select("kind", kinds, "every kind"),
          select("level", levels, "any highest level"));
}

// A small layered layout of an asset's upstream (what depends on it, above)
// and downstream (what it depends on, below), laid out in the page so that
// dependencies added in a what-if show too.
function focusedGraph(id, highlight) {
  const up = new Map([[id, 0]]);
  const down = new Map([[id, 0]]);
  const edges = [];
  const walk = (dist, next, sign) => {
    let frontier = [id];
    for (let depth = 1; depth <= 3 && frontier.length; ++depth) {
      const nextFrontier = [];
      for (const v of frontier) {
        for (const d of next(v)) {
          const to = sign < 0 ? d.from : d.to;
          if (dist.has(to) || dist.size > 40) continue;
          dist.set(to, sign * depth);
          nextFrontier.push(to);
        }
      }
      frontier = nextFrontier;
    }
  };
  walk(up, (v) => state.depsTo.get(v) ?? [], -1);
  walk(down, (v) => state.depsFrom.get(v) ?? [], 1);
  const layer = new Map([...up, ...down]);
  for (const v of layer.keys())
    for (const d of state.depsFrom.get(v) ?? [])
      if (layer.has(d.to)) edges.push(d);
  const rows = new Map();
  for (const [v, l] of layer) rows.set(l, [...(rows.get(l) ?? []), v]);
  const W = 150, H = 60;
  const layers = [...rows.keys()].sort((a, b) => a - b);
  const width = Math.max(...[...rows.values()].map((r) => r.length)) * W + 20;
  const pos = new Map();
  layers.forEach(
      (l, row) => rows.get(l).forEach(
          (v, i) => pos.set(v, [10 + i * W + (width - 20 - rows.get(l).length * W) / 2, 10 + row * H])));
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${layers.length * H + 10}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `dependencies around ${id}: ${layer.size} assets`);
  svg.setAttribute("class", "focus-graph");
  const onPath = new Set(highlight ?? []);
  for (const d of edges) {
    const [x1, y1] = pos.get(d.from);
    const [x2, y2] = pos.get(d.to);
    const line = document.createElementNS(ns, "line");
    Object.entries({x1: x1 + 65, y1: y1 + 32, x2: x2 + 65, y2}).forEach(([k, v]) => line.setAttribute(k, v));
    line.setAttribute("class", onPath.has(d.from) && onPath.has(d.to) ? "edge on-path" : "edge");
    svg.append(line);
  }
  for (const [v, [x, y]] of pos) {
    const a = state.byId.get(v);
    const g = document.createElementNS(ns, "g");
    g.setAttribute(
        "class",
        `node l${a ? maxLevel(a) ?? "none" : "none"}${v === id ? " focus" : ""}${onPath.has(v) ? " on-path" : ""}`);
    const r = document.createElementNS(ns, "rect");
    Object.entries({x, y, width: 130, height: 32, rx: 4}).forEach(([k, val]) => r.setAttribute(k, val));
    const t = document.createElementNS(ns, "text");
    t.setAttribute("x", x + 65);
    t.setAttribute("y", y + 20);
    t.textContent = v.length > 18 ? v.slice(0, 17) + "…" : v;
    const title = document.createElementNS(ns, "title");
    title.textContent = `${v}: ${a ? keys.map((k) => `${k}${a.effective[k] ?? "–"}`).join(" ") : ""}`;
    g.append(title, r, t);
    svg.append(g);
  }
  return svg;
}

function legend() {
  const top = Math.max(...scheme.properties.map((p) => p.levels.length));
  return el(
      "p", {class: "legend"}, "Highest effective level: ",
      [...Array(top).keys()].map((l) => el("span", {class: `level l${l}`}, levelName(0, l))),
      el("span", {class: "level lnone"}, "none"));
}

function renderAsset(id) {
  const a = state.byId.get(id);
  if (!a) {
    $("#asset").replaceChildren(el("p", {role: "alert"}, `No asset ${id}.`));
    return;
  }
  const src = state.assetById.get(id) ?? {};
  const own = src.classification ?? {};
  const overrides = src.overrides ?? {};
  const levels =
      el("table", {id: "levels"}, el("caption", {}, "Levels"),
         el("thead", {},
            el("tr", {}, el("th", {scope: "col"}, "property"), el("th", {scope: "col"}, "own"),
               el("th", {scope: "col"}, "derived"), el("th", {scope: "col"}, "effective"),
               el("th", {scope: "col"}, "cause"))),
         el("tbody", {},
            keys.map(
                (k, p) =>
                    el("tr", {"data-property": k}, el("th", {scope: "row"}, propertyName(p)),
                       el("td", {}, levelName(p, own[k] ?? null)), el("td", {}, levelName(p, a.derived[k])),
                       el("td", {class: "effective"}, levelCell(p, a.effective[k]), " ",
                          levelName(p, a.effective[k]).replace(/^\d+ ?/, "")),
                       el("td", {class: "cause"},
                          overrides[k] ? `${causeText(id, k)}: ${overrides[k].justification}` : causeText(id, k))))));
  const paths = el("section", {id: "explanations"}, el("h3", {}, "Why: the explanation path per property"));
  let firstPath = null;
  keys.forEach((k, p) => {
    const steps = state.assessment.explain(id, k);
    if (!firstPath) firstPath = steps.map((s) => s.asset);
    paths.append(
        el("details", {"data-property": k, open: p === 0},
           el("summary", {}, `${propertyName(p)}: ${levelName(p, a.effective[k])}`),
           el("ol", {class: "path"},
              steps.map(
                  (s) =>
                      el("li", {"data-asset": s.asset}, assetLink(s.asset),
                         ` ${levelName(p, s.level)} — ${s.cause}${s.via ? ` (via ${s.via})` : ""}`)))));
  });
  const ups = state.depsTo.get(id) ?? [];
  const downs = state.depsFrom.get(id) ?? [];
  // A group's k of n, from the members the page knows.
  // A group's k of n, counted once per source shown (from the members the page knows).
  const tallies = new Map();
  const groupText = (d) => {
    if (!d.group) return "";
    const key = JSON.stringify([d.from, d.group]);
    if (!tallies.has(key)) {
      const members = (state.depsFrom.get(d.from) ?? []).filter((x) => x.group === d.group);
      tallies.set(key, {n: members.length, k: members.reduce((k, x) => (x.need ? x.need : k), 1)});
    }
    const t = tallies.get(key);
    return ` (group ${d.group}, ${t.k} of ${t.n} needed)`;
  };
  const depList = (list, other) =>
      el("ul", {},
         list.map(
             (d) =>
                 el("li", {}, assetLink(d[other]), ` ${d.type}${groupText(d)}`, " ",
                    el("button", {
                      type: "button",
                      class: "remove-dependency",
                      onclick: () =>
                          whatIf(`remove ${d.from} → ${d.to}`, {op: "removeDep", from: d.from, to: d.to, type: d.type})
                    },
                       "remove"))));
  $("#asset").replaceChildren(
      el("h2", {tabindex: "-1", id: "asset-title"}, id, src.name ? ` — ${src.name}` : ""),
      el("p", {}, `${a.kind}${src.owner ? `, owned by ${src.owner}` : ""}`), levels, paths,
      el("section", {}, el("h3", {}, "Around it"), legend(), focusedGraph(id, firstPath)),
      el("section", {}, el("h3", {}, "Depends on it (upstream)"), depList(ups, "from"),
         el("h3", {}, "It depends on (downstream)"), depList(downs, "to")),
      whatIfForm(id, own, overrides));
  $("#asset-title").focus();
}

// --- what if ----------------------------------------------------------------
function whatIfForm(id, own, overrides) {
  const prop =
      el("select", {id: "whatif-property", "aria-label": "property"},
         keys.map((k, p) => el("option", {value: k}, propertyName(p))));
  const level = el("select", {id: "whatif-level", "aria-label": "level"});
  const fillLevels = () => {
    const p = keys.indexOf(prop.value);
    level.replaceChildren(
        el("option", {value: ""}, "unassessed"),
        ...scheme.properties[p].levels.map((_, l) => el("option", {value: l}, levelName(p, l))));
    level.value = own[prop.value] ?? "";
  };
  prop.addEventListener("change", fillLevels);
  fillLevels();
  const just = el("input", {
    id: "whatif-justification",
    type: "text",
    "aria-label": "justification for an override",
    placeholder: "justification (for an override)"
  });
  const depTo = el("input", {
    id: "whatif-dep-to",
    type: "text",
    "aria-label": "asset it depends on",
    list: "asset-ids",
    placeholder: "asset id"
  });
  if (state.assets.length > 2000) depTo.addEventListener("input", () => suggestIds(depTo.value));
  const depType =
      el("select", {id: "whatif-dep-type", "aria-label": "dependency type"},
         meta.types.map((t) => el("option", {value: t}, t)));
  const depGroup = el("input", {
    id: "whatif-dep-group",
    type: "text",
    "aria-label": "redundancy group (optional)",
    placeholder: "redundancy group (optional)"
  });
  const depNeed = el("input", {
    id: "whatif-dep-need",
    type: "number",
    min: "1",
    "aria-label": "members the group needs (optional)",
    placeholder: "needs k (optional)"
  });
  const pv = () => prop.value;
  const lv = () => (level.value === "" ? null : Number(level.value));
  return el(
      "section", {id: "whatif"}, el("h3", {}, "What if"),
      el("p", {}, prop, " ", level, " ",
         el("button", {
           type: "button",
           id: "whatif-set-level",
           onclick: () =>
               whatIf(`${id} ${pv()} own = ${lv() ?? "unassessed"}`, {op: "level", id, key: pv(), level: lv()})
         },
            "set own level"),
         " ", just, " ",
         el("button", {
           type: "button",
           id: "whatif-set-override",
           onclick: () => whatIf(
               `${id} ${pv()} override = ${lv()}`,
               {op: "override", id, key: pv(), level: lv(), justification: just.value, effect: "manual"})
         },
            "override"),
         " ",
         el("button", {
           type: "button",
           id: "whatif-clear-override",
           disabled: Object.keys(overrides).length === 0,
           onclick: () => whatIf(`${id} ${pv()} override removed`, {op: "clear", id, key: pv()})
         },
            "remove override")),
      el("p", {}, `${id} depends on `, depTo, " ", depType, " ", depGroup, " ", depNeed, " ",
         el("button",
            {
              type: "button",
              id: "whatif-add-dependency",
              onclick: () => whatIf(`add ${id} → ${depTo.value}`, {
                op: "addDep",
                from: id,
                to: depTo.value,
                type: depType.value,
                group: depGroup.value || null,
                need: depNeed.value === "" ? 0 : Number(depNeed.value)
              })
            },
            "add dependency")));
}

// The change that puts back the override `old` of edit.id / edit.key (none: clear it).
function restoreOverride(edit, old) {
  if (!old) return {op: "clear", id: edit.id, key: edit.key};
  return {
    op: "override",
    id: edit.id,
    key: edit.key,
    level: old.level,
    justification: old.justification,
    effect: old.effect ?? "manual"
  };
}

// A change to the model: made in the engine, then mirrored in the page's copy
// of the assets and dependencies. Returns the change that undoes it.
function apply(edit) {
  const m = state.model;
  const src = state.assetById.get(edit.id ?? edit.from);
  switch (edit.op) {
    case "level": {
      const had = src?.classification && edit.key in src.classification;
      const old = had ? (src.classification[edit.key] === null ? "na" : src.classification[edit.key]) : null;
      m.setLevel(edit.id, edit.key, edit.level);
      src.classification ??= {};
      if (edit.level === null)
        delete src.classification[edit.key];
      else
        src.classification[edit.key] = edit.level === "na" ? null : edit.level;
      return {op: "level", id: edit.id, key: edit.key, level: old};
    }
    case "override": {
      const old = src?.overrides?.[edit.key];
      m.setOverride(edit.id, edit.key, edit.level, edit.justification, edit.effect);
      src.overrides = {
        ...(src.overrides ?? {}),
        [edit.key]: {level: edit.level, effect: edit.effect, justification: edit.justification}
      };
      return restoreOverride(edit, old);
    }
    case "clear": {
      const old = src?.overrides?.[edit.key];
      m.clearOverride(edit.id, edit.key);
      if (old) delete src.overrides[edit.key];
      return restoreOverride(edit, old);
    }
    case "addDep": {
      m.addDependency(edit.from, edit.to, edit.type, edit.group, edit.need ?? 0);
      state.deps.push({from: edit.from, to: edit.to, type: edit.type, group: edit.group, need: edit.need ?? 0});
      indexDeps();
      return {op: "removeDep", from: edit.from, to: edit.to, type: edit.type};
    }
    case "removeDep": {
      const d = state.deps.find((x) => x.from === edit.from && x.to === edit.to && x.type === edit.type);
      m.removeDependency(edit.from, edit.to, edit.type);
      state.deps = state.deps.filter((x) => x !== d);
      indexDeps();
      return {op: "addDep", from: edit.from, to: edit.to, type: edit.type, group: d?.group ?? null, need: d?.need ?? 0};
    }
    default:
      throw new Error(`unknown change ${edit.op}`);
  }
}

function whatIf(label, edit) {
  const before = state.result;
  let inverse;
  try {
    inverse = apply(edit);
  } catch (e) {
    $("#status").textContent = `Not changed: ${e.message}`;
    return;
  }
  const t = performance.now();
  try {
    propagateNow();
  } catch (e) {
    // The edited model cannot be propagated (a group left needing more
    // members than it has): the change is taken back.
    apply(inverse);
    $("#status").textContent = `Not changed: ${e.message}`;
    return;
  }
  const ms = performance.now() - t;
  state.history.push({label, inverse});
  state.changes = diff(before, state.result);
  refresh();
  const total = performance.now() - t;
  // The figures the benchmark reads (bench/explorer_budgets.py).
  document.body.dataset.whatifEngineMs = ms.toFixed(1);
  document.body.dataset.whatifMs = total.toFixed(1);
  $("#status").textContent = `${label}: ${state.changes.length} levels moved (propagated in ${
      ms.toFixed(1)} ms, page updated in ${total.toFixed(0)} ms).`;
}

// Assets keep their places (the page adds and removes none): compared by index.
function diff(before, after) {
  const out = [];
  after.assets.forEach((a, i) => {
    const b = before.assets[i];
    for (const k of keys) {
      const from = b ? b.effective[k] : null;
      if (!b || from !== a.effective[k]) out.push({id: a.id, key: k, from, to: a.effective[k]});
    }
  });
  return out;
}

function undo() {
  const last = state.history.pop();
  if (!last) return;
  const before = state.result;
  apply(last.inverse);
  propagateNow();
  state.changes = diff(before, state.result);
  $("#status").textContent = `Undone: ${last.label}.`;
  refresh();
}

function renderChanges() {
  const body = el(
      "tbody", {},
      state.changes.map(
          (c) => el(
              "tr", {"data-asset": c.id, "data-property": c.key}, el("td", {}, assetLink(c.id)), el("td", {}, c.key),
              el("td", {class: "num"}, levelName(keys.indexOf(c.key), c.from)),
              el("td", {class: "num"}, levelName(keys.indexOf(c.key), c.to)), el("td", {}, causeText(c.id, c.key)))));
  $("#changes")
      .replaceChildren(
          el("h2", {}, "Changes"),
          el("p", {},
             el("button", {type: "button", id: "undo", disabled: state.history.length === 0, onclick: undo},
                `undo (${state.history.length})`),
             " ", el("button", {type: "button", id: "download", onclick: download}, "download the model (JSON)")),
          state.changes.length ?
              el("table", {id: "changes-table"},
                 el("caption", {}, `${state.changes.length} levels moved by the last change`),
                 el("thead", {},
                    el("tr", {},
                       ["asset", "property", "old", "new", "new cause"].map((h) => el("th", {scope: "col"}, h)))),
                 body) :
              el("p", {}, "No change yet: try one on an asset's page."));
}

// The edited model in the native format, written by the engine when asked.
function download() {
  const a = el("a", {
    href: URL.createObjectURL(new Blob([state.model.toJSONText()], {type: "application/json"})),
    download: meta.file ?? "model.json"
  });
  document.body.append(a);
  a.click();
  a.remove();
}

// --- findings -----------------------------------------------------------------
function deviations() {
  const out = [];
  for (const a of state.result.assets) {
    const src = state.assetById.get(a.id) ?? {};
    for (const k of keys) {
      if (a.effective[k] !== a.derived[k])
        out.push({
          id: a.id,
          key: k,
          what: a.effective[k] < a.derived[k] ? "lowered by an override" : "raised by an override",
          detail: src.overrides?.[k]?.justification ?? ""
        });
    }
    if (a.kind === "information" && keys.some((k) => !src.classification || src.classification[k] === undefined))
      out.push({
        id: a.id,
        key: keys.filter((k) => !src.classification || src.classification[k] === undefined).join(" "),
        what: "information not assessed",
        detail: ""
      });
  }
  return out;
}

function findingsTable(id, caption, rows, columns, note) {
  const filter = el("input", {type: "search", "aria-label": `filter ${caption}`, placeholder: "filter"});
  const body = el("tbody");
  const fill = () =>
      body.replaceChildren(...rows.filter((r) => JSON.stringify(r).toLowerCase().includes(filter.value.toLowerCase()))
                               .slice(0, PAGE)
                               .map(
                                   (r) =>
                                       el("tr", {},
                                          columns.map(
                                              ([k]) =>
                                                  el("td", {},
                                                     k === "id"              ? assetLink(r[k]) :
                                                         Array.isArray(r[k]) ? r[k].join(", ") :
                                                                               r[k] ?? "")))));
  filter.addEventListener("input", fill);
  fill();
  return el(
      "section", {id}, el("h3", {}, caption, note ? el("small", {}, ` (${note})`) : ""), filter,
      el("table", {}, el("caption", {}, `${rows.length} ${caption.toLowerCase()}`),
         el("thead", {}, el("tr", {}, columns.map(([, h]) => el("th", {scope: "col"}, h)))), body));
}

function renderFindings() {
  $("#findings")
      .replaceChildren(
          el("h2", {}, "Findings"),
          findingsTable(
              "deviations", "Deviations", deviations(),
              [["id", "asset"], ["key", "property"], ["what", "what"], ["detail", "justification"]], "recomputed"),
          findingsTable(
              "spof", "Single points of failure", meta.spof ?? [],
              [["id", "asset"], ["count", "assets it brings down"], ["brings_down", "brings down"]],
              `as exported${
                  meta.spof_total > (meta.spof ?? []).length ?
                      `; the ${meta.spof.length} most severe of ${meta.spof_total}` :
                      ""}`),
          findingsTable(
              "gaps", "Gaps", meta.gaps ?? [], [["id", "asset"], ["property", "property"], ["what", "gap"]],
              `as exported${
                  meta.gaps_total > (meta.gaps ?? []).length ?
                      `; the ${meta.gaps.length} most severe of ${meta.gaps_total}` :
                      ""}`),
          findingsTable(
              "reviews", "Reviews", meta.reviews ?? [], [["id", "asset"], ["what", "finding"]],
              `as exported on ${meta.today}${
                  meta.reviews_total > (meta.reviews ?? []).length ?
                      `; the first ${meta.reviews.length} of ${meta.reviews_total}` :
                      ""}`));
}

// --- navigation -------------------------------------------------------------
// After a change: the panels on screen now; the asset list (hidden while an
// asset is shown) when it is shown next.
function refresh() {
  state.listDirty = true;
  renderChanges();
  renderFindings();
  route();
}

function route() {
  const m = location.hash.match(/^#asset\/(.+)$/);
  const onAsset = Boolean(m);
  $("#asset").hidden = !onAsset;
  $("#browse").hidden = onAsset;
  if (onAsset) {
    renderAsset(decodeURIComponent(m[1]));
  } else if (state.listDirty) {
    state.listDirty = false;
    renderFilters();
    renderList();
  }
}

$("#search").addEventListener("input", (e) => {
  state.query = e.target.value;
  state.shown = PAGE;
  renderList();
});
window.addEventListener("hashchange", route);
document.addEventListener("keydown", (e) => {
  if (e.key === "/" && document.activeElement !== $("#search")) {
    e.preventDefault();
    $("#search").focus();
  }
});
// Suggestions for an asset id: every id for a small model, else the first 50
// that contain what is typed (a list of 10^5 options would slow the page).
function suggestIds(typed) {
  const q = typed.trim().toLowerCase();
  const ids = state.assets.length <= 2000 ? state.assets.map((a) => a.id) :
      q ? state.assets.map((a) => a.id).filter((id) => id.toLowerCase().includes(q)).slice(0, 50) :
          [];
  $("#asset-ids").replaceChildren(...ids.map((id) => el("option", {value: id})));
}
suggestIds("");
refresh();
$("#status").textContent = `${state.result.assets.length} assets, ${
    state.deps.length} dependencies; propagated in the page in ${(performance.now() - t0).toFixed(0)} ms.`;
document.body.dataset.readyMs = performance.now().toFixed(0);  // since the page began to load
document.body.dataset.ready = "true";
