#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Python side of the benchmarks: infoclass through its Python API against the
networkx equivalent on the same synthetic model, and bulk loading from pandas
against building bare CSR arrays with numpy.

    /usr/bin/python3 bench/python_compare.py --bench build/bench/bench/infoclass_bench \
        --sizes 100000,1000000 --out results-python.json

The model comes from `infoclass_bench --dump=N DIR` (the same generator as the
C++ benchmarks). Each time is the best and the median of repeated runs
(networkx: two runs at 10^5, one at a million and more, it takes minutes).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import networkx as nx
import numpy as np
import pandas as pd

import infoclass as ic

POLICY = {
    "redundancy": {"availability": "reduce:1"},
    "cumulation": [{"property": "availability", "kinds": ["server", "network"], "at_least": 5, "level": 2}],
    "floor": [{"kinds": ["server", "network", "site"], "levels": {"availability": 1}}],
}
KEYS = ["K", "R", "T", "S"]


def timed(fn, repeat):
    """Best time, median time and the last result of `repeat` runs."""
    times = []
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times), result


def networkx_propagate(g, own):
    """Condensation + topological order + per-property maximum in Python: the
    plain high-water mark (no transfer rules), what a notebook user writes."""
    c = nx.condensation(g)
    members = nx.get_node_attributes(c, "members")
    level = {}
    for comp in nx.topological_sort(c):
        best = [-1, -1, -1, -1]
        for v in members[comp]:
            o = own.get(v)
            if o is not None:
                best = [max(a, b) for a, b in zip(best, o)]
        for pred in c.predecessors(comp):
            best = [max(a, b) for a, b in zip(best, level[pred])]
        level[comp] = best
    mapping = c.graph["mapping"]
    return {v: level[mapping[v]] for v in g.nodes}


def numpy_csr(n, src, dst):
    """Bare CSR arrays by target and by source from integer edge arrays."""
    order_in = np.argsort(dst, kind="stable")
    in_off = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(dst, minlength=n), out=in_off[1:])
    in_src = src[order_in]
    order_out = np.argsort(src, kind="stable")
    out_off = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=out_off[1:])
    out_dst = dst[order_out]
    return in_off, in_src, out_off, out_dst


TYPES = ["processed_by", "uses", "runs_on", "depends_on", "stored_on", "located_in", "transmitted_over",
         "backed_up_to"]
# Every transfer `pass` (types and redundancy), no cumulation, no floor: the
# plain maximum the NumPy peer computes.
POLICY_PASS = {"types": {t: {k: "pass" for k in KEYS} for t in TYPES},
               "redundancy": {k: "pass" for k in KEYS}}


def numpy_fixpoint(s_sorted, tgt, starts, own):
    """The skilled analyst's high-water mark: edges sorted by target once
    (outside the clock), then `np.maximum.reduceat` sweeps until nothing
    changes. Levels int16, -1 = none. Returns (levels, sweeps)."""
    lv = own.copy()
    sweeps = 0
    while True:
        sweeps += 1
        new = np.maximum(lv[tgt], np.maximum.reduceat(lv[s_sorted], starts, axis=0))
        if np.array_equal(new, lv[tgt]):
            return lv, sweeps
        lv[tgt] = new


def numpy_peer(assets, deps, label):
    """infoclass's full run through Python against the NumPy fixpoint on the
    same model with every transfer `pass`; the answers must agree."""
    row = {"model": label, "assets": len(assets), "deps": len(deps)}
    m = ic.Model.from_pandas(assets, deps, policy=POLICY_PASS)
    m.propagate()  # builds the engine's arrays, as the first run of a session
    row["infoclass_s"], row["infoclass_median_s"], a = timed(lambda: m.propagate(incremental=False), 15)
    codes = pd.Index(assets["id"])
    src = codes.get_indexer(deps["from"]).astype(np.int64)
    dst = codes.get_indexer(deps["to"]).astype(np.int64)
    order = np.argsort(dst, kind="stable")
    s_sorted = src[order]
    tgt, starts = np.unique(dst[order], return_index=True)
    own = assets[KEYS].fillna(-1).to_numpy(dtype=np.int16)
    row["numpy_s"], row["numpy_median_s"], (lv, sweeps) = timed(
        lambda: numpy_fixpoint(s_sorted, tgt, starts, own), 5)
    row["numpy_sweeps"] = sweeps
    got = a.levels.astype(np.int16)
    got[got == 255] = -1
    row["agree"] = bool(np.array_equal(got, lv))
    row["ratio"] = row["numpy_s"] / row["infoclass_s"]
    print(json.dumps(row), file=sys.stderr, flush=True)
    return row


def disagreements(peers):
    """The models (labels) on which the NumPy fixpoint and infoclass gave other levels."""
    return [p["model"] for p in peers if p is not None and not p["agree"]]


def fail_on_disagreement(peers, out):
    """Ends the script with an error naming every model where the answers differ
    (after the results were written, so that the report shows it too)."""
    bad = disagreements(peers)
    if bad:
        sys.exit(f"python_compare: the NumPy fixpoint and infoclass disagree on {', '.join(bad)} (see {out})")


def read_csv_model(folder):
    assets = pd.read_csv(os.path.join(folder, "assets.csv"), dtype={"id": str, "kind": str},
                         keep_default_na=False, na_values={k: [""] for k in KEYS})
    deps = pd.read_csv(os.path.join(folder, "dependencies.csv"), dtype=str, keep_default_na=False)
    for k in KEYS:
        assets[k] = assets[k].astype("Int64")
    if "need" in deps.columns:
        deps["need"] = pd.to_numeric(deps["need"].replace("", None)).astype("Int64")
    return assets, deps


def run_size(bench, n, nx_max):
    row = {"assets": n}
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([bench, f"--dump={n}", tmp], check=True)
        assets = pd.read_csv(os.path.join(tmp, "assets.csv"), dtype={"id": str, "kind": str},
                             keep_default_na=False, na_values={k: [""] for k in KEYS})
        deps = pd.read_csv(os.path.join(tmp, "dependencies.csv"), dtype=str, keep_default_na=False)
    row["deps"] = len(deps)
    for k in KEYS:
        assets[k] = assets[k].astype("Int64")
    row["numpy_peer"] = numpy_peer(assets, deps, f"synthetic {n}")

    # Loading: from_pandas against bare CSR arrays (numpy, from integer codes).
    row["from_pandas_s"], row["from_pandas_median_s"], m = timed(
        lambda: ic.Model.from_pandas(assets, deps, policy=POLICY), 3)
    codes = pd.Index(assets["id"])
    src = codes.get_indexer(deps["from"]).astype(np.int64)
    dst = codes.get_indexer(deps["to"]).astype(np.int64)
    row["numpy_csr_s"], row["numpy_csr_median_s"], _ = timed(lambda: numpy_csr(n, src, dst), 5)

    # Propagation through the Python API: the first run builds the engine's
    # compact arrays; full runs after it reuse them (as the C++ benchmark).
    row["first_propagate_s"], _, a = timed(lambda: m.propagate(), 1)
    # Full runs in rounds spread over the whole script (now, after the networkx
    # graph is built, after networkx ran, and once more when every size is
    # done, see main): the shared machine has slow phases of seconds to
    # minutes, in which memory-bound code (this) slows while the interpreter
    # (networkx) hardly does; one phase must not decide the best time alone.
    runs = []

    def propagate_round():
        for _ in range(3):
            t0 = time.perf_counter()
            m.propagate(incremental=False)
            runs.append(time.perf_counter() - t0)

    propagate_round()
    row["levels_array_s"], _, _ = timed(lambda: a.levels, 7)

    if n <= nx_max:
        g = nx.DiGraph()
        g.add_nodes_from(assets["id"])
        g.add_edges_from(zip(deps["from"], deps["to"]))
        lv = assets[KEYS].fillna(-1).to_numpy(dtype=np.int64)
        own = {i: list(r) for i, r in zip(assets["id"], lv.tolist())}
        propagate_round()
        row["networkx_s"], _, _ = timed(lambda: networkx_propagate(g, own), 2 if n <= 100000 else 1)
        row["networkx_us_per_dep"] = row["networkx_s"] / len(deps) * 1e6
        del g, own
    propagate_round()

    def finish():
        row["propagate_s"], row["propagate_median_s"] = min(runs), statistics.median(runs)
        row["propagate_runs"] = len(runs)
        if "networkx_s" in row:
            row["speedup_vs_networkx"] = row["networkx_s"] / row["propagate_s"]

    finish()
    return row, lambda: (propagate_round(), finish())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", required=True, help="path of infoclass_bench")
    ap.add_argument("--sizes", default="100000")
    ap.add_argument("--networkx-max", type=float, default=1e6, help="largest size compared with networkx")
    ap.add_argument("--out", required=True)
    ap.add_argument("--real", help="folder with assets.csv and dependencies.csv of a real topology "
                    "(bench/debian_topology.py): the NumPy peer on it too")
    ap.add_argument("--peer-only", action="store_true", help="only the NumPy peer (no networkx, no loading)")
    args = ap.parse_args()
    real = None
    if args.real:
        assets, deps = read_csv_model(args.real)
        real = numpy_peer(assets, deps, "debian")
        del assets, deps
    if args.peer_only:
        peers = []
        for s in args.sizes.split(","):
            n = int(float(s))
            with tempfile.TemporaryDirectory() as tmp:
                subprocess.run([args.bench, f"--dump={n}", tmp], check=True)
                assets, deps = read_csv_model(tmp)
            peers.append(numpy_peer(assets, deps, f"synthetic {n}"))
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump({"python": sys.version.split()[0], "numpy": np.__version__, "peers": peers, "real": real}, f,
                      indent=1)
        fail_on_disagreement(peers + [real], args.out)
        return
    rows = []
    last_rounds = []
    for s in args.sizes.split(","):
        n = int(float(s))
        print(f"python_compare: {n} assets", file=sys.stderr, flush=True)
        row, last_round = run_size(args.bench, n, args.networkx_max)
        rows.append(row)
        last_rounds.append(last_round)
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    for last_round in last_rounds:
        last_round()
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({"python": sys.version.split()[0], "networkx": nx.__version__, "numpy": np.__version__,
                   "rows": rows, "real": real}, f, indent=1)
    fail_on_disagreement([r["numpy_peer"] for r in rows] + [real], args.out)


if __name__ == "__main__":
    main()
