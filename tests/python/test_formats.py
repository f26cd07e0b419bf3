import json

import infoclass as ic
import networkx as nx
import pytest


def test_graphml_is_read_by_networkx(example_path, tmp_path):
    m = ic.Model.load(example_path)
    path = tmp_path / "m.graphml"
    path.write_text(m.to_graphml(), encoding="utf-8")
    g = nx.read_graphml(path)
    assert g.number_of_nodes() == len(m)
    assert g.number_of_edges() == len(m.dependencies)
    node = g.nodes["srv-sql-01"]
    a = m.propagate()
    assert node["K"] == a.effective("srv-sql-01")["K"]
    assert node["kind"] == "server" and node["owner"] == "Servicenämnden"
    assert node["K_cause"] == "edge from svc-databas (runs_on)"
    assert "K" not in g.nodes["foreningsregister"]  # unassessed: no level
    part = nx.read_graphml(io_string(m.to_graphml("srv-sql-01", upstream=False)))
    assert set(part.nodes) == {"srv-sql-01", "san-01", "site-serverrum-stadshuset", "lev-drift", "svc-backup",
                               "backup-01", "site-serverrum-tekniska", "san-02"}


def io_string(text):
    import io

    return io.BytesIO(text.encode("utf-8"))


def test_dot_and_svg(small):
    dot = small.to_dot(focus="srv-01")
    assert '"vardsystem" -> "srv-01"' in dot
    if ic._core.have_svg:
        svg = small.to_svg()
        assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "vardsystem" in svg
        assert small._repr_svg_() == svg
    else:
        assert small._repr_svg_() is None


def test_csv_round_trip(example_path, tmp_path):
    m = ic.Model.load(example_path)
    policy = json.loads(m.to_json())["policy"]
    for delimiter in (",", ";"):
        m.to_csv(tmp_path / delimiter, delimiter=delimiter)
        back = ic.Model.from_csv(tmp_path / delimiter / "assets.csv", tmp_path / delimiter / "dependencies.csv",
                                 scheme="se-klassa", policy=policy)
        assert back == m


def test_csv_errors(tmp_path):
    (tmp_path / "assets.csv").write_text("id,kind,K\na,information,9\n")
    with pytest.raises(ic.ModelError, match=r"assets.csv:2:15: '9' is not a level of property K"):
        ic.Model.from_csv(tmp_path / "assets.csv")
    with pytest.raises(FileNotFoundError):
        ic.Model.from_csv(tmp_path / "missing.csv")


def test_threagile_and_oscal(tmp_path):
    from conftest import ROOT

    m = ic.Model.from_threagile(ROOT / "tests" / "data" / "threagile" / "webshop.yaml")
    assert m.scheme.id == "threagile"
    assert m.propagate().effective("portal") == {"C": 3, "I": 3, "A": 2}
    ssp = ROOT.parent / "shared" / "data" / "oscal" / "ssp-example.json"
    r = ic.oscal_check(ssp)
    assert r["confidentiality"] == "fips-199-moderate" and r["sensitivity"] == "moderate" and r["findings"] == []
    edge = ROOT / "tests" / "data" / "oscal" / "findings.json"
    assert len(ic.oscal_check(edge)["findings"]) == 2
    out = tmp_path / "fixed.json"
    ic.oscal_update(edge, out)
    assert len(ic.oscal_check(out)["findings"]) == 1
    assert ic.Model.from_oscal(ssp).scheme.id == "us-fips-199"
    with pytest.raises(ic.ModelError, match="missing 'system-security-plan'"):
        ic.oscal_check(ROOT / "examples" / "municipality" / "model.json")


def test_archives_from_python(example_path):
    from conftest import ROOT

    m = ic.Model.load(example_path)
    for fmt in ("binary", "text", "xml"):
        assert ic.Model.from_archive(m.to_archive(fmt)) == m
    old = (ROOT / "tests" / "data" / "archives" / "v1" / "model-binary.icar").read_bytes()
    assert ic.Model.from_archive(old) == ic.Model.load(ROOT / "tests" / "data" / "archives" / "v1" / "model.json")
    with pytest.raises(ic.ModelError, match="not an archive format"):
        m.to_archive("zip")
    with pytest.raises(ic.ModelError, match="bad magic"):
        ic.Model.from_archive(b"PK\x03\x04")
