# SPDX-License-Identifier: Apache-2.0
"""The budgets of the explorer and the command line at scale (issue 19),
measured here and not in tests:

- the explorer (export --to html): file size, time until the page is
  interactive in headless Chromium, a what-if recompute in the page;
- the WebAssembly engine against native code for a full run, both through the
  C API (Node for the engine, ctypes for libinfoclass_c.so);
- every CLI command on the largest model: time and output size.

Usage: explorer_budgets.py --cli INFOCLASS --engine infoclass_engine.js
         --libc libinfoclass_c.so --models NAME=MODEL.json ... --out RESULTS.md
"""
import argparse
import ctypes
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(cmd, **kw):
    t = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, **kw)
    return time.monotonic() - t, p


def browser(tmp):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1280,1600", f"--user-data-dir={os.path.join(tmp, 'profile')}"]:
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


def explorer(cli, model, tmp):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    page = os.path.join(tmp, "explorer.html")
    export_s, p = timed([cli, "export", model, "--to", "html", "-o", page])
    p.check_returncode()
    size = os.path.getsize(page)
    with open(model, encoding="utf-8") as f:
        info = next(a["id"] for a in json.load(f)["assets"] if a["kind"] == "information")
    d = browser(tmp)
    try:
        t = time.monotonic()
        d.get("file://" + page)
        WebDriverWait(d, 300).until(lambda x: x.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")
        ready = time.monotonic() - t
        in_page = float(d.find_element(By.TAG_NAME, "body").get_attribute("data-ready-ms")) / 1000
        runs = []
        for level in ("0", "4", "1", "3", "2"):
            d.execute_script("location.hash = arguments[0]", "#asset/" + info)
            WebDriverWait(d, 60).until(lambda x: x.find_element(By.ID, "asset-title").is_displayed())
            Select(d.find_element(By.ID, "whatif-property")).select_by_value("K")
            Select(d.find_element(By.ID, "whatif-level")).select_by_value(level)
            before = d.find_element(By.TAG_NAME, "body").get_attribute("data-whatif-ms")
            d.find_element(By.ID, "whatif-set-level").click()
            WebDriverWait(d, 60).until(
                lambda x: x.find_element(By.TAG_NAME, "body").get_attribute("data-whatif-ms") not in (None, before))
            body = d.find_element(By.TAG_NAME, "body")
            runs.append((float(body.get_attribute("data-whatif-engine-ms")), float(body.get_attribute("data-whatif-ms"))))
    finally:
        d.quit()
    return {"export_s": export_s, "bytes": size, "ready_s": ready, "ready_in_page_s": in_page,
            "whatif_engine_ms": statistics.median(r[0] for r in runs),
            "whatif_total_ms": statistics.median(r[1] for r in runs)}


NODE = r"""
import { load } from "%(mjs)s";
import { readFileSync } from "node:fs";
const m = await load(readFileSync(process.argv[2], "utf8"));
const runs = [];
for (let i = 0; i < 7; ++i) {
  const t = performance.now();
  const a = m.propagate({ incremental: false });
  runs.push(performance.now() - t);
  a.free();
}
runs.sort((x, y) => x - y);
console.log(JSON.stringify({ median_ms: runs[3] }));
"""


def wasm_full_run(engine, model, tmp):
    script = os.path.join(tmp, "full.mjs")
    with open(script, "w") as f:
        f.write(NODE % {"mjs": os.path.join(ROOT, "js", "infoclass.mjs")})
    env = dict(os.environ, NODE_PATH="/usr/share/nodejs", INFOCLASS_ENGINE=os.path.abspath(engine))
    p = subprocess.run(["node", script, model], capture_output=True, text=True, env=env)
    if p.returncode != 0:
        raise RuntimeError(f"node: {p.stderr[-2000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])["median_ms"]


def native_full_run(libc, model):
    lib = ctypes.CDLL(libc)
    m = ctypes.c_void_p()
    if lib.infoclass_model_load(model.encode(), ctypes.byref(m)) != 0:
        raise RuntimeError("infoclass_model_load failed")
    runs = []
    for _ in range(7):
        a = ctypes.c_void_p()
        t = time.perf_counter()
        lib.infoclass_propagate(m, 0, ctypes.byref(a))
        runs.append((time.perf_counter() - t) * 1000)
        lib.infoclass_assessment_free(a)
    lib.infoclass_model_free(m)
    return sorted(runs)[3]


COMMANDS = [
    ("report", ["report", "{m}", "--today", "2026-11-28"]),
    ("report --all", ["report", "{m}", "--today", "2026-11-28", "--all"]),
    ("report --html", ["report", "{m}", "--html", "{tmp}/r.html"]),
    ("propagate --format json", ["propagate", "{m}", "--format", "json"]),
    ("explain", ["explain", "{m}", "{asset}", "K"]),
    ("validate", ["validate", "{m}"]),
    ("spof", ["spof", "{m}"]),
    ("spof --format json", ["spof", "{m}", "--format", "json"]),
    ("gaps", ["gaps", "{m}"]),
    ("gaps --format csv", ["gaps", "{m}", "--format", "csv"]),
    ("review", ["review", "{m}", "--today", "2026-11-28"]),
    ("impact", ["impact", "{m}", "{asset}", "K"]),
    ("export --to svg (refused)", ["export", "{m}", "--to", "svg", "-o", "{tmp}/x.svg"]),
    ("export --to graphml", ["export", "{m}", "--to", "graphml", "-o", "{tmp}/x.graphml"]),
]


def commands(cli, model, tmp):
    with open(model, encoding="utf-8") as f:
        asset = json.load(f)["assets"][-1]["id"]
    out = []
    for name, args in COMMANDS:
        argv = [a.format(m=model, tmp=tmp, asset=asset) for a in args]
        s, p = timed([cli, *argv])
        out.append({"command": name, "s": s, "status": p.returncode, "stdout": len(p.stdout),
                    "file": os.path.getsize(argv[-1]) if argv[-1].startswith(tmp) and os.path.exists(argv[-1]) else 0,
                    "stderr": p.stderr.decode("utf-8", "replace").strip()[:120]})
    return out


def mb(n):
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.1f} kB"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--engine", required=True)
    ap.add_argument("--libc", required=True)
    ap.add_argument("--models", nargs="+", required=True, help="NAME=MODEL.json; the last one is the largest")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    models = [m.split("=", 1) for m in args.models]
    lines = ["## The explorer and the command line at scale (issue 19)", "",
             "`bench/explorer_budgets.py`: headless Chromium through Selenium on `file://`; the WebAssembly engine",
             "in Node against `libinfoclass_c.so` through the same C API (`infoclass_propagate`, full run, median of 7).", "",
             "| model | explorer file | interactive (Chromium) | interactive, by the page's clock (from navigation start) | what-if: engine | what-if: page updated | WebAssembly full run | native full run | ratio |",
             "|---|---|---|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in models:
            e = explorer(args.cli, path, tmp)
            w = wasm_full_run(args.engine, path, tmp)
            n = native_full_run(args.libc, path)
            lines.append(f"| {name} | {mb(e['bytes'])} | {e['ready_s']:.2f} s | {e['ready_in_page_s']:.2f} s | "
                         f"{e['whatif_engine_ms']:.1f} ms | {e['whatif_total_ms']:.0f} ms | {w:.3f} ms | {n:.3f} ms | {w / n:.1f}× |")
            print(lines[-1], file=sys.stderr)
        name, path = models[-1]
        lines += ["", f"Every command on {name} (`{os.path.basename(path)}`), as run by a user (wall time, output size):", "",
                  "| command | time | standard output | file written | exit | standard error |", "|---|---|---|---|---|---|"]
        for c in commands(args.cli, path, tmp):
            lines.append(f"| `{c['command']}` | {c['s']:.1f} s | {mb(c['stdout'])} | {mb(c['file']) if c['file'] else '–'} | "
                         f"{c['status']} | {c['stderr'].replace('|', '/') or '–'} |")
            print(lines[-1], file=sys.stderr)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
