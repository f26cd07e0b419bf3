# SPDX-License-Identifier: Apache-2.0
"""The Python examples run: the quick start against its .expected output, the
notebook executed with nbclient on this interpreter."""
import json
import os
import pathlib
import subprocess
import sys

import pytest
from conftest import ROOT


def env():
    e = dict(os.environ)
    e["PYTHONPATH"] = os.pathsep.join(p for p in [os.path.dirname(os.path.dirname(__import__("infoclass").__file__)),
                                                  e.get("PYTHONPATH", "")] if p)
    return e


def test_quickstart_output():
    script = ROOT / "examples" / "python" / "quickstart.py"
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env(), check=True)
    assert out.stdout == (ROOT / "examples" / "python" / "quickstart.expected").read_text()


def test_notebook_executes(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    # A kernel spec for this very interpreter, whatever python3 is on PATH.
    kernels = tmp_path / "jupyter" / "kernels" / "infoclass-test"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "infoclass test", "language": "python",
        "env": {"PYTHONPATH": env()["PYTHONPATH"], "MPLBACKEND": "Agg"}}))
    os.environ["JUPYTER_PATH"] = str(tmp_path / "jupyter")
    path = ROOT / "examples" / "python" / "municipality.ipynb"
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name="infoclass-test", timeout=300,
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    html = [o["data"]["text/html"] for o in outputs if "data" in o and "text/html" in o["data"]]
    assert any("Assessment" in h for h in html)
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 2  # the bar chart and the focused drawing


def test_the_example_is_packaged_with_the_module(tmp_path, monkeypatch, example_path):
    import infoclass as ic

    monkeypatch.chdir(tmp_path)  # any folder: nothing is read from the source tree
    m = ic.examples.municipality()
    assert m == ic.Model.load(example_path)
    assert "orosanmälningar" in m
