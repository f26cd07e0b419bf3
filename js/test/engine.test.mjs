// SPDX-License-Identifier: Apache-2.0
// The JavaScript package against the command line: the same levels, causes,
// explanations and error messages, on the shipped example and on random
// models, full runs and incremental ones. Run by CTest:
//   INFOCLASS_ENGINE=build/wasm/infoclass_engine.js INFOCLASS_CLI=build/infoclass node --test js/test
import assert from "node:assert/strict";
import {execFileSync, spawnSync} from "node:child_process";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {test} from "node:test";

import * as infoclass from "../infoclass.mjs";

const cli = process.env.INFOCLASS_CLI;
const source = process.env.INFOCLASS_SOURCE_DIR ?? new URL("../..", import.meta.url).pathname;
const example = join(source, "examples/municipality/model.json");
const work = mkdtempSync(join(tmpdir(), "infoclass-js-"));
process.on("exit", () => rmSync(work, {recursive: true, force: true}));

function cliJSON(...args) {
  return JSON.parse(execFileSync(cli, args, {encoding: "utf8", maxBuffer: 1 << 28}));
}

function cliOnText(text, ...args) {
  const file = join(work, `model-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, text);
  return cliJSON(args[0], file, ...args.slice(1));
}

// A deterministic generator (mulberry32), so that a failure can be replayed.
function rng(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = ["information", "process", "application", "service", "server", "network", "site", "supplier"];
const TYPES =
    ["processed_by", "stored_on", "depends_on", "runs_on", "uses", "located_in", "backed_up_to", "operated_by"];

// A random model: some assets assessed, dependencies mostly downwards (so that
// most of the graph is acyclic) with some back edges for cycles, redundancy
// groups, overrides; ids with non-ASCII letters.
function randomModel(seed) {
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const n = 5 + Math.floor(r() * 40);
  const assets = [];
  for (let i = 0; i < n; ++i) {
    const a = {id: `${pick(["a", "å", "ö", "srv", "app"])}-${i}`, kind: pick(KINDS)};
    if (r() < 0.4) {
      a.classification = {};
      for (const k of ["K", "R", "T", "S"])
        if (r() < 0.8) a.classification[k] = 1 + Math.floor(r() * 4);
    }
    if (r() < 0.1) {
      a.overrides = {T: {level: 1 + Math.floor(r() * 4), effect: "manual", justification: "beslut i ledningsgruppen"}};
    }
    assets.push(a);
  }
  const dependencies = [];
  const seen = new Set();
  const m = Math.floor(n * (1 + r() * 2));
  for (let e = 0; e < m; ++e) {
    let from = Math.floor(r() * n);
    let to = Math.floor(r() * n);
    if (from === to) continue;
    if (from > to && r() < 0.85) [from, to] = [to, from];
    const type = pick(TYPES);
    const key = `${from}>${to}>${type}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const d = {from: assets[from].id, to: assets[to].id, type};
    if (type === "runs_on" && r() < 0.3) d.group = `kluster-${from}`;
    dependencies.push(d);
  }
  return {infoclass: 1, scheme: "se-klassa", assets, dependencies};
}

// Assets on a cycle (Tarjan), where causes may legitimately differ between a
// full and an incremental run.
function cyclic(model) {
  const ids = model.assets.map((a) => a.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const out = ids.map(() => []);
  for (const d of model.dependencies) out[index.get(d.from)].push(index.get(d.to));
  const num = new Array(ids.length).fill(-1);
  const low = new Array(ids.length).fill(0);
  const on = new Array(ids.length).fill(false);
  const stack = [];
  const result = new Set();
  let counter = 0;
  const visit = (v) => {
    num[v] = low[v] = counter++;
    stack.push(v);
    on[v] = true;
    for (const w of out[v]) {
      if (num[w] < 0) {
        visit(w);
        low[v] = Math.min(low[v], low[w]);
      } else if (on[w])
        low[v] = Math.min(low[v], num[w]);
    }
    if (low[v] === num[v]) {
      const comp = [];
      let w;
      do {
        w = stack.pop();
        on[w] = false;
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1)
        for (const c of comp) result.add(ids[c]);
    }
  };
  for (let v = 0; v < ids.length; ++v)
    if (num[v] < 0) visit(v);
  return result;
}

function levels(result) {
  return Object.fromEntries(result.assets.map((a) => [a.id, {derived: a.derived, effective: a.effective}]));
}

function causesOutside(result, skip) {
  return Object.fromEntries(result.assets.filter((a) => !skip.has(a.id)).map((a) => [a.id, a.cause]));
}

test("the shipped example: levels and causes equal `infoclass propagate --format json`", async () => {
  const m = await infoclass.load(readFileSync(example, "utf8"));
  assert.deepEqual(m.size, {assets: 104, dependencies: 221});
  assert.deepEqual(m.propagate().toJSON(), cliJSON("propagate", example, "--format", "json"));
});

test("explanations equal `infoclass explain --format json`, step by step", async () => {
  const m = await infoclass.load(readFileSync(example, "utf8"));
  const a = m.propagate();
  for (const [id, key] of [["srv-sql-01", "K"], ["srv-sql-01", "T"], ["socialakter", "T"], ["net-kommunnät", "R"]]) {
    const want = cliJSON("explain", example, id, key, "--format", "json");
    assert.deepEqual(a.explainJSON(id, key), want);
    const steps = a.explain(id, key);
    assert.deepEqual(steps.map((s) => s.asset), want.path.map((s) => s.asset));
    assert.deepEqual(steps.map((s) => s.level), want.path.map((s) => s.level));
    assert.deepEqual(steps.map((s) => s.via), want.path.map((s) => s.via));
  }
});

test(
    "random models: full runs equal the CLI; a change run incrementally equals the CLI on the edited model",
    async () => {
      for (let seed = 1; seed <= 40; ++seed) {
        const model = randomModel(seed);
        const text = JSON.stringify(model);
        const m = await infoclass.load(text);
        const full = m.propagate({incremental: false}).toJSON();
        assert.deepEqual(full, cliOnText(text, "propagate", "--format", "json"), `seed ${seed}: full run`);
        const r = rng(seed * 7919);
        for (let change = 0; change < 3; ++change) {
          const id = model.assets[Math.floor(r() * model.assets.length)].id;
          const key = ["K", "R", "T", "S"][Math.floor(r() * 4)];
          const level = r() < 0.25 ? null : 1 + Math.floor(r() * 4);
          m.setLevel(id, key, level);
          const after = m.propagate();
          const incremental = after.toJSON();
          // levels(): the same numbers by column, in model order.
          const keys = ["K", "R", "T", "S"];
          for (const which of ["effective", "derived"]) {
            const col = after.levels(which);
            assert.equal(col.length, incremental.assets.length * 4);
            incremental.assets.forEach(
                (a, i) => keys.forEach(
                    (k, p) => assert.equal(
                        col[i * 4 + p], a[which][k] ?? -1, `seed ${seed}: levels(${which}) ${a.id} ${k}`)));
          }
          const edited = m.toJSONText();
          const want = cliOnText(edited, "propagate", "--format", "json");
          assert.deepEqual(levels(incremental), levels(want), `seed ${seed}, change ${change}: ${id} ${key}=${level}`);
          const skip = cyclic(JSON.parse(edited));
          assert.deepEqual(causesOutside(incremental, skip), causesOutside(want, skip), `seed ${seed}: causes`);
        }
        m.free();
      }
    });

test("editing: assets, dependencies, overrides; the model's JSON reads back in the CLI", async () => {
  const m = await infoclass.load(readFileSync(example, "utf8"));
  m.propagate();
  m.addAsset({id: "srv-ny", kind: "server", name: "Ny server"});
  m.addDependency("app-socialsystem", "srv-ny", "runs_on");
  m.setOverride("srv-ny", "T", 1, "Reservserver, kan vara nere en vecka");
  let a = m.propagate();
  assert.equal(a.effective("srv-ny", "K"), 3);
  assert.equal(a.effective("srv-ny", "T"), 1);
  assert.equal(
      a.derived("srv-ny", "T"),
      cliOnText(m.toJSONText(), "propagate", "--format", "json").assets.find((x) => x.id === "srv-ny").derived.T);
  assert.equal(m.clearOverride("srv-ny", "T"), true);
  assert.equal(m.clearOverride("srv-ny", "T"), false);
  assert.equal(m.removeDependency("app-socialsystem", "srv-ny", "runs_on"), true);
  a = m.propagate();
  assert.equal(a.effective("srv-ny", "K"), null);
  m.removeAsset("srv-ny");
  assert.deepEqual(m.propagate().toJSON(), cliJSON("propagate", example, "--format", "json"));
});

test("ids in NFD reach the engine as NFC", async () => {
  const m = await infoclass.load(readFileSync(example, "utf8"));
  const a = m.propagate();
  const nfd = "net-kommunnät".normalize("NFD");
  assert.notEqual(nfd, "net-kommunnät");
  assert.deepEqual(a.effective(nfd), a.effective("net-kommunnät"));
  assert.equal(
      a.effective(nfd, "K"),
      cliJSON("propagate", example, "--format", "json").assets.find((x) => x.id === "net-kommunnät").effective.K);
});

test("errors are InfoclassError with the CLI's message", async () => {
  const bad = "{\"infoclass\": 1, \"scheme\": \"se-klassa\", \"assets\": [{\"id\": \"a\"}]}";
  const file = join(work, "bad.json");
  writeFileSync(file, bad);
  const run = spawnSync(cli, ["propagate", file], {encoding: "utf8"});
  assert.equal(run.status, 2);
  const cliMessage = run.stderr.trim().replace(`infoclass: ${file}:`, "");
  await assert.rejects(infoclass.load(bad), (e) => {
    assert.equal(e.name, "InfoclassError");
    assert.equal(e.status, "invalid");
    assert.equal(e.message, cliMessage);
    return true;
  });
  const m = await infoclass.load(readFileSync(example, "utf8"));
  assert.throws(() => m.setLevel("finns-inte", "K", 2), {name: "InfoclassError", message: /finns-inte/});
  assert.throws(() => m.setLevel("socialakter", "Q", 2), {name: "InfoclassError", message: /Q/});
  assert.throws(() => m.setLevel("socialakter", "K", 9), {name: "InfoclassError", message: /9/});
  assert.throws(() => m.propagate().explain("socialakter", "X"), {name: "InfoclassError"});
  const freed = await infoclass.load(readFileSync(example, "utf8"));
  freed.free();
  assert.throws(() => freed.propagate(), {name: "InfoclassError", message: "the model was freed"});
});

test("the version is the library's", async () => {
  const cliVersion = execFileSync(cli, ["--version"], {encoding: "utf8"});
  assert.match(cliVersion, new RegExp((await infoclass.version()).replaceAll(".", "\\.")));
});

test("a group that needs 2 of 3 members, and dependencies added by column, equal the CLI", async () => {
  const model = {
    infoclass: 1,
    scheme: "se-klassa",
    assets: [
      {id: "app", kind: "application", classification: {T: 3}}, {id: "n1", kind: "server"}, {id: "n2", kind: "server"},
      {id: "n3", kind: "server"}, {id: "site", kind: "site"}
    ],
    dependencies: [],
  };
  const m = await infoclass.load(JSON.stringify(model));
  m.addDependencies([1, 2, 3], [4, 4, 4], [0, 0, 0], ["located_in"]);
  m.addDependency("app", "n1", "runs_on", "db", 2);
  m.addDependency("app", "n2", "runs_on", "db");
  m.addDependency("app", "n3", "runs_on", "db", 2);
  const text = m.toJSONText();
  assert.equal(JSON.parse(text).dependencies.filter((d) => d.need === 2).length, 2);
  const a = m.propagate();
  assert.deepEqual(a.toJSON(), cliOnText(text, "propagate", "--format", "json"));
  assert.equal(a.effective("n2", "T"), 2);
  assert.equal(a.cause("n2", "T"), "edge from app (runs_on, redundancy group db: 2 of 3 needed)");
  assert.throws(() => m.addDependency("app", "site", "runs_on", "db", 3), /group db needs 3 here, but app -> n1/);
  assert.throws(() => m.addDependencies([0], [9], [0], ["runs_on"]), infoclass.InfoclassError);
  m.free();
});
