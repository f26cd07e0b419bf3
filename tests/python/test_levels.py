# SPDX-License-Identifier: Apache-2.0
"""One rule for a level, everywhere (issue: Python for analysts, item 1).

Each test of the first group reproduces what the issue quotes as seen."""
import math

import numpy as np
import pandas as pd
import pytest

import infoclass as ic

LEVEL_FORMS = [3, 3.0, np.int64(3), np.float64(3.0), "3", "K3", "k3", "K=3", "allvarlig", "Allvarlig", "serious",
               " serious "]


def se_keys():
    return [lvl["key"] for lvl in ic.Scheme.preset("se-klassa").properties[0]["levels"]]


@pytest.fixture
def frame():
    return pd.DataFrame({"id": ["a", "b"], "kind": ["information", "information"]})


# -- the quoted failures ------------------------------------------------------------

def test_from_pandas_reads_property_columns_by_role_name_and_case(frame):
    m = ic.Model.from_pandas(frame.assign(confidentiality=[3, None]))
    assert m["a"].classification["K"] == 3
    m = ic.Model.from_pandas(frame.assign(k=[2, 1]))
    assert m["b"].classification["K"] == 1
    m = ic.Model.from_pandas(frame.assign(Konfidentialitet=[2, 1]))
    assert m["a"].classification["K"] == 2
    m = ic.Model.from_pandas(frame.assign(C=["high", "low"]), scheme="us-fips-199")
    assert m["a"].classification["C"] == 2


def test_from_pandas_takes_compact_tokens_and_names(frame):
    m = ic.Model.from_pandas(frame.assign(K=["K3", "Betydande"], T=["T1", None]))
    assert m["a"].classification["K"] == 3
    assert m["b"].classification["K"] == ic.Scheme.preset("se-klassa").match_level(0, "Betydande")
    assert m["a"].classification["T"] == 1
    assert m["b"].classification.get("T") is None


def test_add_asset_and_set_level_take_the_same_forms(small):
    for form in LEVEL_FORMS:
        small.set_level("vardsystem", "K", form)
        assert small["vardsystem"].classification["K"] == 3, form
        small.add_asset("x", kind="information", classification={"K": form})
        assert small["x"].classification["K"] == 3, form
        small.remove_asset("x")


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA, pd.NaT])
def test_every_missing_value_is_unassessed(small, frame, missing):
    small.set_level("journal", "K", missing)
    assert small["journal"].classification.get("K") is None
    small.add_asset("x", kind="information", classification={"K": missing, "R": 1})
    assert small["x"].classification.get("K") is None
    m = ic.Model.from_pandas(frame.assign(K=pd.Series([missing, 2], dtype=object)))
    assert m["a"].classification.get("K") is None
    assert m["b"].classification["K"] == 2


@pytest.mark.parametrize("bad, why", [(True, "truth value"), (2.5, "not a whole number"), (255, "level 255 is outside 0..4"),
                                      (5, "level 5 is outside"), (-1, "level -1 is outside"), ("serious-ish", "not a level"),
                                      ("T3", "is a level of T, not of K"), (object(), "is not a level")])
def test_bad_levels_are_model_errors_naming_asset_property_and_range(small, bad, why):
    with pytest.raises(ic.ModelError, match=why) as e:
        small.set_level("journal", "K", bad)
    assert "journal" in str(e.value) and "0..4" in str(e.value)
    with pytest.raises(ic.ModelError, match=why):
        small.add_asset("x", kind="information", classification={"K": bad})
    assert "x" not in small
    before = small["journal"].classification
    assert before["K"] == 3  # nothing changed


def test_set_override_takes_levels_by_name_and_rejects_none(small):
    small.set_override("srv-01", "availability", "allvarlig", justification="agreed")
    assert small["srv-01"].overrides["T"]["level"] == 3
    with pytest.raises(ic.ModelError, match="an override is a level"):
        small.set_override("srv-01", "T", None, justification="x")
    with pytest.raises(ic.ModelError, match="not a whole number"):
        small.set_override("srv-01", "T", 2.5, justification="x")


def test_from_pandas_errors_name_the_index_label_asset_and_column():
    df = pd.DataFrame({"id": ["a", "b", "c"], "kind": ["information"] * 3, "K": [1, 2, 9]}, index=[10, 20, 30])
    with pytest.raises(ic.ModelError, match=r"assets row 30 \(c\), column 'K': level 9 is outside 0..4 of scheme se-klassa"):
        ic.Model.from_pandas(df)
    df = pd.DataFrame({"id": ["a", "b"], "kind": ["information"] * 2, "K": ["K1", "R2"]}, index=["x", "y"])
    with pytest.raises(ic.ModelError, match=r"assets row 'y' \(b\), column 'K': 'R2' is a level of R, not of K"):
        ic.Model.from_pandas(df)
    df = pd.DataFrame({"id": ["a"], "kind": ["information"], "K": [True]})
    with pytest.raises(ic.ModelError, match="truth value"):
        ic.Model.from_pandas(df)
    df = pd.DataFrame({"id": ["a"], "kind": ["information"], "K": [1], "confidentiality": [2]})
    with pytest.raises(ic.ModelError, match="both give property K"):
        ic.Model.from_pandas(df)


def test_not_applicable_round_trips_where_the_scheme_allows_it():
    m = ic.Model(scheme="us-fips-199")
    m.add_asset("public", kind="information", classification={"C": ic.NA, "I": 1, "A": 1})
    m.add_asset("web", kind="information", classification={"C": "na", "I": 1, "A": 1})
    assert m["public"].classification == m["web"].classification
    m.set_level("public", "C", 2)
    m.set_level("public", "confidentiality", ic.NA)
    assert m["public"].classification == m["web"].classification
    with pytest.raises(ic.ModelError, match="not applicable is not allowed for I"):
        m.set_level("public", "I", ic.NA)
    assert repr(ic.NA) == "infoclass.NA"
    import pickle

    assert pickle.loads(pickle.dumps(ic.NA)) is ic.NA


def test_numeric_columns_with_gaps_stay_vectorised_and_exact():
    n = 1000
    rng = np.random.default_rng(7)
    values = rng.integers(0, 5, n).astype(float)
    values[rng.random(n) < 0.3] = np.nan
    df = pd.DataFrame({"id": [f"a{i}" for i in range(n)], "kind": ["information"] * n, "K": values})
    m = ic.Model.from_pandas(df)
    for i in range(0, n, 97):
        got = m[f"a{i}"].classification.get("K")
        assert (got is None) if math.isnan(values[i]) else got == int(values[i])


def test_from_pandas_names_a_column_it_cannot_read(frame):
    with pytest.raises(ic.ModelError, match=r"unknown columns \['Kommentar'\].*extra='attributes'"):
        ic.Model.from_pandas(frame.assign(Kommentar=["x", "y"]))
