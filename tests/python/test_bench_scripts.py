# SPDX-License-Identifier: Apache-2.0
"""The benchmark's own Python scripts, whose answers its verdicts rest on:
the NumPy fixpoint peer of bench/python_compare.py (goal 1 of the performance
issue: it must agree with infoclass, and a disagreement must fail the run) and
bench/debian_topology.py, which turns `apt-cache dumpavail` into the real
topology's two CSV files (goal 6)."""
import csv
import importlib.util
import random
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT

import infoclass as ic


def load_script(name):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def compare():
    return load_script("python_compare")


def write_model(folder, assets, deps):
    """The two CSV files as bench/debian_topology.py and `infoclass_bench --dump` write them."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "assets.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "kind", "K", "R", "T", "S"])
        w.writerows(assets)
    with open(folder / "dependencies.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["from", "to", "type", "group", "need"])
        w.writerows(deps)
    return folder


def random_model(rng, types):
    """Assets with levels 0-3 or none per property; dependencies of every type,
    cycles and self-contained groups needing one of their members included."""
    n = rng.randint(2, 60)
    ids = [f"a{i}" for i in range(n)]
    assets = []
    for i in ids:
        levels = ["" if rng.random() < 0.3 else rng.randint(0, 3) for _ in range(4)]
        assets.append([i, rng.choice(["information", "application", "server"])] + levels)
    deps, seen = [], set()
    for _ in range(rng.randint(1, 3 * n)):
        f, t = rng.sample(ids, 2)
        if (f, t) not in seen:
            seen.add((f, t))
            deps.append([f, t, rng.choice(types), "", ""])
    by_source = {}
    for d in deps:
        by_source.setdefault(d[0], []).append(d)
    for k, ds in enumerate(ds for ds in by_source.values() if len(ds) >= 2 and rng.random() < 0.4):
        for d in ds:
            d[3], d[4] = f"g{k}", 1
    return assets, deps


def test_numpy_peer_agrees_with_infoclass_on_random_models(compare, tmp_path):
    rng = random.Random(21)
    raised = 0
    for k in range(40):
        assets, deps = random_model(rng, compare.TYPES)
        frame_assets, frame_deps = compare.read_csv_model(write_model(tmp_path / f"m{k}", assets, deps))
        row = compare.numpy_peer(frame_assets, frame_deps, f"random {k}")
        assert row["agree"], (assets, deps)
        assert row["numpy_sweeps"] >= 1
        assert compare.disagreements([row]) == []
        # Something moved, so that agreeing is not agreeing on the own levels.
        own = frame_assets[compare.KEYS].fillna(-1).to_numpy(dtype=np.int16)
        levels = compare.ic.Model.from_pandas(frame_assets, frame_deps, policy=compare.POLICY_PASS).propagate().levels
        raised += int(np.count_nonzero(levels.astype(np.int16) != np.where(own < 0, 255, own)))
    assert raised > 100


def test_a_wrong_answer_is_a_disagreement_and_fails_the_run(compare, tmp_path, monkeypatch):
    # a -> b -> c: a's levels reach c; a "fixpoint" that stops before any sweep does not.
    folder = write_model(tmp_path / "chain", [["a", "information", 3, 2, 1, 0], ["b", "application", "", "", "", ""],
                                              ["c", "server", 0, 0, 0, 0]],
                         [["a", "b", "processed_by", "", ""], ["b", "c", "runs_on", "", ""]])
    assets, deps = compare.read_csv_model(folder)
    assert compare.numpy_peer(assets, deps, "chain")["agree"]
    monkeypatch.setattr(compare, "numpy_fixpoint", lambda s_sorted, tgt, starts, own: (own.copy(), 1))
    row = compare.numpy_peer(assets, deps, "chain")
    assert not row["agree"]
    assert compare.disagreements([row, None]) == ["chain"]
    with pytest.raises(SystemExit, match="disagree on chain"):
        compare.fail_on_disagreement([None, row], "out.json")
    compare.fail_on_disagreement([None], "out.json")  # no peer that disagrees: no error


DUMPAVAIL = """\
Package: app
Priority: required
Pre-Depends: init-system-helpers (>= 1.54~)
Depends: libc6 (>= 2.34), libfoo1 | libfoo-compat [amd64], mail-transport-agent,
 libc6:any, app, gone-package (>= 1)
Description: an application
 whose description continues here: Depends: not-a-field

Package: init-system-helpers
Priority: important
Depends: perl-base

Package: libc6
Priority: optional
Depends: libgcc-s1

Package: libgcc-s1
Depends: libc6

Package: libfoo1
Priority: standard

Package: libfoo-compat
Priority: extra

Package: perl-base
Priority: required

Package: postfix
Priority: optional
Provides: mail-transport-agent, default-mta (= 1)

Package: exim4-daemon-light
Priority: optional
Provides: mail-transport-agent

Package: libc6
Priority: required
Depends: something-else
"""


def run_topology(tmp_path, text):
    dump = tmp_path / "dumpavail.txt"
    dump.write_text(text, encoding="utf-8")
    out = tmp_path / "model"
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "debian_topology.py"), str(out), "--dumpavail",
                           str(dump)], capture_output=True, text=True, check=False)
    return proc, out


def test_debian_topology_from_a_dumpavail(tmp_path):
    proc, out = run_topology(tmp_path, DUMPAVAIL)
    assert proc.returncode == 0, proc.stderr
    # Every package once (the first record of a name), its priority as its level on K, R, T and S.
    assets = pd.read_csv(out / "assets.csv", dtype=str)
    assert list(assets.columns) == ["id", "kind", "K", "R", "T", "S"]
    level = dict(zip(assets["id"], assets["K"].astype(int)))
    assert level == {"app": 3, "exim4-daemon-light": 0, "init-system-helpers": 2, "libc6": 0, "libfoo-compat": 0,
                     "libfoo1": 1, "libgcc-s1": 0, "perl-base": 3, "postfix": 0}
    assert (assets[["K", "R", "T", "S"]].nunique(axis=1) == 1).all()
    assert set(assets["kind"]) == {"application"}
    # Pre-Depends and Depends as depends_on; an alternative, and a virtual
    # package over its providers, as a group needing one; the version,
    # architecture and qualifier dropped; the repeated libc6, the package
    # itself and the unknown package dropped.
    with open(out / "dependencies.csv", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows == [
        ["from", "to", "type", "group", "need"],
        ["app", "init-system-helpers", "depends_on", "", ""],
        ["app", "libc6", "depends_on", "", ""],
        ["app", "libfoo1", "depends_on", "alt1", "1"],
        ["app", "libfoo-compat", "depends_on", "alt1", "1"],
        ["app", "exim4-daemon-light", "depends_on", "alt2", "1"],
        ["app", "postfix", "depends_on", "alt2", "1"],
        ["init-system-helpers", "perl-base", "depends_on", "", ""],
        ["libc6", "libgcc-s1", "depends_on", "", ""],
        ["libgcc-s1", "libc6", "depends_on", "", ""],
    ]
    assert "9 packages, 9 dependencies, 2 alternatives" in proc.stderr
    assert "dropped: 2 relations" in proc.stderr and "1 repeated targets" in proc.stderr
    # The files load as the benchmark loads them, and the levels flow down:
    # libc6 and its cycle with libgcc-s1 at app's level, a group needing one
    # passing the level on to each member.
    compare = load_script("python_compare")
    a, d = compare.read_csv_model(out)
    result = ic.Model.from_pandas(a, d).propagate()
    assert result.effective("libc6")["K"] == 3
    assert result.effective("libgcc-s1")["K"] == 3
    assert result.effective("perl-base")["K"] == 3
    assert result.effective("postfix")["K"] == 3


def test_debian_topology_without_packages_fails_and_writes_nothing(tmp_path):
    proc, out = run_topology(tmp_path, "\n\n")
    assert proc.returncode != 0
    assert "apt knows no package" in proc.stderr
    assert not (out / "assets.csv").exists()
