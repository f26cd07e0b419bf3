#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The command line out of memory: `impact --format json` on a chain of
10,000 assets writes every path (50 million names, about 900 MB) and runs out
of memory under an address-space limit of 400 MB. It must say so in words,
exit 2 and write nothing. Usage: out_of_memory.py INFOCLASS WORKDIR"""
import json
import os
import resource
import subprocess
import sys

exe, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
n = 10000
model = {
    "infoclass": 1,
    "scheme": "se-klassa",
    "assets": [{"id": f"a{i}", "kind": "server" if i == 0 else "application"} for i in range(n)],
    "dependencies": [{"from": f"a{i}", "to": f"a{i - 1}", "type": "runs_on"} for i in range(1, n)],
}
path = os.path.join(work, "chain.json")
with open(path, "w", encoding="utf-8") as f:
    json.dump(model, f)


def limited():
    resource.setrlimit(resource.RLIMIT_AS, (400 << 20, 400 << 20))


def run(*args):
    return subprocess.run([exe, *args], capture_output=True, preexec_fn=limited, timeout=300, check=False)


# Under the same limit the text form works (it prints 20 paths): the limit
# leaves the tool room to run.
ok = run("impact", path, "a0", "T")
assert ok.returncode == 0, ok.stderr
assert b"9999 assets are affected" in ok.stdout, ok.stdout[:200]

r = run("impact", path, "a0", "T", "--format", "json")
err = r.stderr.decode()
assert r.returncode == 2, (r.returncode, err)
assert r.stdout == b"", r.stdout[:200]
assert err.startswith("infoclass: out of memory (") and err.count("\n") == 1, err
assert "bad_alloc" not in err, err
print("out of memory: exit 2, nothing written:", err.strip())
