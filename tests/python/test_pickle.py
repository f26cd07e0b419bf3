# SPDX-License-Identifier: Apache-2.0
import copy
import pickle

import infoclass as ic
import pytest


def test_model_and_assessment_pickle_losslessly(example_path):
    m = ic.Model.load(example_path)
    m2 = pickle.loads(pickle.dumps(m))
    assert m2 == m and m2.to_json() == m.to_json()
    a = m.propagate()
    a2 = pickle.loads(pickle.dumps(a))
    assert a2 == a
    assert a2.explain("srv-sql-01", "K") == a.explain("srv-sql-01", "K")
    assert a2.deviations().equals(a.deviations())
    assert (a2.levels == a.levels).all()


def test_copies(small):
    c = copy.copy(small)
    d = copy.deepcopy(small)
    assert c == small and d == small
    c.set_level("journal", "K", 0)
    assert c != small
    s = ic.Scheme.preset("se-msb")
    assert pickle.loads(pickle.dumps(s)) == s
    custom = ic.Model.from_json('{"infoclass": 1, "scheme": {"id": "acme", "properties": [{"key": "C", '
                                '"role": "confidentiality", "levels": [{"key": "lo"}, {"key": "hi"}]}]}}').scheme
    assert pickle.loads(pickle.dumps(custom)) == custom
    asset = small["journal"]
    assert pickle.loads(pickle.dumps(asset)) == asset


def test_pickle_version_is_checked(small):
    state = small.__getstate__()
    state["version"] = 99
    m = ic.Model.__new__(ic.Model)
    with pytest.raises(ic.ModelError, match="unsupported Model version"):
        m.__setstate__(state)
    state = small.__getstate__()
    state["archive"] = state["archive"][:-3]
    with pytest.raises(ic.ModelError, match="archive"):
        m.__setstate__(state)
