#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Writes a layered native JSON model large enough for the command line's
worker threads (above propagate_options::min_assets, 50,000 assets, and
several batches of single-point candidates): information processed by
applications, applications on servers (some in redundancy groups needing 1 or
2 of 3), servers in networks, and back edges from servers to applications
that close cycles. Fixed seed: the same file every time.

    layered_model.py OUT [ASSETS]
"""
import json
import os
import random
import sys


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 60000
    rng = random.Random(2026)
    counts = {"information": n * 70 // 100, "application": n * 15 // 100, "server": n * 12 // 100}
    counts["network"] = n - sum(counts.values())
    ids = {k: [f"{k[:3]}-{i}" for i in range(c)] for k, c in counts.items()}
    assets = []
    for k, members in ids.items():
        for i in members:
            a = {"id": i, "kind": k}
            if k == "information":
                a["classification"] = {p: rng.randint(0, 4) for p in "KRTS"}
            assets.append(a)
    deps = []
    for i in ids["information"]:
        for app in rng.sample(ids["application"], rng.randint(1, 2)):
            deps.append({"from": i, "to": app, "type": "processed_by"})
    for k, app in enumerate(ids["application"]):
        if k % 3 == 0:
            need = 1 + k % 2
            for srv in rng.sample(ids["server"], 3):
                deps.append({"from": app, "to": srv, "type": "runs_on", "group": "cluster", "need": need})
        else:
            deps.append({"from": app, "to": rng.choice(ids["server"]), "type": "runs_on"})
    for k, srv in enumerate(ids["server"]):
        deps.append({"from": srv, "to": ids["network"][k % len(ids["network"])], "type": "transmitted_over"})
        if k % 50 == 0:
            deps.append({"from": srv, "to": rng.choice(ids["application"]), "type": "depends_on"})
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({"infoclass": 1, "scheme": "se-klassa", "assets": assets, "dependencies": deps}, f)
    os.replace(tmp, out)


if __name__ == "__main__":
    main()
