#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The analyses an analyst runs from a notebook, timed through the Python API on
the synthetic model of the C++ benchmarks, and to_networkx against networkx
building the same graph itself.

    /usr/bin/python3 bench/python_analyses.py --bench build/bench/bench/infoclass_bench \
        --sizes 100000,1000000 --out results-analyses.json --markdown section.md

Targets (issue 17): at 10^5 assets gaps, review, impact, to_json and to_pandas at
most 1 s each; to_networkx at most 1.5x networkx's add_nodes_from +
add_edges_from with the same attributes (attribute dicts made before the clock
starts, the collector left as a user has it). Each figure is the best and the
median of repeated runs (fewer at 10^6).
"""
import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

import networkx as nx
import pandas as pd

import infoclass as ic

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from python_compare import KEYS, POLICY, timed  # noqa: E402  (the same model, policy and timing)
LIMIT_S = 1.0
NETWORKX_RATIO = 1.5


def load(bench, n):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([bench, f"--dump={n}", tmp], check=True)
        assets = pd.read_csv(os.path.join(tmp, "assets.csv"), dtype={"id": str, "kind": str},
                             keep_default_na=False, na_values={k: [""] for k in KEYS})
        deps = pd.read_csv(os.path.join(tmp, "dependencies.csv"), dtype=str, keep_default_na=False)
    for k in KEYS:
        assets[k] = assets[k].astype("Int64")
    return ic.Model.from_pandas(assets, deps, policy=POLICY)


def run_size(bench, n, networkx_max):
    m = load(bench, n)
    a = m.propagate()
    repeat = 3 if n <= 100000 else 2
    row = {"assets": n, "deps": len(m.dependencies)}
    source = next(i for i in reversed(a.ids) if i.startswith("site"))  # the widest cone: a site
    calls = {
        "gaps": lambda: m.gaps(),
        "review": lambda: m.review(today="2026-12-01"),
        "impact": lambda: m.impact(source, "T"),
        "model_to_json": lambda: m.to_json(),
        "model_to_pandas": lambda: m.to_pandas(),
        "assessment_to_pandas": lambda: a.to_pandas(),
        "assessment_to_pandas_derived_names": lambda: a.to_pandas(derived=True, names=True),
    }
    for name, fn in calls.items():
        best, median, result = timed(fn, repeat)
        row[f"{name}_s"], row[f"{name}_median_s"] = best, median
        if name == "gaps":
            row["gaps_rows"] = len(result)
        if name == "impact":
            row["impact_affected"] = len(result)
        print(f"  {name}: {best:.3f} s (median {median:.3f})", file=sys.stderr, flush=True)
    if n <= networkx_max:
        nodes, edges, _more = m._m.networkx_items()
        nodes = [(v, dict(d)) for v, d in nodes]
        edges = [(f, t, k, dict(d)) for f, t, k, d in edges]

        def networkx_itself():
            g = nx.MultiDiGraph()
            g.add_nodes_from(nodes)
            g.add_edges_from(edges)
            return g

        nx_repeat = 2 if n <= 100000 else 1
        row["networkx_build_s"], row["networkx_build_median_s"], g = timed(networkx_itself, nx_repeat)
        del g
        row["to_networkx_s"], row["to_networkx_median_s"], g = timed(lambda: m.to_networkx(), nx_repeat)
        row["to_networkx_edges"] = g.number_of_edges()
        del g, nodes, edges
        row["to_networkx_ratio"] = row["to_networkx_s"] / row["networkx_build_s"]
        print(f"  to_networkx: {row['to_networkx_s']:.3f} s, networkx itself {row['networkx_build_s']:.3f} s",
              file=sys.stderr, flush=True)
    return row


def markdown(doc):
    lines = ["## Python analyses (issue 17)", "",
             f"Written by `bench/python_analyses.py` on {doc['date']}, code of commit `{doc['commit']}`, "
             f"Python {doc['python']}, pandas {doc['pandas']}, networkx {doc['networkx']}; the synthetic model of "
             "the figures above with its policy. Best of 3 runs at 10^5, of 2 at 10^6 (medians in brackets); "
             "networkx builds the same MultiDiGraph from attribute dicts made before its clock starts.", "",
             "| Call | Assets | Target | Measured | Verdict |", "|---|---:|---|---|---|"]
    names = [("gaps", "`Model.gaps()`"), ("review", "`Model.review()`"),
             ("impact", "`Model.impact(site, 'T')`"), ("model_to_json", "`Model.to_json()`"),
             ("model_to_pandas", "`Model.to_pandas()`"), ("assessment_to_pandas", "`Assessment.to_pandas()`"),
             ("assessment_to_pandas_derived_names", "`Assessment.to_pandas(derived=True, names=True)`")]
    for row in doc["rows"]:
        n = row["assets"]
        for key, label in names:
            target = f"<= {LIMIT_S:g} s" if n <= 100000 else "(reference)"
            verdict = ("reached" if row[f"{key}_s"] <= LIMIT_S else "missed") if n <= 100000 else "-"
            extra = ""
            if key == "gaps":
                extra = f", {row['gaps_rows']:,} gaps"
            if key == "impact":
                extra = f", {row['impact_affected']:,} affected"
            lines.append(f"| {label} | {n:,} | {target} | {row[f'{key}_s']:.2f} s "
                         f"({row[f'{key}_median_s']:.2f}){extra} | {verdict} |")
        if "to_networkx_s" in row:
            ok = row["to_networkx_ratio"] <= NETWORKX_RATIO
            lines.append(f"| `Model.to_networkx()` / networkx itself | {n:,} | <= {NETWORKX_RATIO:g}x | "
                         f"{row['to_networkx_ratio']:.2f}x ({row['to_networkx_s']:.2f} vs "
                         f"{row['networkx_build_s']:.2f} s, {row['to_networkx_edges']:,} edges) | "
                         f"{'reached' if ok else 'missed'} |")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", required=True, help="path of infoclass_bench")
    ap.add_argument("--sizes", default="100000")
    ap.add_argument("--networkx-max", type=float, default=1e6)
    ap.add_argument("--out", required=True)
    ap.add_argument("--markdown", help="also write the RESULTS.md section here")
    ap.add_argument("--commit", default="")
    args = ap.parse_args()
    rows = []
    for s in args.sizes.split(","):
        n = int(float(s))
        print(f"python_analyses: {n} assets", file=sys.stderr, flush=True)
        rows.append(run_size(args.bench, n, args.networkx_max))
    doc = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
           "commit": args.commit, "python": platform.python_version(), "pandas": pd.__version__,
           "networkx": nx.__version__, "rows": rows}
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write(markdown(doc))


if __name__ == "__main__":
    main()
