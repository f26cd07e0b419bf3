#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Every public function says what it throws (issue: "errors are ours").

In include/infoclass (detail/ aside: its header says it once for all), a
function declared INFOCLASS_API and every public member function of an
INFOCLASS_API class must be noexcept or have, in the comment right above it,
what it throws ("Throws", "throws" or the exception's name). Prints each
function that does not, and fails.
"""
import pathlib
import re
import sys

MENTION = re.compile(r"[Tt]hrow|model_error|file_error|bad_alloc")


def declaration(lines, i):
    text = lines[i].strip()
    j = i
    while not re.search(r"[;{]", text) and j + 1 < len(lines):
        j += 1
        text += " " + lines[j].strip()
    return text


def documented(lines, i, text):
    if "noexcept" in text.split("{")[0] or re.search(r"=\s*(default|delete)", text):
        return True
    k = i - 1
    comment = []
    while k >= 0 and lines[k].strip().startswith("//"):
        comment.append(lines[k])
        k -= 1
    return bool(MENTION.search(" ".join(comment)))


def continuation(lines, i):
    """True if line i continues the declaration or initialiser list above."""
    k = i - 1
    while k >= 0 and not lines[k].strip():
        k -= 1
    if k < 0:
        return False
    prev = lines[k].strip()
    return not (prev.startswith("//") or prev.endswith((";", "{", "}")) or re.match(r"(public|private|protected):", prev))


def check(path):
    lines = path.read_text(encoding="utf-8").split("\n")
    missing = []
    depth = 0
    cls = None  # (depth of the class body, access)
    for i, line in enumerate(lines):
        s = line.strip()
        head = re.match(r"(class|struct) INFOCLASS_API (\w+)", s)
        if cls is None and head and not s.endswith(";"):
            cls = [depth, "public" if head.group(1) == "struct" else "private"]
        elif cls is not None and re.match(r"(public|private|protected):", s):
            cls[1] = s.split(":")[0]
        elif s.startswith("//") or "(" not in s or continuation(lines, i):
            pass
        elif cls is None and "INFOCLASS_API" in s and not re.search(r"\b(class|struct)\b", s):
            text = declaration(lines, i)
            if not documented(lines, i, text):
                missing.append((i + 1, s))
        elif (cls is not None and depth == cls[0] + 1 and cls[1] == "public"
              and not s.startswith(("friend", "using", "static_assert", "template", "return", "{", "}", ":"))
              and re.match(r"^(\[\[[^\]]*\]\]\s*)*(explicit\s+|static\s+|virtual\s+|constexpr\s+)*[\w:<>,\s&*]+\(", s)):
            text = declaration(lines, i)
            if not documented(lines, i, text):
                missing.append((i + 1, s))
        depth += line.count("{") - line.count("}")
        if cls is not None and depth <= cls[0] and "}" in line:
            cls = None
    return missing


def main():
    root = pathlib.Path(sys.argv[1]) / "include" / "infoclass"
    bad = 0
    checked = 0
    for path in sorted(root.rglob("*.hpp")):
        if "detail" in path.parts:
            continue
        checked += 1
        for line, text in check(path):
            print(f"{path.relative_to(root.parent.parent)}:{line}: says not what it throws: {text[:100]}")
            bad += 1
    print(f"{checked} public headers, {bad} functions without a word on what they throw")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
