# SPDX-License-Identifier: Apache-2.0
"""The shipped type stubs name exactly what the package exports."""
import ast
import inspect
import pathlib

import infoclass as ic


def stub_tree():
    path = pathlib.Path(ic.__file__).with_name("__init__.pyi")
    return ast.parse(path.read_text())


def public(names):
    return {n for n in names if not n.startswith("_")}


def test_py_typed_ships():
    assert pathlib.Path(ic.__file__).with_name("py.typed").exists()


def test_module_names_match():
    tree = stub_tree()
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    assert public(names) == public(ic.__all__)
    assert "__version__" in names


def test_class_members_match():
    tree = stub_tree()
    for node in tree.body:
        if not isinstance(node, ast.ClassDef) or node.name.startswith("_"):
            continue  # private helpers of the stub (the extension metaclass)
        stubbed = set()
        for item in node.body:
            if isinstance(item, ast.FunctionDef):
                stubbed.add(item.name)
            elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                stubbed.add(item.target.id)
        cls = getattr(ic, node.name)
        if node.name == "ModelError":
            continue
        actual = {n for n, _ in inspect.getmembers(cls) if not n.startswith("_")}
        if node.name == "Asset":
            actual |= set(cls.__slots__)
        assert public(stubbed) == actual, node.name
