# SPDX-License-Identifier: Apache-2.0
"""DataFrames in and out: from_pandas reads what from_csv reads, to_pandas gives
it back exactly, networkx and Excel the same (issue 17, items 2 and 4)."""
import json
import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import infoclass as ic


def base(**columns):
    data = {"id": ["a", "b"], "kind": ["information", "application"]}
    data.update(columns)
    return pd.DataFrame(data)


# -- what the issue saw: columns dropped without a word ------------------------------------
def test_a_property_column_by_role_word_or_lower_case_key_is_read():
    m = ic.Model.from_pandas(base(confidentiality=[3, 1]))
    assert m["a"].classification == {"K": 3}
    m = ic.Model.from_pandas(base(k=[2, None]))
    assert m["a"].classification == {"K": 2} and m["b"].classification == {}


def test_a_column_of_another_schemes_vocabulary_is_an_error_not_an_unassessed_level():
    # 'C' is FIPS 199's key; under se-klassa it names nothing.
    with pytest.raises(ic.ModelError, match=r"unknown columns \['C'\]") as e:
        ic.Model.from_pandas(base(C=[3, 1]))
    assert e.value.where == "assets"


def test_the_other_csv_fields_are_read_not_ignored():
    frame = base(justification=["OSL 26 kap.", None], review_by=pd.Series(["2027-06-30", pd.NaT], dtype=object),
                 override_T=[None, 3], override_T_justification=[None, "stödsystem"],
                 attributes=[{"system": "Procapita", "n": 2}, None], measures=["AC-01 LOG-01", None])
    m = ic.Model.from_pandas(frame)
    a, b = m["a"], m["b"]
    assert a.justification == "OSL 26 kap." and a.review_by == "2027-06-30"
    assert a.attributes == {"system": "Procapita", "n": 2} and a.measures == ["AC-01", "LOG-01"]
    assert b.overrides == {"T": {"level": 3, "effect": "manual", "justification": "stödsystem"}}
    assert b.justification == "" and b.attributes == {}


def test_an_unknown_column_is_an_error_unless_kept_or_ignored():
    frame = base(K=[1, 2], Kommentar=["ring Eva", None])
    with pytest.raises(ic.ModelError, match=r"unknown columns \['Kommentar'\]"):
        ic.Model.from_pandas(frame)
    kept = ic.Model.from_pandas(frame, extra="attributes")
    assert kept["a"].attributes == {"Kommentar": "ring Eva"} and kept["b"].attributes == {}
    ignored = ic.Model.from_pandas(frame, extra="ignore")
    assert ignored["a"].attributes == {} and ignored["a"].classification == {"K": 1}
    with pytest.raises(ic.ModelError, match="extra must be one of error, attributes, ignore"):
        ic.Model.from_pandas(frame, extra="keep")
    renamed = ic.Model.from_pandas(frame.rename(columns={"id": "Informationsmängd"}),
                                   columns={"Informationsmängd": "id", "Kommentar": "attribute:Kommentar"})
    assert renamed == kept


def test_an_unknown_dependency_column_is_an_error_unless_ignored():
    deps = pd.DataFrame({"from": ["a"], "to": ["b"], "type": ["processed_by"], "note": ["x"]})
    with pytest.raises(ic.ModelError, match=r"dependencies: unknown columns \['note'\]"):
        ic.Model.from_pandas(base(), deps)
    with pytest.raises(ic.ModelError, match="dependencies carry no attributes"):
        ic.Model.from_pandas(base(), deps, extra="attributes")
    assert ic.Model.from_pandas(base(), deps, extra="ignore").dependencies[0]["type"] == "processed_by"


def test_errors_in_the_other_fields_name_row_label_asset_and_column():
    frame = base(override_T=[None, "na"]).set_axis(["r1", "r2"])
    with pytest.raises(ic.ModelError, match=r"assets row 'r2' \(b\), column 'override_T'"):
        ic.Model.from_pandas(frame)
    frame = base(override_T_effect=[None, "cumulation"]).set_axis(["r1", "r2"])
    with pytest.raises(ic.ModelError, match=r"assets row 'r2' \(b\), column 'override_T_effect': an override effect "
                                            r"or justification without an override level"):
        ic.Model.from_pandas(frame)
    frame = base(attributes=["[1, 2]", None]).set_axis([7, 8])
    with pytest.raises(ic.ModelError, match=r"assets row 7 \(a\), column 'attributes': attributes are a mapping"):
        ic.Model.from_pandas(frame)
    frame = base(implemented_K=[1, 7])
    with pytest.raises(ic.ModelError, match=r"assets row 1 \(b\), column 'implemented_K': level 7 is outside"):
        ic.Model.from_pandas(frame)
    dup = pd.DataFrame({"id": ["a", "a"], "kind": ["information"] * 2}, index=["first", "second"])
    with pytest.raises(ic.ModelError, match=r"assets row 'second'") as e:
        ic.Model.from_pandas(dup)
    assert "duplicate" in e.value.reason


def test_json_cells_are_read_as_strictly_and_as_deep_as_from_csv_reads_them(tmp_path):
    # A repeated key is an error (json.loads alone keeps the last value), in
    # attributes and answers, as from_csv says.
    frame = base(attributes=['{"x": 1, "x": 2}', None])
    with pytest.raises(ic.ModelError, match=r"assets row 0 \(a\), column 'attributes': JSON in the cell: "
                                            r"duplicate key 'x'"):
        ic.Model.from_pandas(frame)
    frame.to_csv(tmp_path / "assets.csv", index=False)
    with pytest.raises(ic.ModelError, match="duplicate key 'x'"):
        ic.Model.from_csv(tmp_path / "assets.csv")
    answers = base(answers=['{"rules": "r", "given": {}, "given": {"q": "ja"}}', None])
    with pytest.raises(ic.ModelError, match="column 'answers': JSON in the cell: duplicate key 'given'"):
        ic.Model.from_pandas(answers)
    with pytest.raises(ic.ModelError, match=r"answers: unknown field 'by' \(rules and given only\)"):
        ic.Model.from_pandas(base(answers=['{"rules": "r", "given": {}, "by": 1}', None]))
    # As deep as a model file holds a cell's object: 61 levels at the default
    # limit, as text or as data; the model written reads back.
    def cell(levels):
        return '{"x": ' + "[" * (levels - 1) + "]" * (levels - 1) + "}"
    m = ic.Model.from_pandas(base(attributes=[cell(61), None]))
    assert ic.Model.from_json(m.to_json()) == m
    for too_deep in (cell(62), json.loads(cell(62)), cell(100000)):
        with pytest.raises(ic.ModelError, match="column 'attributes': JSON in the cell nests deeper than 61 levels"):
            ic.Model.from_pandas(base(attributes=[too_deep, None]))
    pd.DataFrame({"id": ["a"], "kind": ["information"], "attributes": [cell(62)]}).to_csv(tmp_path / "deep.csv",
                                                                                          index=False)
    with pytest.raises(ic.ModelError, match="nesting deeper than 61 levels"):
        ic.Model.from_csv(tmp_path / "deep.csv")
    # An attribute column holding data nested too deep is refused the same way.
    with pytest.raises(ic.ModelError, match="nests deeper than 61 levels"):
        ic.Model.from_pandas(base(Kommentar=[json.loads(cell(62)), None]), extra="attributes")


def test_from_pandas_and_from_csv_read_the_same_table_the_same_way(tmp_path):
    # Every column of the CSV format, Swedish headers included: the two
    # readers share the column rules, so the models are equal.
    assets = pd.DataFrame({
        "ID": ["socialakter", "app", "srv"],
        "Typ": ["information", "application", "server"],
        "Namn": ["Personakter", "Verksamhetssystem", "Server 1"],
        "Ägare": ["Socialnämnden", "IT", "IT"],
        "Konfidentialitet": ["Betydande", "", ""],
        "R": ["3", "", ""],
        "tillgänglighet": ["2", "1", ""],
        "Motivering": ["OSL", "", ""],
        "Granskas": ["2027-06-30", "", ""],
        "implemented_K": ["", "2", ""],
        "override_S": ["", "", "3"],
        "override_S_effect": ["", "", "cumulation"],
        "override_S_justification": ["", "", "många system"],
        "attribut": ['{"system": "Procapita"}', "", ""],
        "åtgärder": ["", "AC-01 LOG-01", ""],
        "svar": ['{"rules": "se-kommun", "given": {"sensitive": "yes"}}', "", ""],
        "attribute:Kommentar": ["", "ring Eva", ""],
    })
    deps = pd.DataFrame({"från": ["socialakter", "app"], "till": ["app", "srv"], "typ": ["processed_by", "runs_on"],
                         "grupp": ["", "kluster"]})
    assets.to_csv(tmp_path / "assets.csv", index=False)
    deps.to_csv(tmp_path / "dependencies.csv", index=False)
    from_csv = ic.Model.from_csv(tmp_path / "assets.csv", tmp_path / "dependencies.csv")
    from_frame = ic.Model.from_pandas(assets, deps.replace("", None))
    assert from_frame == from_csv
    assert from_frame["srv"].overrides["S"]["effect"] == "cumulation"
    assert from_frame["app"].attributes == {"Kommentar": "ring Eva"}


# -- the round trip --------------------------------------------------------------------------
PROPERTIES = st.sampled_from(["se-klassa", "us-fips-199", "de-bsi-200-2", "custom"])
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12).filter(
    lambda t: t.strip() == t)


def custom_scheme():
    j = json.loads(ic.Scheme.preset("se-msb").to_json())
    j["id"] = "example-custom"
    j["name"] = j["name_en"] = "Custom"
    return ic.Scheme.from_json(json.dumps(j))


@st.composite
def models(draw):
    which = draw(PROPERTIES)
    scheme = custom_scheme() if which == "custom" else ic.Scheme.preset(which)
    policy = draw(st.sampled_from([None, {"redundancy": {"availability": "reduce:1"}},
                                   {"floor": [{"kinds": ["server"], "levels": {"availability": 1}}]}]))
    m = ic.Model(scheme, policy)
    n = draw(st.integers(1, 8))
    kinds = ["information", "application", "server", "process"]
    for i in range(n):
        def levels(allow_na):
            out = {}
            for p, key in enumerate(scheme.keys):
                choice = draw(st.integers(-2, scheme.levels(p) - 1))
                if choice >= 0:
                    out[key] = choice
                elif choice == -2 and allow_na and scheme.properties[p]["allows_not_applicable"]:
                    out[key] = "na"
            return out
        fields = {}
        if draw(st.booleans()):
            fields["justification"] = draw(TEXT)
        if draw(st.booleans()):
            fields["review_by"] = draw(st.sampled_from(["2026-01-31", "2030-12-01"]))
        if draw(st.booleans()):
            fields["implemented"] = levels(False) or None
        if draw(st.booleans()):
            fields["attributes"] = draw(st.dictionaries(TEXT, st.one_of(
                st.integers(-10**9, 10**9), st.floats(allow_nan=False, allow_infinity=False, width=32), TEXT,
                st.booleans(), st.none(), st.lists(st.integers(0, 9), max_size=3)), max_size=3))
        if draw(st.booleans()):
            fields["measures"] = draw(st.lists(st.sampled_from(["AC-01", "LOG-01", "BCK-02"]), min_size=1,
                                               max_size=3, unique=True))
        if draw(st.booleans()):
            fields["answers"] = {"rules": "se-kommun", "given": {"sensitive": draw(st.sampled_from(["yes", "no"]))}}
        kind = draw(st.sampled_from(kinds))
        m.add_asset(f"a{i}", kind, name=draw(st.one_of(st.just(""), TEXT)),
                    owner=draw(st.sampled_from(["", "Socialnämnden", "IT"])),
                    classification=levels(kind == "information"), **fields)
        if draw(st.booleans()):
            p = draw(st.integers(0, len(scheme) - 1))
            m.set_override(f"a{i}", scheme.keys[p], draw(st.integers(0, scheme.levels(p) - 1)),
                           justification=draw(TEXT), effect=draw(st.sampled_from(["manual", "cumulation"])))
    for _ in range(draw(st.integers(0, 2 * n))):
        f, t = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        type_ = draw(st.sampled_from(["depends_on", "runs_on", "processed_by"]))
        if f != t and not any(d["from"] == f"a{f}" and d["to"] == f"a{t}" and d["type"] == type_
                              for d in m.dependencies):
            m.add_dependency(f"a{f}", f"a{t}", type_, group=draw(st.sampled_from([None, "g1"])))
    return m


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(models())
def test_to_pandas_round_trips_exactly(m):
    assets, deps = m.to_pandas()
    back = ic.Model.from_pandas(assets, deps)
    assert back.to_json() == m.to_json()
    assert back == m


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(models())
def test_to_networkx_round_trips_exactly(m):
    # A graph keeps no order of its edges across nodes: everything else is exact.
    back = json.loads(ic.Model.from_networkx(m.to_networkx()).to_json())
    want = json.loads(m.to_json())
    key = lambda d: (d["from"], d["to"], d["type"])  # noqa: E731
    assert sorted(back.pop("dependencies"), key=key) == sorted(want.pop("dependencies"), key=key)
    assert back == want


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
@given(m=models())
def test_to_excel_round_trips_through_the_cpp_xlsx_reader(tmp_path, m):
    path = tmp_path / "model.xlsx"
    m.to_excel(path)
    scheme = m.scheme
    back = ic.Model.from_excel(path, scheme=scheme, policy=json.loads(m.to_json()).get("policy"))
    assert back.to_json() == m.to_json()


def test_to_pandas_columns_and_attrs():
    m = ic.examples.municipality()
    assets, deps = m.to_pandas()
    assert list(assets.columns[:8]) == ["id", "kind", "name", "owner", "K", "R", "T", "S"]
    assert str(assets["K"].dtype) == "Int64"
    assert list(deps.columns) == ["from", "to", "type", "group"]
    assert assets.attrs["scheme"] == "se-klassa" and assets.attrs["policy"] == json.loads(m.to_json())["policy"]
    assert len(assets) == len(m) and len(deps) == len(m.dependencies)
    fips = ic.Model("us-fips-199")
    fips.add_asset("pii", "information", classification={"C": ic.NA, "I": 1})
    assets, _ = fips.to_pandas()
    assert assets.loc[0, "C"] is ic.NA and assets.loc[0, "I"] == 1
    assert ic.Model.from_pandas(*fips.to_pandas()) == fips


def test_to_excel_is_atomic_and_names_a_bad_folder(tmp_path):
    m = ic.examples.municipality()
    with pytest.raises(FileNotFoundError):
        m.to_excel(tmp_path / "no" / "such.xlsx")
    with pytest.raises(IsADirectoryError):
        m.to_excel(tmp_path)
    m.to_excel(tmp_path / "m.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.xlsx"]
    sheets = pd.read_excel(tmp_path / "m.xlsx", sheet_name=None)
    assert set(sheets) == {"assets", "dependencies"} and len(sheets["assets"]) == len(m)


def test_from_networkx_reads_node_attributes_by_the_column_rules():
    g = nx.MultiDiGraph()
    g.add_node("a", kind="information", confidentiality="Betydande", Motivering="OSL")
    g.add_node("b", kind="application", Kommentar="x")
    g.add_edge("a", "b", key="processed_by", type="processed_by")
    with pytest.raises(ic.ModelError, match=r"node 'b': unknown attribute 'Kommentar'"):
        ic.Model.from_networkx(g)
    m = ic.Model.from_networkx(g, extra="attributes")
    assert m["a"].classification == {"K": 2} and m["a"].justification == "OSL"
    assert m["b"].attributes == {"Kommentar": "x"}
    assert ic.Model.from_networkx(g, extra="ignore")["b"].attributes == {}
    g.add_edge("a", "b", key="x", type="depends_on", weight=3)
    with pytest.raises(ic.ModelError, match=r"edge 'a' -> 'b': unknown edge attribute 'weight'"):
        ic.Model.from_networkx(g, extra="attributes")
    assert ic.Model.from_networkx(g, extra="ignore").dependencies[1]["type"] == "depends_on"


def test_assessment_to_pandas_with_derived_levels_and_level_names():
    m = ic.examples.municipality()
    a = m.propagate()
    plain = a.to_pandas()
    full = a.to_pandas(derived=True, names=True)
    sch = m.scheme
    assert list(full.columns[:4]) == ["kind", "owner", "K", "K_derived"]
    for i, asset in enumerate(a.ids[:40]):
        for p, key in enumerate(sch.keys):
            eff, der = a.effective(asset)[key], a.derived(asset)[key]
            names = [level["name"] for level in sch.properties[p]["levels"]]
            assert (pd.isna(plain.loc[asset, key]) if eff is None else plain.loc[asset, key] == eff)
            assert (pd.isna(full.loc[asset, key]) if eff is None else full.loc[asset, key] == names[eff])
            assert (pd.isna(full.loc[asset, f"{key}_derived"]) if der is None
                    else full.loc[asset, f"{key}_derived"] == names[der])
    assert full["K"].cat.ordered and list(full["K"].cat.categories) == [
        level["name"] for level in sch.properties[0]["levels"]]
    # an override that lowers: derived above effective
    lowered = [d for d in a.deviations().itertuples() if d.kind == "lowering_override"]
    assert lowered
    d = lowered[0]
    numbers = a.to_pandas(derived=True)
    assert numbers.loc[d.asset, f"{d.property}_derived"] > numbers.loc[d.asset, d.property]


def test_dependency_errors_name_the_row_label():
    assets = base()
    deps = pd.DataFrame({"from": ["a", "a"], "to": ["b", "zz"], "type": ["processed_by"] * 2}, index=["d1", "d2"])
    with pytest.raises(ic.ModelError, match=r"dependencies row 'd2' \(a -> zz\): unknown asset 'zz'") as e:
        ic.Model.from_pandas(assets, deps)
    assert e.value.where == "dependencies row 'd2' (a -> zz)" and e.value.reason == "unknown asset 'zz'"
    deps = pd.DataFrame({"from": ["a", "a"], "to": ["b", "b"], "type": ["processed_by"] * 2}, index=["d1", "d2"])
    with pytest.raises(ic.ModelError, match=r"dependencies row 'd2' \(a -> b\): repeated dependency"):
        ic.Model.from_pandas(assets, deps)


def test_review_findings_whole_numbers_categoricals_formulas_and_control_characters(tmp_path):
    # pandas keeps an integer column with gaps as floats: 1001.0 reads as 1001, as from_csv reads it
    assets = pd.DataFrame({"id": ["a", "b"], "kind": ["information", "application"], "owner": [1001, None],
                           "justification": [12, None]})
    deps = pd.DataFrame({"from": ["a"], "to": ["b"], "type": ["processed_by"], "group": [7.0]})
    m = ic.Model.from_pandas(assets, deps)
    assert m["a"].owner == "1001" and m["a"].justification == "12" and m.dependencies[0]["group"] == "7"
    # a categorical column with a gap is read, not refused
    m = ic.Model.from_pandas(base(owner=pd.Categorical(["o", None])))
    assert m["a"].owner == "o" and m["b"].owner == ""
    # text that looks like a formula stays text through Excel
    f = ic.Model("se-klassa")
    f.add_asset("a", "information", name="=1+1", justification='=HYPERLINK("x")', measures=["=m"])
    f.to_excel(tmp_path / "f.xlsx")
    back = ic.Model.from_excel(tmp_path / "f.xlsx")
    assert back["a"].name == "=1+1" and back["a"].justification == '=HYPERLINK("x")' and back["a"].measures == ["=m"]
    # a control character Excel cannot hold is a ModelError naming the asset, and nothing is written
    f.add_asset("bell", "information", justification="ring\x07")
    with pytest.raises(ic.ModelError, match=r"bell/justification: .*control character"):
        f.to_excel(tmp_path / "g.xlsx")
    assert not (tmp_path / "g.xlsx").exists()


def test_answers_and_overrides_of_the_wrong_shape_are_model_errors():
    m = ic.Model("se-klassa")
    with pytest.raises(ic.ModelError, match="answers are"):
        m.add_asset("a", "information", answers={"rules": "se-kommun"})
    with pytest.raises(ic.ModelError, match="overrides/K"):
        m.add_asset("a", "information", overrides={"K": {"justification": "x"}})
    assert "a" not in m


def test_from_networkx_reads_swedish_attribute_names():
    g = nx.MultiDiGraph()
    g.add_node("a", typ="application", namn="Hej", **{"ägare": "IT"})
    m = ic.Model.from_networkx(g)
    assert (m["a"].kind, m["a"].name, m["a"].owner) == ("application", "Hej", "IT")
