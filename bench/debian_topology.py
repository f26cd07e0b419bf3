#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A real dependency structure for the benchmarks: the Debian package graph of
this machine's package lists (`apt-cache dumpavail`, every package apt knows),
written as the benchmark's two CSV files.

    /usr/bin/python3 bench/debian_topology.py OUTDIR [--dumpavail FILE]

- every package is an asset of kind `application` (id: the package name);
- its own levels come from its Priority, the same on K, R, T and S:
  required 3, important 2, standard 1, optional and extra 0;
- `Depends` and `Pre-Depends` are `depends_on` dependencies: the package's
  levels flow to what it depends on (libc6 ends at the level of the most
  important package above it);
- an alternative (`a | b | c`) is a redundancy group needing one of its members
  (group `alt<N>`, need 1); a dependency on a virtual package is an alternative
  over its providers;
- version constraints, architecture qualifiers (`:any`) and build profiles are
  dropped; a dependency on a package apt does not list (and no provider) is
  dropped and counted; a package's dependency repeated (same target) is kept once,
  a self-dependency is dropped. All of it is printed on standard error.

Without package lists (`apt-get update` never ran) the script stops with an error.
"""
import argparse
import contextlib
import csv
import os
import re
import subprocess
import sys
import tempfile

LEVEL = {"required": 3, "important": 2, "standard": 1, "optional": 0, "extra": 0}


def stanzas(text):
    """deb822 records as dicts (continuation lines joined)."""
    rec, key = {}, None
    for line in text.splitlines():
        if not line.strip():
            if rec:
                yield rec
            rec, key = {}, None
        elif line[0] in " \t" and key:
            rec[key] += " " + line.strip()
        else:
            key, _, value = line.partition(":")
            rec[key] = value.strip()
    if rec:
        yield rec


def names(relation):
    """Package names of one alternative list `a (>= 1) | b:any [amd64] <!nocheck>`."""
    out = []
    for alt in relation.split("|"):
        alt = re.sub(r"\(.*?\)|\[.*?\]|<.*?>", "", alt).strip()
        if alt:
            out.append(alt.split(":")[0])
    return out


def staged(path, temps):
    """A file to write in place of `path`: a temporary file beside it, listed in
    `temps` as (temporary, path) for commit() to rename once every file is whole."""
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path) or ".", prefix=".tmp-", suffix=".csv")
    temps.append((tmp, path))
    return os.fdopen(fd, "w", newline="", encoding="utf-8")


def commit(temps):
    """Renames every staged file over its path (with the mode open() gives)."""
    umask = os.umask(0)
    os.umask(umask)
    for tmp, path in temps:
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="directory for assets.csv and dependencies.csv")
    ap.add_argument("--dumpavail", help="a saved `apt-cache dumpavail` output instead of running it")
    args = ap.parse_args()
    if args.dumpavail:
        with open(args.dumpavail, encoding="utf-8") as f:
            text = f.read()
    else:
        text = subprocess.run(["apt-cache", "dumpavail"], check=True, capture_output=True, text=True).stdout
    packages = {}
    for rec in stanzas(text):
        name = rec.get("Package")
        if name and name not in packages:  # the first record of a name (apt lists the candidate first)
            packages[name] = rec
    if not packages:
        sys.exit("debian_topology: apt knows no package; run apt-get update first")
    providers = {}
    for name, rec in packages.items():
        for virtual in names(rec.get("Provides", "").replace(",", "|")):
            if virtual not in packages:
                providers.setdefault(virtual, []).append(name)
    ids = sorted(packages)
    os.makedirs(args.out, exist_ok=True)
    temps = []
    try:
        write_files(args, packages, providers, ids, temps)
        commit(temps)
    except BaseException:
        for tmp, _ in temps:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise


def write_files(args, packages, providers, ids, temps):
    """Both CSV files, staged (see staged())."""
    dropped = repeated = alternatives = 0
    with staged(os.path.join(args.out, "assets.csv"), temps) as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "kind", "K", "R", "T", "S"])
        for name in ids:
            level = LEVEL.get(packages[name].get("Priority", "optional"), 0)
            w.writerow([name, "application", level, level, level, level])
    edges = 0
    with staged(os.path.join(args.out, "dependencies.csv"), temps) as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["from", "to", "type", "group", "need"])
        for name in ids:
            rec = packages[name]
            seen = set()
            group = 0
            relations = [r for field in ("Pre-Depends", "Depends") for r in rec.get(field, "").split(",") if r.strip()]
            for relation in relations:
                targets = []
                for alt in names(relation):
                    targets += [alt] if alt in packages else sorted(providers.get(alt, []))
                found = [t for t in dict.fromkeys(targets) if t != name]
                targets = [t for t in found if t not in seen]
                repeated += len(found) - len(targets)
                if not found:
                    dropped += 1
                if not targets:
                    continue
                seen.update(targets)
                if len(targets) == 1:
                    w.writerow([name, targets[0], "depends_on", "", ""])
                else:
                    group += 1
                    alternatives += 1
                    for t in targets:
                        w.writerow([name, t, "depends_on", f"alt{group}", 1])
                edges += len(targets)
    print(f"debian_topology: {len(ids)} packages, {edges} dependencies, {alternatives} alternatives "
          f"(groups needing one); dropped: {dropped} relations to packages apt does not list (or only to "
          f"the package itself), {repeated} repeated targets",
          file=sys.stderr)


if __name__ == "__main__":
    main()
