// SPDX-License-Identifier: Apache-2.0
// infoclass for JavaScript: the engine compiled to WebAssembly, driven through
// the C API (include/infoclass/infoclass.h), the one boundary every foreign
// caller uses.
//
//   import * as infoclass from "infoclass";
//   const m = await infoclass.load(jsonText);
//   const a = m.propagate();
//   a.effective("srv-01");            // { K: 3, R: 2, T: 2, S: 3 }
//   a.explain("srv-01", "K");         // [{ asset, level, cause, via }, ...]
//   m.setLevel("socialakter", "K", 2);
//   m.propagate();                    // incremental: only what the change affects
//
// Text crosses into the engine as UTF-8, NFC-normalised here (the WebAssembly
// build has no Unicode tables of its own). Errors are InfoclassError, with the
// message the command line prints after `infoclass: FILE:`.

const STATUS = ["ok", "invalid", "io", "argument", "memory", "internal"];
const NO_LEVEL = -1;
const NOT_APPLICABLE = -2;

/** A failed call: `status` is "invalid" (bad input), "argument", "memory" or "internal". */
export class InfoclassError extends Error {
  constructor(message, status) {
    super(message);
    this.name = "InfoclassError";
    this.status = STATUS[status] ?? String(status);
  }
}

let enginePromise = null;

async function nodeFactory() {
  const {createRequire} = await import("node:module");
  const require = createRequire(import.meta.url);
  const path =
      globalThis.process?.env?.INFOCLASS_ENGINE || new URL("./dist/infoclass_engine.js", import.meta.url).pathname;
  return require(path);
}

/**
 * The engine, instantiated once. `options.factory`: a createInfoclassEngine
 * function (the explorer inlines it); otherwise the global one (a page that
 * loaded infoclass_engine.js), or in Node the file named by INFOCLASS_ENGINE,
 * else dist/infoclass_engine.js beside this module.
 */
export function engine(options = {}) {
  if (enginePromise === null || options.factory) {
    enginePromise = (async () => {
      let factory = options.factory ?? globalThis.createInfoclassEngine;
      if (!factory && globalThis.process?.versions?.node) {
        factory = await nodeFactory();
      }
      if (!factory) {
        throw new InfoclassError("the WebAssembly engine is not loaded (infoclass_engine.js)", 5);
      }
      return new Engine(await factory());
    })();
  }
  return enginePromise;
}

/** Reads a model from its native JSON text. */
export async function load(jsonText, options = {}) {
  return (await engine(options)).load(jsonText);
}

/** The version of the engine, "MAJOR.MINOR.PATCH". */
export async function version(options = {}) {
  return (await engine(options)).version();
}

const registry = new FinalizationRegistry(({free, ptr}) => free(ptr));

class Engine {
  constructor(mod) {
    this.m = mod;
    this.scratch = mod._malloc(16);
  }

  version() {
    return this.m.UTF8ToString(this.m._infoclass_version());
  }

  // Calls fn with the C strings of `texts` (NFC, UTF-8), freeing them after.
  withStrings(texts, fn) {
    const ptrs = texts.map((t) => {
      if (t === null || t === undefined) return 0;
      const s = String(t).normalize("NFC");
      const n = this.m.lengthBytesUTF8(s) + 1;
      const p = this.m._malloc(n);
      this.m.stringToUTF8(s, p, n);
      return p;
    });
    try {
      return fn(...ptrs);
    } finally {
      for (const p of ptrs)
        if (p) this.m._free(p);
    }
  }

  check(status) {
    if (status !== 0) {
      throw new InfoclassError(this.m.UTF8ToString(this.m._infoclass_last_error()), status);
    }
  }

  out(slot) {
    return this.m.getValue(this.scratch + 4 * slot, "i32");
  }

  // Takes a string the engine allocated (char** at slot 0), and frees it.
  takeString() {
    const p = this.m.getValue(this.scratch, "*");
    try {
      return this.m.UTF8ToString(p);
    } finally {
      this.m._infoclass_string_free(p);
    }
  }

  load(jsonText) {
    const text = String(jsonText).normalize("NFC");
    const n = this.m.lengthBytesUTF8(text);
    const p = this.m._malloc(n + 1);
    try {
      this.m.stringToUTF8(text, p, n + 1);
      this.check(this.m._infoclass_model_from_json(p, n, this.scratch));
    } finally {
      this.m._free(p);
    }
    return new Model(this, this.m.getValue(this.scratch, "*"));
  }
}

function levelIn(level) {
  if (level === null || level === undefined) return NO_LEVEL;
  if (level === "na") return NOT_APPLICABLE;
  if (!Number.isInteger(level) || level < 0) {
    throw new InfoclassError(`level ${JSON.stringify(level)}: expected a level (0, 1, ...), null or "na"`, 3);
  }
  return level;
}

function levelOut(level) {
  return level === NO_LEVEL ? null : level;
}

// A handle inside the engine, freed by free() or by the garbage collector.
class Handle {
  constructor(eng, ptr, freeName, what) {
    this.e = eng;
    this.ptr = ptr;
    this.freeName = freeName;
    this.what = what;
    this.token = {};
    registry.register(this, {free: (p) => eng.m[freeName](p), ptr}, this.token);
  }

  handle() {
    if (!this.ptr) throw new InfoclassError(`the ${this.what} was freed`, 3);
    return this.ptr;
  }

  /** Releases the engine's memory now (otherwise the garbage collector does). */
  free() {
    if (this.ptr) {
      registry.unregister(this.token);
      this.e.m[this.freeName](this.ptr);
      this.ptr = 0;
    }
  }
}

/** A model in the engine. Call free() when done (or leave it to the garbage collector). */
export class Model extends Handle {
  constructor(eng, ptr) {
    super(eng, ptr, "_infoclass_model_free", "model");
  }

  /** Numbers of assets and dependencies. */
  get size() {
    const e = this.e;
    e.check(e.m._infoclass_model_size(this.handle(), e.scratch, e.scratch + 4));
    return {assets: e.out(0), dependencies: e.out(1)};
  }

  /** The scheme's property keys, in order (`["K", "R", "T", "S"]`). */
  get properties() {
    const e = this.e;
    e.check(e.m._infoclass_model_properties(this.handle(), e.scratch));
    const count = e.out(0);
    const keys = [];
    for (let i = 0; i < count; ++i) {
      e.check(e.m._infoclass_model_property_key(this.handle(), i, e.scratch));
      keys.push(e.m.UTF8ToString(e.m.getValue(e.scratch, "*")));
    }
    return keys;
  }

  /** Propagates; `incremental` (default) recomputes only what changed since the last run. */
  propagate({incremental = true} = {}) {
    const e = this.e;
    e.check(e.m._infoclass_propagate(this.handle(), incremental ? 1 : 0, e.scratch));
    return new Assessment(e, e.m.getValue(e.scratch, "*"), this.properties);
  }

  /** Sets the owner's assessment of one property: a level, null (unassessed) or "na". */
  setLevel(id, property, level) {
    const e = this.e;
    const l = levelIn(level);
    e.withStrings([id, property], (i, p) => e.check(e.m._infoclass_model_set_level(this.handle(), i, p, l)));
  }

  /** Overrides the derived level, with a justification; effect "manual", "cumulation" or "distribution". */
  setOverride(id, property, level, justification, effect = "manual") {
    const e = this.e;
    const l = levelIn(level);
    e.withStrings(
        [id, property, effect, justification],
        (i, p, ef, j) => e.check(e.m._infoclass_model_set_override(this.handle(), i, p, l, ef, j)),
    );
  }

  /** Removes an override; false if there was none. */
  clearOverride(id, property) {
    const e = this.e;
    e.withStrings(
        [id, property], (i, p) => e.check(e.m._infoclass_model_clear_override(this.handle(), i, p, e.scratch)));
    return e.out(0) === 1;
  }

  /** Adds an asset without levels. */
  addAsset({id, kind, name = null, owner = null}) {
    const e = this.e;
    e.withStrings(
        [id, kind, name, owner], (i, k, n, o) => e.check(e.m._infoclass_model_add_asset(this.handle(), i, k, n, o)));
  }

  /** Removes an asset and its dependencies. */
  removeAsset(id) {
    const e = this.e;
    e.withStrings([id], (i) => e.check(e.m._infoclass_model_remove_asset(this.handle(), i)));
  }

  /**
   * Adds the dependency from -> to (requirements flow from `from` to `to`),
   * optionally in a redundancy group that needs `need` of its members (k of n;
   * 0: not stated, what another member states, else 1).
   */
  addDependency(from, to, type, group = null, need = 0) {
    const e = this.e;
    if (need !== 0 && need !== null && need !== undefined) {
      if (!Number.isInteger(need) || need < 1) throw new InfoclassError(`need ${need}: a whole number >= 1`, 1);
      e.withStrings(
          [from, to, type, group],
          (f, t, ty, g) => e.check(e.m._infoclass_model_add_group_member(this.handle(), f, t, ty, g, need)),
      );
      return;
    }
    e.withStrings(
        [from, to, type, group],
        (f, t, ty, g) => e.check(e.m._infoclass_model_add_dependency(this.handle(), f, t, ty, g)),
    );
  }

  /**
   * Adds many dependencies without a group at once: `from[i]` and `to[i]` are
   * asset indices in model order, `type[i]` an index into `types`. All or nothing.
   */
  addDependencies(from, to, type, types) {
    const e = this.e;
    const count = from.length;
    if (to.length !== count || type.length !== count) {
      throw new InfoclassError(
          `addDependencies: from, to and type differ in length (${count}, ${to.length}, ${type.length})`, 1);
    }
    const bytes = Math.max(4 * count, 4);
    const pf = e.m._malloc(bytes);
    const pt = e.m._malloc(bytes);
    const py = e.m._malloc(bytes);
    const names = e.m._malloc(Math.max(4 * types.length, 4));
    try {
      e.m.HEAPU32.set(from, pf >>> 2);
      e.m.HEAPU32.set(to, pt >>> 2);
      e.m.HEAPU32.set(type, py >>> 2);
      e.withStrings(types, (...ptrs) => {
        e.m.HEAPU32.set(ptrs, names >>> 2);
        e.check(e.m._infoclass_model_add_dependencies(this.handle(), count, pf, pt, py, names, types.length));
      });
    } finally {
      for (const p of [pf, pt, py, names]) e.m._free(p);
    }
  }

  /** Removes a dependency; false if there was none. */
  removeDependency(from, to, type) {
    const e = this.e;
    e.withStrings(
        [from, to, type],
        (f, t, ty) => e.check(e.m._infoclass_model_remove_dependency(this.handle(), f, t, ty, e.scratch)),
    );
    return e.out(0) === 1;
  }

  /** The model in the native JSON format (text), as `infoclass` writes it. */
  toJSONText() {
    const e = this.e;
    e.check(e.m._infoclass_model_to_json(this.handle(), e.scratch, 0));
    return e.takeString();
  }
}

/** The levels and causes of one propagation; it never changes. */
export class Assessment extends Handle {
  constructor(eng, ptr, properties) {
    super(eng, ptr, "_infoclass_assessment_free", "assessment");
    this.properties = properties;
  }

  get size() {
    const e = this.e;
    e.check(e.m._infoclass_assessment_size(this.handle(), e.scratch));
    return e.out(0);
  }

  level(fn, id, property) {
    const e = this.e;
    if (property === undefined) {
      const all = {};
      for (const key of this.properties) all[key] = this.level(fn, id, key);
      return all;
    }
    e.withStrings([id, property], (i, p) => e.check(e.m[fn](this.handle(), i, p, e.scratch)));
    return levelOut(e.out(0));
  }

  /** Effective level (after overrides) of one property, or all as `{K: 3, ...}`; null where there is none. */
  effective(id, property) {
    return this.level("_infoclass_effective", id, property);
  }

  /** Derived level (before overrides), as effective(). */
  derived(id, property) {
    return this.level("_infoclass_derived", id, property);
  }

  /** Why the asset has its effective level, in one line ("edge from app (runs_on)"). */
  cause(id, property) {
    const e = this.e;
    e.withStrings([id, property], (i, p) => e.check(e.m._infoclass_cause(this.handle(), i, p, e.scratch)));
    return e.takeString();
  }

  /** The explanation path: [{asset, level, cause, via}], from `id` back to the origin. */
  explain(id, property) {
    const e = this.e;
    e.withStrings([id, property], (i, p) => e.check(e.m._infoclass_explain(this.handle(), i, p, e.scratch)));
    const x = e.m.getValue(e.scratch, "*");
    try {
      e.check(e.m._infoclass_explanation_size(x, e.scratch));
      const n = e.out(0);
      const steps = [];
      const at = e.m._malloc(16);
      try {
        for (let k = 0; k < n; ++k) {
          e.check(e.m._infoclass_explanation_step(x, k, at, at + 4, at + 8, at + 12));
          steps.push({
            asset: e.m.UTF8ToString(e.m.getValue(at, "*")),
            level: levelOut(e.m.getValue(at + 4, "i32")),
            cause: e.m.UTF8ToString(e.m.getValue(at + 8, "*")),
            via: e.m.UTF8ToString(e.m.getValue(at + 12, "*")) || null,
          });
        }
      } finally {
        e.m._free(at);
      }
      return steps;
    } finally {
      e.m._infoclass_explanation_free(x);
    }
  }

  /** The explanation as `infoclass explain --format json` gives it (an object). */
  explainJSON(id, property) {
    const e = this.e;
    e.withStrings([id, property], (i, p) => e.check(e.m._infoclass_explain_json(this.handle(), i, p, e.scratch, 0)));
    return JSON.parse(e.takeString());
  }

  /**
   * Every asset's levels at once, in model order (the order of the model's
   * JSON assets): an Int8Array of assets x properties, `levels[i * P + p]`, -1
   * where there is no level. `which`: "effective" (default) or "derived".
   */
  levels(which = "effective") {
    if (which !== "effective" && which !== "derived") {
      throw new InfoclassError(`levels: which is ${which}: "effective" or "derived"`, 1);
    }
    const e = this.e;
    const size = this.size * this.properties.length;
    const at = e.m._malloc(Math.max(size, 1));
    try {
      e.check(e.m._infoclass_assessment_levels(this.handle(), which === "effective" ? 0 : 1, at, size));
      return e.m.HEAP8.slice(at, at + size);
    } finally {
      e.m._free(at);
    }
  }

  /** Every asset's levels and causes as `infoclass propagate --format json` gives them (an object). */
  toJSON() {
    const e = this.e;
    e.check(e.m._infoclass_assessment_to_json(this.handle(), e.scratch, 0));
    return JSON.parse(e.takeString());
  }
}
