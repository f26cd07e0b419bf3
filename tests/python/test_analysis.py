# SPDX-License-Identifier: Apache-2.0
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
