// SPDX-License-Identifier: Apache-2.0
// TypeScript declarations of infoclass.mjs.

/** A level (0, 1, ...), or null where there is none (unassessed, blocked). */
export type Level = number|null;
/** Levels by property key: `{ K: 3, R: 2, T: 2, S: 3 }`. */
export type Levels = Record<string, Level>;

/** A failed call; the message is the one the command line prints after `infoclass: FILE:`. */
export class InfoclassError extends Error {
  readonly name: "InfoclassError";
  /** "invalid" (bad input), "io", "argument", "memory" or "internal". */
  readonly status: "invalid"|"io"|"argument"|"memory"|"internal"|string;
}

export interface EngineOptions {
  /** The createInfoclassEngine factory of infoclass_engine.js (default: the global one, or in Node the file). */
  factory?: (module?: object) => Promise<object>;
}

/** Reads a model from its native JSON text (ids and every other text are NFC-normalised first). */
export function load(jsonText: string, options?: EngineOptions): Promise<Model>;
/** The engine's version, "MAJOR.MINOR.PATCH". */
export function version(options?: EngineOptions): Promise<string>;

export interface Step {
  asset: string;
  level: Level;
  /** The cause in one line: "own assessment", "edge from app (runs_on)", ... */
  cause: string;
  /** The dependency type that carried the level to the previous step; null for the first. */
  via: string|null;
}

export class Model {
  /** Numbers of assets and dependencies. */
  readonly size: {assets: number; dependencies: number};
  /** The scheme's property keys, in order. */
  readonly properties: string[];
  /** Propagates; incremental (default) recomputes only what changed since the last run. */
  propagate(options?: {incremental?: boolean}): Assessment;
  /** The owner's assessment of one property (key or role word): a level, null (unassessed) or "na". */
  setLevel(id: string, property: string, level: number|null|"na"): void;
  /** Overrides the derived level, with a justification. */
  setOverride(
      id: string,
      property: string,
      level: number,
      justification: string,
      effect?: "manual"|"cumulation"|"distribution",
      ): void;
  /** Removes an override; false if there was none. */
  clearOverride(id: string, property: string): boolean;
  addAsset(asset: {id: string; kind: string; name?: string | null; owner?: string | null}): void;
  removeAsset(id: string): void;
  /** from -> to: requirements flow from `from` to `to`; `group` names a redundancy group. */
  addDependency(from: string, to: string, type: string, group?: string|null, need?: number): void;
  /** Many dependencies without a group at once, by asset index and type index. */
  addDependencies(from: ArrayLike<number>, to: ArrayLike<number>, type: ArrayLike<number>, types: string[]): void;
  /** Removes a dependency; false if there was none. */
  removeDependency(from: string, to: string, type: string): boolean;
  /** The model in the native JSON format, as `infoclass` writes it. */
  toJSONText(): string;
  /** Releases the engine's memory now (otherwise the garbage collector does). */
  free(): void;
}

export class Assessment {
  readonly properties: string[];
  readonly size: number;
  /** Effective levels (after overrides): one property, or all. */
  effective(id: string): Levels;
  effective(id: string, property: string): Level;
  /** Derived levels (before overrides). */
  derived(id: string): Levels;
  derived(id: string, property: string): Level;
  /** Why the asset has its effective level, in one line. */
  cause(id: string, property: string): string;
  /** The explanation path from `id` back to the origin of its level. */
  explain(id: string, property: string): Step[];
  /** The explanation as `infoclass explain --format json` gives it. */
  explainJSON(id: string, property: string): object;
  /** Every asset's levels at once, in model order: `[i * properties + p]`, -1 where there is no level. */
  levels(which?: "effective"|"derived"): Int8Array;
  /** Every asset's levels and causes as `infoclass propagate --format json` gives them. */
  toJSON(): {scheme: string; assets: object[]};
  free(): void;
}
