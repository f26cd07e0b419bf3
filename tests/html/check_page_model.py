# SPDX-License-Identifier: Apache-2.0
"""The model inside the explorer page, read back as the page reads it.

  check_page_model.py CLI

For models with texts that JSON and HTML treat specially (quotes,
backslashes, '<' and '</script>', control characters, non-ASCII), a member
named "dependencies" below the top level, dependencies with and without a
group or a need, none at all, and a policy after them (the shipped example): export --to html, take the JSON of
<script id="infoclass-model">, put its dependencies back together from
page_dependencies as explorer.js does (pageDeps), and compare the result with
the native JSON that `convert` writes for the same model: the same members in
the same order, the same values, numbers as written.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

cli = sys.argv[1]

ODD_ID = 'q"b\\s</script><x>\u00e5\u00e4\u00f6 \u2028 \U0001F600'  # no control character in an id
ODD = ODD_ID + "\u0001\t\n"


def models():
    plain = {"infoclass": 1, "scheme": "se-klassa", "assets": [
        {"id": "info", "kind": "information", "classification": {"K": 2, "R": 1, "T": 3, "S": 0}},
        {"id": "app", "kind": "application"},
        {"id": "srv", "kind": "server"},
    ], "dependencies": [
        {"from": "info", "to": "app", "type": "processed_by"},
        {"from": "app", "to": "srv", "type": "runs_on"},
    ]}
    yield "plain", plain
    odd = json.loads(json.dumps(plain))
    odd["assets"][1]["id"] = ODD_ID
    odd["assets"][1]["name"] = "dependencies"
    odd["assets"][1]["attributes"] = {"dependencies": [{"dependencies": ODD}], "n": [1, 2.5, None, True],
                                      "o": {"dependencies": {}}}
    odd["assets"].append({"id": "srv2", "kind": "server", "owner": ODD_ID, "justification": ODD})
    odd["assets"].append({"id": "srv3", "kind": "server"})
    odd["dependencies"] = [
        {"from": "info", "to": ODD_ID, "type": "processed_by"},
        {"from": ODD_ID, "to": "srv", "type": "runs_on", "group": "pair" + ODD_ID},
        {"from": ODD_ID, "to": "srv2", "type": "runs_on", "group": "pair" + ODD_ID},
        {"from": ODD_ID, "to": "srv3", "type": "stored_on"},
        {"from": "srv", "to": "srv3", "type": "runs_on", "group": "q", "need": 1},
        {"from": "info", "to": "srv3", "type": "stored_on"},
    ]
    yield "odd", odd
    none = json.loads(json.dumps(plain))
    none["dependencies"] = []
    yield "none", none
    grouped = json.loads(json.dumps(odd))
    grouped["dependencies"] = [d for d in grouped["dependencies"] if "group" in d]
    yield "only grouped", grouped
    # Members after the dependencies (the policy) and numbers as written.
    example = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "municipality",
                           "model.json")
    with open(example, encoding="utf-8") as f:
        shipped = json.load(f)
    yield "the example", shipped
    odd_policy = json.loads(json.dumps(odd))
    odd_policy["policy"] = shipped["policy"]
    yield "odd, with a policy", odd_policy


def literal(text):
    # Numbers compared as written (1 and 1.0 differ), not as Python's values.
    return json.loads(text, parse_int=lambda t: ("int", t), parse_float=lambda t: ("float", t))


def page_deps(page):
    cols = page.pop("page_dependencies")
    at = lambda n: int(n[1])  # noqa: E731  (an integer read by literal())
    out, k, o = [], 0, 0
    total = len(cols["from"]) + len(cols["other"])
    for pos in range(total):
        if o < len(cols["other"]) and at(cols["other"][o][0]) == pos:
            out.append(cols["other"][o][1])
            o += 1
        else:
            out.append({"from": page["assets"][at(cols["from"][k])]["id"],
                        "to": page["assets"][at(cols["to"][k])]["id"],
                        "type": cols["types"][at(cols["type"][k])]})
            k += 1
    return out


failed = 0
with tempfile.TemporaryDirectory() as tmp:
    for name, m in models():
        src = os.path.join(tmp, "model.json")
        with open(src, "w", encoding="utf-8") as f:
            json.dump(m, f, ensure_ascii=False)
        native_path = os.path.join(tmp, "native.json")
        subprocess.run([cli, "convert", src, native_path], check=True)
        with open(native_path, encoding="utf-8") as f:
            native = literal(f.read())
        page_path = os.path.join(tmp, "page.html")
        subprocess.run([cli, "export", src, "--to", "html", "-o", page_path], check=True)
        with open(page_path, encoding="utf-8") as f:
            html = f.read()
        text = re.search(r'<script type="application/json" id="infoclass-model">(.*?)</script>', html, re.S).group(1)
        if "<" in text:
            print(f"{name}: '<' inside the page's model")
            failed += 1
        page = literal(text)
        deps = page_deps(page)
        keys = [k for k in native if k != "dependencies"]
        if list(page) != keys:
            print(f"{name}: members {list(page)}, want {keys}")
            failed += 1
        page["dependencies"] = deps
        if page != native:
            print(f"{name}: the page's model differs from the native JSON")
            failed += 1
        if deps != native["dependencies"]:
            print(f"{name}: dependencies differ:\n  {deps}\n  {native['dependencies']}")
            failed += 1
print("page models:", "FAILED" if failed else "ok")
sys.exit(1 if failed else 0)
