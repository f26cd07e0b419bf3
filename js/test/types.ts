// SPDX-License-Identifier: Apache-2.0
// Type-checked by `tsc --noEmit` in CTest: the declarations (infoclass.d.ts)
// describe the module as a TypeScript product would use it.
import * as infoclass from "../infoclass.mjs";
import {InfoclassError, type Level, type Levels, type Step} from "../infoclass.mjs";

export async function use(text: string): Promise<number> {
  const m: infoclass.Model = await infoclass.load(text);
  const keys: string[] = m.properties;
  const size: {assets: number; dependencies: number} = m.size;
  const a = m.propagate();
  const all: Levels = a.effective("srv-01");
  const one: Level = a.effective("srv-01", keys[0]);
  const steps: Step[] = a.explain("srv-01", "K");
  const via: string|null = steps[0].via;
  m.setLevel("socialakter", "K", 2);
  m.setLevel("socialakter", "K", null);
  m.setLevel("socialakter", "K", "na");
  m.setOverride("srv-01", "T", 1, "reserv", "manual");
  const cleared: boolean = m.clearOverride("srv-01", "T");
  m.addAsset({id: "x", kind: "server"});
  m.addDependency("app", "x", "runs_on", null);
  const b = m.propagate({incremental: false});
  const json: {scheme: string; assets: object[]} = b.toJSON();
  const column: Int8Array = b.levels("derived");
  const text2: string = m.toJSONText();
  try {
    await infoclass.load("{}");
  } catch (e) {
    if (e instanceof InfoclassError) {
      const status: string = e.status;
      void status;
    }
  }
  void[all, one, via, cleared, json, text2, size, (await infoclass.version()).length];
  b.free();
  a.free();
  m.free();
  return size.assets;
}
