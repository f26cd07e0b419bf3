# SPDX-License-Identifier: Apache-2.0
import re

import numpy as np
import pytest

import infoclass as ic


def test_impact_frame(example_path):
    m = ic.Model.load(example_path)
    df = m.impact("svc-katalog", "K")
    assert "socialakter" in df.index
    assert df.loc["socialakter", "path"] == ["socialakter", "app-socialsystem", "svc-idp", "svc-katalog"]
    assert "Socialnämnden" in df.attrs["owners"]


def test_spof_and_review(example_path):
    m = ic.Model.load(example_path)
    spof = m.single_points_of_failure()
    assert "site-vattenverk" in spof.index
    assert "proc-dricksvatten" in spof.loc["site-vattenverk", "brings_down"]
    r = m.review(today="2026-11-28")
    assert r["overdue"].empty and list(r["overdue"].columns) == ["asset"]
    assert "föreningsregister" in set(r["missing_review"]["asset"])
    assert r["findings"] == len(r["overdue"]) + len(r["missing_review"]) + len(r["without_owner"]) + \
        len(r["deviations"]) + len(r["cumulation_candidates"])
    owns = r["owners"]
    assert "app-socialsystem" in set(owns[owns["owner"] == "Socialnämnden"]["asset"])
    req = r["requirements"]
    assert list(req.columns) == ["owner", "asset", "asset_owner", "property", "level", "origin"]
    assert (req["owner"] != req["asset_owner"]).all()  # requirements on assets that others own
    later = m.review(today="2030-12-01")
    assert "socialakter" in set(later["overdue"]["asset"])
    a = m.propagate()
    assert later["deviations"].equals(a.deviations())


def test_gaps_and_classify(example_path):
    m = ic.Model.load(example_path)
    df = m.gaps()
    assert len(df) > 100
    assert df["severity"].is_monotonic_decreasing
    soc = df[df["asset"] == "app-socialsystem"]
    assert "AC-01" not in set(soc["measure"])  # implemented
    levels, reasons = ic.classify("se-kommun", {"sensitive": "yes", "downtime": "hours"})
    assert levels == {"K": 3, "T": 3}
    assert "GDPR art. 9" in reasons["K"]
    import pytest
    with pytest.raises(ic.ModelError, match="unknown answer"):
        ic.classify("se-kommun", {"sensitive": "perhaps"})


def test_reports(example_path, tmp_path):
    m = ic.Model.load(example_path)
    text = m.report(today="2026-11-28")
    assert "Single points of failure" in text and "Gaps against the default measures catalogue" in text
    path = tmp_path / "r.html"
    m.report_html(path, today="2026-11-28")
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<h2>Owners</h2>" in html
    assert ("<svg" in html) == ic._core.have_svg


def test_progress_callable_told_every_asset_by_the_end(example):
    calls = []
    spof = example.single_points_of_failure(progress=lambda done, total: calls.append((done, total)))
    assert spof.equals(example.single_points_of_failure())
    # counted in candidates (assets downstream of one at the threshold)
    total = calls[-1][1]
    assert calls and 0 < total <= len(example) and calls[-1][0] == total
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    seen = []
    gaps = example.gaps(progress=lambda done, total: seen.append(done))
    assert gaps.equals(example.gaps()) and seen[-1] == len(example)


def test_single_points_of_failure_threads_and_counts(example):
    names = example.single_points_of_failure()
    for threads in (0, 2):
        assert example.single_points_of_failure(threads=threads).equals(names)
    counts = example.single_points_of_failure(names=False, threads=2)
    assert list(counts.columns) == ["count"]
    assert list(counts.index) == list(names.index)
    assert counts["count"].tolist() == [len(x) for x in names["brings_down"]]
    for bad in (-1, 1.5, True, 257):
        with pytest.raises(ic.ModelError, match="threads"):
            example.single_points_of_failure(threads=bad)


def test_single_points_of_failure_threshold_is_a_level_of_the_scale(example):
    sch = example.scheme
    avail = next(p for p, prop in enumerate(sch.properties) if prop["role"] == "availability")
    top = sch.levels(avail) - 1
    # the highest level counts, and a numpy integer is a level like an int
    assert example.single_points_of_failure(threshold=top).equals(
        example.single_points_of_failure(threshold=np.int64(top)))
    assert example.single_points_of_failure(threshold=0).equals(
        example.single_points_of_failure(threshold=np.uint8(0)))
    # 255 used to wrap to "every asset counts" (threshold 0); 1.5 and True were cut to 1
    for bad in (top + 1, 255, 256, -1, 10**30, 1.5, True, "2"):
        for kw in ({}, {"names": False}, {"top": 3}):
            with pytest.raises(ic.ModelError, match=rf"threshold is a level 0..{top} of T .*not {re.escape(repr(bad))}"):
                example.single_points_of_failure(threshold=bad, **kw)
    # the C++ check on its own: past the Python wrapper
    from infoclass import _core
    a = example._m.propagate(True, 1)
    for bad in (top + 1, 255, -1):
        with pytest.raises(ic.ModelError, match=rf"threshold: level {bad} is outside 0..{top} of T"):
            _core.single_points_of_failure(example._m, a, bad, None, 1, False)
        with pytest.raises(ic.ModelError, match=rf"threshold: level {bad} is outside 0..{top} of T"):
            _core.most_severe_single_points(example._m, a, bad, 3, 3, None, 1)


def test_single_points_of_failure_top_and_max_names(example):
    full = example.single_points_of_failure()
    # Reference: every single point ranked by how many it brings down, ties in model order.
    ranked = sorted(range(len(full)), key=lambda i: (-len(full["brings_down"].iloc[i]), i))
    top = example.single_points_of_failure(top=5, max_names=3, threads=2)
    assert list(top.columns) == ["count", "brings_down"]
    assert top.attrs["total"] == len(full)
    assert list(top.index) == [full.index[i] for i in ranked[:5]]
    for asset, row in top.iterrows():
        victims = full.loc[asset, "brings_down"]
        assert row["count"] == len(victims)
        assert row["brings_down"] == victims[:3]
    every = example.single_points_of_failure(top=10**9)
    assert len(every) == len(full) and every.attrs["total"] == len(full)
    assert example.single_points_of_failure(top=0).empty
    cut = example.single_points_of_failure(max_names=1)
    assert list(cut.index) == list(full.index)
    assert cut["brings_down"].tolist() == [x[:1] for x in full["brings_down"]]
    for bad in (-1, 1.5, True, "3"):
        with pytest.raises(ic.ModelError, match="top"):
            example.single_points_of_failure(top=bad)
        with pytest.raises(ic.ModelError, match="max_names"):
            example.single_points_of_failure(max_names=bad)
    with pytest.raises(ic.ModelError, match="max_names"):
        example.single_points_of_failure(names=False, max_names=2)
    with pytest.raises(ic.ModelError, match="top"):
        example.single_points_of_failure(names=False, top=2)


def test_progress_exception_stops_the_analysis(example):
    class Stop(Exception):
        pass

    def stop(done, total):
        if done > 0:
            raise Stop()

    with pytest.raises(Stop):
        example.single_points_of_failure(progress=stop)
    with pytest.raises(KeyboardInterrupt):
        example.gaps(progress=lambda d, t: (_ for _ in ()).throw(KeyboardInterrupt()))


def test_progress_drives_a_tqdm_bar(example):
    tqdm = pytest.importorskip("tqdm")
    import io

    out = io.StringIO()
    bar = tqdm.tqdm(file=out, mininterval=0)
    example.single_points_of_failure(progress=bar)
    assert 0 < bar.total <= len(example) and bar.n == bar.total
    assert "single points of failure" in out.getvalue()
    with pytest.raises(ic.ModelError, match="progress must be"):
        example.gaps(progress=42)


@pytest.fixture
def example(example_path):
    return ic.Model.load(example_path)


def quorum(need):
    m = ic.Model("se-klassa")
    m.add_asset("app", kind="application", classification={"T": 3})
    for n in ("db-1", "db-2", "db-3"):
        m.add_asset(n, kind="server")
        m.add_dependency("app", n, "runs_on", group="db-cluster", need=need)
    return m


def test_quorum_two_of_three_has_a_spare():
    m = quorum(2)
    a = m.propagate()
    assert a.effective("db-1")["T"] == 2  # the redundancy transfer: one spare
    assert a.cause("db-1", "T") == {"kind": "edge", "from": "app", "type": "runs_on",
                                    "group": {"name": "db-cluster", "need": 2, "of": 3}}
    assert m.single_points_of_failure(threshold=2).empty
    assert m.failure_set("db-1") == ["db-1"]
    assert m.failure_set("db-3", "db-1") == ["app", "db-1", "db-3"]  # any two nodes of the quorum
    assert m.failure_set(["db-2", "db-3"]) == ["app", "db-2", "db-3"]
    assert [d["need"] for d in m.dependencies] == [2, 2, 2]
    m3 = quorum(3)
    assert m3.propagate().effective("db-1")["T"] == 3
    assert list(m3.single_points_of_failure(threshold=3).index) == ["db-1", "db-2", "db-3"]


def test_need_in_frames_and_networkx():
    m = quorum(2)
    assets, deps = m.to_pandas()
    assert list(deps.columns) == ["from", "to", "type", "group", "need"]
    assert deps["need"].tolist() == [2, 2, 2]
    back = ic.Model.from_pandas(assets, deps)
    assert back.dependencies == m.dependencies
    g = m.to_networkx()
    assert all(d.get("need") == 2 for _u, _v, d in g.edges(data=True))
    assert ic.Model.from_networkx(g).dependencies == m.dependencies
    bad = deps.copy()
    for cell in ("two", float("inf"), 2.5, 0, 70000):
        bad["need"] = [cell, None, None]
        with pytest.raises(ic.ModelError, match="is not a whole number of members from 1 to 65535"):
            ic.Model.from_pandas(assets, bad)
    for k in (0, 2.5, float("inf"), "x", True):
        with pytest.raises(ic.ModelError, match="is not a whole number from 1 to 65535"):
            m.add_dependency("app", "db-1", "stored_on", group="g", need=k)
    with pytest.raises(ic.ModelError, match="needs 3 here, but app -> db-1"):
        m.add_asset("db-4", kind="server")
        m.add_dependency("app", "db-4", "runs_on", group="db-cluster", need=3)
    with pytest.raises(ic.ModelError, match="without a redundancy group"):
        m.add_dependency("app", "db-4", "runs_on", need=2)


def test_propagate_on_two_threads_gives_the_same_levels_and_causes():
    # 60,000 assets (above the 50,000 below which one thread runs): layers,
    # with a cycle between servers so that both kinds of component are solved.
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(7)
    n_info, n_app, n_srv = 42_000, 12_000, 6_000
    ids = ([f"i{i}" for i in range(n_info)] + [f"a{i}" for i in range(n_app)] + [f"s{i}" for i in range(n_srv)])
    kinds = ["information"] * n_info + ["application"] * n_app + ["server"] * n_srv
    levels = rng.integers(0, 4, size=(len(ids), 4)).astype(float)
    levels[n_info:] = np.nan
    assets = pd.DataFrame({"id": ids, "kind": kinds, "K": levels[:, 0], "R": levels[:, 1], "T": levels[:, 2],
                           "S": levels[:, 3]})
    frm = ([f"i{i}" for i in range(n_info)] + [f"a{i}" for i in range(n_app)] + [f"s{i}" for i in range(n_srv)])
    to = ([f"a{rng.integers(n_app)}" for _ in range(n_info)] + [f"s{rng.integers(n_srv)}" for _ in range(n_app)]
          + [f"s{(i + 1) % n_srv}" for i in range(n_srv)])
    deps = pd.DataFrame({"from": frm, "to": to, "type": "depends_on"})
    m = ic.Model.from_pandas(assets, deps)
    one = m.propagate(incremental=False)
    two = m.propagate(incremental=False, threads=2)
    assert two == one
    assert two.to_pandas().equals(one.to_pandas())
    for asset in ("a5", "s17", f"s{n_srv - 1}"):
        assert two.explain(asset, "K") == one.explain(asset, "K")
    # The single points of failure's counts (not names: every server of the
    # cycle brings down every asset at the threshold above it) on the workers
    # the search shares (several batches of candidates).
    counts = m.single_points_of_failure(names=False)
    assert len(counts) > 2 * 512 and counts["count"].max() > 10_000
    for threads in (2, 0):
        assert m.single_points_of_failure(names=False, threads=threads).equals(counts)
    for bad in (-1, 2.0, False, 300):
        with pytest.raises(ic.ModelError, match="threads"):
            m.propagate(threads=bad)


def test_single_points_of_failure_names_what_failure_set_brings_down(example):
    # Reference: one failure_set per asset, cut to the assets at or above the
    # threshold (T >= 3, the default), the single point itself left out.
    a = example.propagate()
    expected = {}
    for asset in (x.id for x in example):
        down = [v for v in example.failure_set(asset)
                if v != asset and (a.effective(v)["T"] or -1) >= 3]
        if down:
            expected[asset] = down
    assert len(expected) > 10
    for threads in (1, 2):
        df = example.single_points_of_failure(threads=threads)
        assert list(df.index) == list(expected)  # model order
        assert df["brings_down"].tolist() == list(expected.values())
        cut = example.single_points_of_failure(threads=threads, max_names=1)
        assert cut["brings_down"].tolist() == [v[:1] for v in expected.values()]
    # an id named by many lists is one str object
    names = [v for vs in df["brings_down"] for v in vs]
    same = [v for v in names if v == names[0]]
    assert len(same) > 1 and all(v is same[0] for v in same)


def test_impact_paths_on_a_chain_share_their_names():
    # a0 <- a1 <- ... <- a1999: everything depends on a0; each path runs back to it
    m = ic.Model()
    for i in range(2000):
        m.add_asset(f"a{i}", "server" if i == 0 else "application")
        if i:
            m.add_dependency(f"a{i}", f"a{i - 1}", "runs_on")
    df = m.impact("a0", "K")
    assert list(df.index) == [f"a{i}" for i in range(1, 2000)]
    for i in (1, 2, 1000, 1999):
        assert df.loc[f"a{i}", "path"] == [f"a{k}" for k in range(i, -1, -1)]
    first, last = df["path"].iloc[0], df["path"].iloc[-1]
    assert first[-1] is last[-1] and last[1] is df["path"].iloc[-2][0]


def test_gaps_frame_agrees_with_the_model_and_networkx(example_path):
    # The frame is made from the gaps by index (no texts in C++): every row
    # is checked against what the model, its assessment and networkx say.
    import networkx as nx

    m = ic.Model.load(example_path)
    a = m.propagate()
    df = m.gaps()
    assert [str(t) for t in df[["implemented", "effective", "dependents", "severity"]].dtypes] == [
        "Int64", "int64", "int64", "int64"]
    for column in ("kind", "asset", "property", "measure"):  # texts (object in pandas 1.x and 2.x)
        assert not pd_is_numeric(df[column])
    g = m.to_networkx()
    levels = 0
    for row in df.itertuples(index=False):
        assert isinstance(row.asset, str) and isinstance(row.property, str)
        assert row.dependents == len(nx.ancestors(g, row.asset))
        eff = a.effective(row.asset)[row.property]
        assert row.effective == eff
        if row.kind == "level":
            levels += 1
            assert row.measure is None
            impl = m[row.asset].implemented
            got = None if pd_isna(row.implemented) else int(row.implemented)
            assert got == (impl or {}).get(row.property)
            assert got is None or got < eff
            assert row.severity == (eff - (-1 if got is None else got)) * (1 + row.dependents)
        else:
            assert row.kind == "measure" and isinstance(row.measure, str)
            assert pd_isna(row.implemented)
            assert row.measure not in set(m[row.asset].measures)
    # every level gap of the model is a row
    want = set()
    for asset in a.ids:
        impl = m[asset].implemented
        if impl is None:
            continue
        for p, e in a.effective(asset).items():
            if e is not None and (impl.get(p) is None or impl[p] < e):
                want.add((asset, p))
    assert levels > 0 and want == {(r.asset, r.property) for r in df.itertuples() if r.kind == "level"}


def pd_is_numeric(column):
    import pandas as pd

    return pd.api.types.is_numeric_dtype(column)


def pd_isna(x):
    import pandas as pd

    return bool(pd.isna(x))
