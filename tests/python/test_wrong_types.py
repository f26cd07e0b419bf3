# SPDX-License-Identifier: Apache-2.0
"""Every public function, found by introspection, given an argument of a wrong
type raises ModelError naming the call -- never pybind's TypeError with the
signatures of infoclass._core (issue: Python for analysts, item 3)."""
import inspect

import pytest

import infoclass as ic


class Wrong:
    """A value no parameter accepts."""

    def __repr__(self):
        return "Wrong()"


# Valid values by parameter name, so that only the one parameter under test is wrong.
VALID = {
    "id": "journal", "asset": "journal", "kind": "information", "prop": "K", "property": "K", "level": 1,
    "from_": "journal", "to": "srv-01", "type": "runs_on", "justification": "checked",
}


def public_callables():
    for cls in (ic.Model, ic.Assessment):
        for name, member in vars(cls).items():
            if name.startswith("_"):
                continue
            if isinstance(member, (staticmethod, classmethod)):
                yield cls, name, member.__func__, False
            elif inspect.isfunction(member):
                yield cls, name, member, True
    for func in (ic.classify, ic.oscal_check, ic.oscal_update):
        yield None, func.__name__, func, False


CASES = []
for cls, name, func, bound in public_callables():
    params = list(inspect.signature(func).parameters.values())
    if bound or (params and params[0].name == "cls"):
        params = params[1:]
    for i, p in enumerate(params):
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) or p.name.startswith("_"):
            continue
        CASES.append(pytest.param(cls, name, bound, params, p.name,
                                  id=f"{cls.__name__ + '.' if cls else ''}{name}({p.name})"))


def call(target, name, params, wrong):
    args, kwargs = [], {}
    for p in params:
        if p.name == wrong:
            value = Wrong()
        elif p.name in VALID:
            value = VALID[p.name]
        elif p.default is not p.empty:
            continue
        else:
            value = VALID.get(p.name, "journal")
        if p.kind == p.KEYWORD_ONLY or p.name == wrong or kwargs:
            kwargs[p.name] = value
        else:
            args.append(value)
    return getattr(target, name)(*args, **kwargs)


@pytest.mark.parametrize("cls, name, bound, params, wrong", CASES)
def test_a_wrong_type_is_a_model_error(small, cls, name, bound, params, wrong):
    if cls is ic.Model:
        target = small if bound else ic.Model
    elif cls is ic.Assessment:
        target = small.propagate() if bound else ic.Assessment
    else:
        target = ic
    with pytest.raises((ic.ModelError, OSError)) as e:
        call(target, name, params, wrong)
    if isinstance(e.value, ic.ModelError):
        assert "incompatible function arguments" not in str(e.value)
        assert "_core" not in str(e.value)


def test_the_walk_covers_the_api():
    names = {c.id for c in CASES}
    assert len(names) > 40
    assert "Model.set_level(level)" in names and "Assessment.explain(prop)" in names


def test_model_error_has_where_and_reason(small):
    with pytest.raises(ic.ModelError) as e:
        small.add_dependency("journal", "nope", "runs_on")
    assert e.value.where == "journal -> nope"
    assert e.value.reason == "unknown asset 'nope'"
    assert str(e.value) == "journal -> nope: unknown asset 'nope'"
    assert isinstance(e.value, ValueError)


def test_wrong_arity_stays_a_type_error(small):
    with pytest.raises(TypeError):
        small.set_level("journal")  # a programming error, as Python reports it


def test_write_errors_are_os_errors(small, tmp_path):
    with pytest.raises(IsADirectoryError):
        small.save(tmp_path)
    with pytest.raises(FileNotFoundError):
        small.save(tmp_path / "no" / "model.json")
    assert list(tmp_path.iterdir()) == []  # nothing half-written


def test_a_windows_1252_file_says_which_encoding_is_expected(tmp_path):
    path = tmp_path / "model.json"
    path.write_bytes('{"infoclass": 1, "scheme": "se-klassa", "assets": [{"id": "förskola", "kind": "information"}]}'
                     .encode("cp1252"))
    with pytest.raises(ic.ModelError, match=r"byte 0xF6 is not UTF-8: the model format is UTF-8") as e:
        ic.Model.load(path)
    assert e.value.where.endswith("model.json:line 1, column 61")


def test_a_nan_group_is_no_group(small):
    small.add_dependency("journal", "srv-01", "runs_on", group=float("nan"))
    assert {d["group"] for d in small.dependencies if d["to"] == "srv-01" and d["from"] == "journal"} == {None}
