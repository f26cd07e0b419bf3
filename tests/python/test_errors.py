# SPDX-License-Identifier: Apache-2.0
import infoclass as ic
import pytest


def test_model_error_is_value_error():
    assert issubclass(ic.ModelError, ValueError)


def test_bad_json_names_pointer():
    with pytest.raises(ic.ModelError, match=r"/assets/0/classification/K: level 7 is outside 0..4"):
        ic.Model.from_json('{"infoclass": 1, "scheme": "se-klassa", "assets": '
                           '[{"id": "a", "kind": "information", "classification": {"K": 7}}]}')
    with pytest.raises(ValueError, match=r"line 1, column"):
        ic.Model.from_json("{")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(FileNotFoundError):
        ic.Model.load(tmp_path / "missing.json")
    with pytest.raises(IsADirectoryError):
        ic.Model.load(tmp_path)


def test_bad_mutations_name_the_asset(small):
    with pytest.raises(ic.ModelError, match="journal -> nope: unknown asset 'nope'"):
        small.add_dependency("journal", "nope", "runs_on")
    with pytest.raises(ic.ModelError, match="duplicate asset id"):
        small.add_asset("journal", kind="information")
    with pytest.raises(ic.ModelError, match="level 9 is outside 0..4"):
        small.add_asset("x", kind="information", classification={"K": 9})
    with pytest.raises(ic.ModelError, match="'Q' is not a property"):
        small.add_asset("x", kind="information", classification={"Q": 1})
    with pytest.raises(ic.ModelError, match="needs a justification"):
        small.set_override("srv-01", "K", 1, justification=" ")
    with pytest.raises(ic.ModelError, match="not an override effect"):
        small.set_override("srv-01", "K", 1, justification="x", effect="luck")
    with pytest.raises(ic.ModelError, match="unknown dependency type"):
        small.add_dependency("journal", "srv-01", "beams_to")
    with pytest.raises(ic.ModelError):
        small.add_asset("bad id ", kind="server")  # white space at the end
    with pytest.raises(ic.ModelError, match="scheme must be a preset id or a Scheme, not int"):
        ic.Model(scheme=42)
    with pytest.raises(ic.ModelError, match="unknown scheme preset"):
        ic.Model(scheme="nope")
    # nothing changed
    assert len(small) == 3 and len(small.dependencies) == 2


def test_bad_override_in_add_asset_changes_nothing(small):
    with pytest.raises(ic.ModelError):
        small.add_asset("x", kind="server", overrides={"T": {"level": 1, "justification": ""}})
    assert "x" not in small


def test_unknown_asset_queries(small):
    a = small.propagate()
    with pytest.raises(ic.ModelError, match="nope: no such asset"):
        a.effective("nope")
    with pytest.raises(ic.ModelError, match="not a property"):
        a.explain("journal", "Q")
