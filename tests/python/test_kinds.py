# SPDX-License-Identifier: Apache-2.0
"""A typo in a kind is noticed (issue: Python for analysts, item 7)."""
import warnings

import pytest

import infoclass as ic


def test_add_asset_warns_about_a_kind_close_to_a_known_one():
    m = ic.Model()
    with pytest.warns(UserWarning, match=r"kind 'sever' \(asset db\) is not a known kind; did you mean 'server'\?"):
        m.add_asset("db", kind="sever")
    assert m["db"].kind == "sever"  # kept: it may be meant
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        m.add_asset("robot", kind="tape_library")  # a custom kind far from every known one: quiet
        m.add_asset("srv", kind="server")


def test_loaders_warn_once_per_kind(tmp_path):
    import pandas as pd

    df = pd.DataFrame({"id": ["a", "b", "c"], "kind": ["sever", "sever", "aplication"]})
    with pytest.warns(UserWarning) as record:
        m = ic.Model.from_pandas(df)
    messages = sorted(str(w.message) for w in record)
    assert messages == ["kind 'aplication' (asset c) is not a known kind; did you mean 'application'?",
                        "kind 'sever' (asset a and 1 more) is not a known kind; did you mean 'server'?"]
    path = tmp_path / "m.json"
    m.save(path)
    with pytest.warns(UserWarning, match="did you mean 'server'"):
        ic.Model.load(path)
    g = m.to_networkx()
    with pytest.warns(UserWarning) as record:
        ic.Model.from_networkx(g)
    assert len(record) == 2
