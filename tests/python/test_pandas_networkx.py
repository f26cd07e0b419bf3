# SPDX-License-Identifier: Apache-2.0
import infoclass as ic
import networkx as nx
import numpy as np
import pandas as pd
import pytest


def test_to_pandas(small):
    df = small.propagate().to_pandas()
    assert list(df.index) == ["journal", "vardsystem", "srv-01"]
    assert df.index.name == "id"
    assert list(df.columns) == ["kind", "owner", "K", "R", "T", "S", "K_cause", "R_cause", "T_cause", "S_cause"]
    assert str(df["K"].dtype) == "Int64"
    assert df.loc["srv-01", "T"] == 1
    assert df.loc["srv-01", "owner"] == "Servicenämnden"
    assert df.loc["srv-01", "K_cause"] == "edge from vardsystem (runs_on)"
    m = ic.Model()
    m.add_asset("x", kind="server")
    df = m.propagate().to_pandas()
    assert df["K"].isna().all()


def test_from_pandas_round_trip(small):
    assets = pd.DataFrame({
        "id": ["journal", "vardsystem", "srv-01"],
        "kind": ["information", "application", "server"],
        "owner": ["Socialnämnden", "Socialnämnden", "Servicenämnden"],
        "K": pd.array([3, None, None], dtype="Int64"),
        "R": pd.array([2, None, None], dtype="Int64"),
        "T": [2, None, None],
        "S": pd.array([3, None, None], dtype="Int64"),
    })
    deps = pd.DataFrame({"from": ["journal", "vardsystem"], "to": ["vardsystem", "srv-01"],
                         "type": ["processed_by", "runs_on"], "group": [None, "cluster"]})
    m = ic.Model.from_pandas(assets, deps, scheme="se-klassa")
    assert len(m) == 3
    assert m["journal"].classification == {"K": 3, "R": 2, "T": 2, "S": 3}
    assert m.dependencies[1]["group"] == "cluster"
    assert m.propagate().effective("srv-01") == {"K": 3, "R": 2, "T": 2, "S": 3}


def test_from_pandas_errors_change_nothing():
    assets = pd.DataFrame({"id": ["a", "b"], "kind": ["server", "server"], "K": [1, 9]})
    with pytest.raises(ic.ModelError, match=r"row 1 \(b\), column 'K': level 9 is outside 0..4"):
        ic.Model.from_pandas(assets)
    assets = pd.DataFrame({"id": ["a", "a"], "kind": ["server", "server"]})
    with pytest.raises(ic.ModelError, match="row 1 .*duplicate asset id"):
        ic.Model.from_pandas(assets)
    assets = pd.DataFrame({"id": ["a", "b"], "kind": ["server", "server"]})
    deps = pd.DataFrame({"from": ["a", "a"], "to": ["b", "zz"], "type": ["depends_on", "depends_on"]})
    with pytest.raises(ic.ModelError, match="row 1 .*unknown asset 'zz'"):
        ic.Model.from_pandas(assets, deps)
    with pytest.raises(ic.ModelError, match="missing column 'kind'"):
        ic.Model.from_pandas(pd.DataFrame({"id": ["a"]}))


def test_from_pandas_asset_errors_in_row_order():
    # The first bad row is reported, whatever its fault; nothing is added.
    assets = pd.DataFrame({"id": ["a", "b", "a", "bad\tid"], "kind": ["server", "information", "server", "server"],
                           "owner": ["IT", None, "IT", "IT"], "name": ["A", "B", None, "D"]})
    with pytest.raises(ic.ModelError, match=r"row 2 \(a\): duplicate asset id"):
        ic.Model.from_pandas(assets)
    assets.loc[2, "id"] = "c"
    with pytest.raises(ic.ModelError, match=r"row 3 \(bad\tid\): an asset id is 1..256 bytes"):
        ic.Model.from_pandas(assets)
    assets.loc[3, "id"] = "d"
    assets.loc[1, "kind"] = "Not A Kind"
    with pytest.raises(ic.ModelError, match=r"row 1 \(b\): kind: 'Not A Kind' is not a kind"):
        ic.Model.from_pandas(assets)
    assets.loc[1, "kind"] = "information"
    m = ic.Model.from_pandas(assets)
    assert [a.id for a in m] == ["a", "b", "c", "d"]
    assert m["a"].owner == "IT" and m["b"].owner == "" and m["c"].name == "" and m["d"].name == "D"
    assert m["b"].kind == "information"
    m2 = ic.Model()
    with pytest.raises(ic.ModelError):
        m2._m.add_assets_bulk(["x", "x"], np.zeros(2, dtype=np.int64), ["server"], [], np.zeros(0, dtype=np.int64),
                              [], np.full((2, 4), 255, dtype=np.uint8))
    assert len(m2) == 0 and "x" not in m2


def test_from_pandas_bulk_size():
    n = 100_000
    rng = np.random.default_rng(1)
    assets = pd.DataFrame({"id": [f"a{i}" for i in range(n)],
                           "kind": np.where(np.arange(n) < n // 2, "information", "server"),
                           "K": rng.integers(0, 5, n)})
    src = rng.integers(0, n // 2, 3 * n)
    dst = rng.integers(n // 2, n, 3 * n)
    deps = pd.DataFrame({"from": [f"a{i}" for i in src], "to": [f"a{i}" for i in dst]}).drop_duplicates()
    deps["type"] = "stored_on"
    m = ic.Model.from_pandas(assets, deps)
    assert len(m) == n
    a = m.propagate()
    levels = a.levels
    # every server's K is the maximum of its own and the information stored on it
    k = assets["K"].to_numpy()
    s = np.array([int(x[1:]) for x in deps["from"]])
    d = np.array([int(x[1:]) for x in deps["to"]])
    best = np.full(n, -1)
    np.maximum.at(best, d, k[s])
    expected = np.maximum(best, k)
    assert (levels[n // 2:, 0] == expected[n // 2:]).all()


def test_networkx_round_trip(example_path):
    m = ic.Model.load(example_path)
    g = m.to_networkx()
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_nodes() == len(m)
    assert g.number_of_edges() == len(m.dependencies)
    assert g.nodes["socialakter"]["K"] == 3
    assert g.edges["vardsystem" if "vardsystem" in g else "app-socialsystem", "vmhost-01", "runs_on"]["group"]
    assert g.graph["policy"]["types"] == {"mirrored_to": {"availability": "block"}}
    m2 = ic.Model.from_networkx(g)
    assert m2 == m
    assert m2.to_json() == m.to_json()


def test_from_networkx_defaults():
    g = nx.DiGraph()
    g.add_node("i", kind="information", K=2)
    g.add_node("s", kind="server")
    g.add_edge("i", "s")
    m = ic.Model.from_networkx(g, scheme="se-klassa")
    assert m.dependencies == [{"from": "i", "to": "s", "type": "depends_on", "group": None, "need": None}]
    assert m.propagate().effective("s")["K"] == 2


def test_from_pandas_dependency_errors_in_row_order():
    assets = pd.DataFrame({"id": ["a", "b", "c"], "kind": ["information", "server", "server"]})
    # row 0 fails (type) before row 1 (unknown asset)
    deps = pd.DataFrame({"from": ["a", "a"], "to": ["b", "zz"], "type": ["sits_on", "stored_on"]})
    with pytest.raises(ic.ModelError, match=r"row 0 \(a -> b\): unknown dependency type 'sits_on'"):
        ic.Model.from_pandas(assets, deps)
    deps = pd.DataFrame({"from": ["a", "zz"], "to": ["b", "c"], "type": ["stored_on", "stored_on"]})
    with pytest.raises(ic.ModelError, match=r"row 1 \(zz -> c\): unknown asset 'zz'"):
        ic.Model.from_pandas(assets, deps)
    deps = pd.DataFrame({"from": ["a", "a"], "to": ["b", "b"], "type": ["stored_on", "stored_on"]})
    with pytest.raises(ic.ModelError, match=r"row 1 \(a -> b\): repeated dependency"):
        ic.Model.from_pandas(assets, deps)
    deps = pd.DataFrame({"from": ["a", None], "to": ["b", "c"], "type": ["stored_on", "stored_on"]})
    with pytest.raises(ic.ModelError, match=r"row 1 \( -> c\): unknown asset ''"):
        ic.Model.from_pandas(assets, deps)


def test_from_pandas_dependency_cells_like_pandas_text():
    # Cells read as fillna("").astype(str) reads them, whatever the column dtype.
    assets = pd.DataFrame({"id": ["1", "2", "a", "b"], "kind": ["information", "server", "information", "server"],
                           "K": [3, None, 2, None]})
    deps = pd.DataFrame({"from": [1, "a", "a"], "to": ["2", "b", "2"], "type": ["stored_on", "stored_on", "stored_on"],
                         "group": [None, float("nan"), "g1"]})
    for frame in (deps, deps.astype({"type": "category"}), deps.astype({"from": str, "to": "string", "group": "string"})):
        m = ic.Model.from_pandas(assets, frame)
        assert m.dependencies == [{"from": "1", "to": "2", "type": "stored_on", "group": None, "need": None},
                                  {"from": "a", "to": "b", "type": "stored_on", "group": None, "need": None},
                                  {"from": "a", "to": "2", "type": "stored_on", "group": "g1", "need": None}]
        assert m.propagate().effective("2")["K"] == 3
    bad = deps.copy()
    bad.loc[2, "to"] = pd.NA
    with pytest.raises(ic.ModelError, match=r"row 2 \(a -> \): unknown asset ''"):
        ic.Model.from_pandas(assets, bad)


def test_dependencies_from_object_columns_look_up_the_model():
    m = ic.Model.from_pandas(pd.DataFrame({"id": ["a", "b", "c"], "kind": ["information", "server", "site"]}))
    m.add_asset("d", kind="server")
    obj = lambda xs: np.array(xs, dtype=object)  # noqa: E731
    m._m.add_dependencies_objects(obj(["a", "b"]), obj(["d", "c"]), obj(["stored_on", "located_in"]), None)
    assert [(d["from"], d["to"]) for d in m.dependencies] == [("a", "d"), ("b", "c")]
    before = m.dependencies
    with pytest.raises(ic.ModelError, match=r"row 1 \(a -> b\): repeated dependency"):
        m._m.add_dependencies_objects(obj(["a", "a"]), obj(["b", "b"]), obj(["stored_on"] * 2), obj(["", ""]))
    with pytest.raises(ic.ModelError, match="different lengths"):
        m._m.add_dependencies_objects(obj(["a"]), obj(["b", "c"]), obj(["stored_on"]), None)
    with pytest.raises(ic.ModelError, match="object array"):
        m._m.add_dependencies_objects(np.zeros(1), obj(["b"]), obj(["stored_on"]), None)
    with pytest.raises(ic.ModelError, match="row 1: to: text is not valid Unicode"):
        m._m.add_dependencies_objects(obj(["a", "a"]), obj(["b", "c\ud800"]), obj(["stored_on"] * 2), None)
    assert m.dependencies == before


def test_object_dependencies_roll_back_on_error():
    m = ic.Model.from_pandas(pd.DataFrame({"id": ["a", "b", "c"], "kind": ["information", "server", "site"]}))
    m.add_dependency("b", "c", "located_in")
    before = m.dependencies
    obj = lambda xs: np.array(xs, dtype=object)  # noqa: E731
    with pytest.raises(ic.ModelError, match=r"row 2 \(b -> c\): repeated dependency"):
        m._m.add_dependencies_objects(obj(["a", "a", "b"]), obj(["b", "c", "c"]),
                                      obj(["stored_on", "stored_on", "located_in"]), None)
    assert m.dependencies == before
    # an unknown asset after a bad row: the bad row is reported
    with pytest.raises(ic.ModelError, match=r"row 1 \(a -> c\): unknown dependency type 'sits_on'"):
        m._m.add_dependencies_objects(obj(["a", "a", "zz"]), obj(["b", "c", "c"]),
                                      obj(["stored_on", "sits_on", "stored_on"]), None)
    assert m.dependencies == before
    m._m.add_dependencies_objects(obj(["a"]), obj(["b"]), obj(["stored_on"]), obj(["g"]))
    added = [d for d in m.dependencies if d["from"] == "a" and d["to"] == "b"]
    assert len(added) == 1 and added[0]["group"] == "g" and added[0]["type"] == "stored_on"
