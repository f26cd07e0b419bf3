# SPDX-License-Identifier: Apache-2.0
import os
import pathlib

import pytest

ROOT = pathlib.Path(os.environ.get("INFOCLASS_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
EXAMPLE = ROOT / "examples" / "municipality" / "model.json"


@pytest.fixture
def example_path():
    return EXAMPLE


@pytest.fixture
def small():
    import infoclass as ic

    m = ic.Model(scheme="se-klassa")
    m.add_asset("journal", kind="information", owner="Socialnämnden",
                classification={"K": 3, "R": 2, "T": 2, "S": 3}, justification="Känsliga personuppgifter")
    m.add_asset("vardsystem", kind="application", owner="Socialnämnden")
    m.add_asset("srv-01", kind="server", owner="Servicenämnden",
                overrides={"T": {"level": 1, "effect": "distribution", "justification": "Second node."}})
    m.add_dependency("journal", "vardsystem", type="processed_by", group=None)
    m.add_dependency("vardsystem", "srv-01", type="runs_on")
    return m
