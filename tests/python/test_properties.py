# SPDX-License-Identifier: Apache-2.0
"""Property tests: the engine against a pure-Python fixpoint, JSON identity."""
import infoclass as ic
from hypothesis import given, settings, strategies as st

KEYS = ["K", "R", "T", "S"]
KINDS = ["information", "application", "server", "network"]
TYPES = ["processed_by", "runs_on", "uses", "backed_up_to", "weak"]
POLICY = {"types": {"weak": {"K": "reduce:1", "T": "cap:2"}}}


def transfer(type_, key, level, grouped):
    if level is None:
        return None
    if type_ == "uses" and key in ("K", "S"):
        return None
    if type_ == "backed_up_to" and key in ("T", "S"):
        return None
    if type_ == "weak" and key == "K":
        level = max(level - 1, 0)
    if type_ == "weak" and key == "T":
        level = min(level, 2)
    if grouped and key == "T":
        level = max(level - 1, 0)
    return level


def oracle(assets, deps):
    """Kleene iteration from the bottom: the least fixpoint of DESIGN.md section 3."""
    groups = {}
    for f, t, ty, g in deps:
        if g is not None:
            groups[(f, g)] = groups.get((f, g), 0) + 1
    eff = {a: {k: None for k in KEYS} for a in assets}
    changed = True
    while changed:
        changed = False
        for a, (kind, own, ovr) in assets.items():
            for k in KEYS:
                cands = [own.get(k)]
                for f, t, ty, g in deps:
                    if t == a:
                        cands.append(transfer(ty, k, eff[f][k], g is not None and groups[(f, g)] >= 2))
                cands = [c for c in cands if c is not None]
                d = max(cands) if cands else None
                e = ovr.get(k, d)
                if e != eff[a][k]:
                    eff[a][k] = e
                    changed = True
    return eff


levels = st.one_of(st.none(), st.integers(0, 4))


@st.composite
def models(draw):
    n = draw(st.integers(1, 10))
    assets = {}
    for i in range(n):
        own = {k: v for k in KEYS if (v := draw(levels)) is not None}
        ovr = {k: v for k in KEYS if draw(st.integers(0, 9)) == 0 and (v := draw(st.integers(0, 4))) is not None}
        assets[f"a{i}"] = (draw(st.sampled_from(KINDS)), own, ovr)
    deps = []
    seen = set()
    for _ in range(draw(st.integers(0, 3 * n))):
        f = f"a{draw(st.integers(0, n - 1))}"
        t = f"a{draw(st.integers(0, n - 1))}"
        ty = draw(st.sampled_from(TYPES))
        if f == t or (f, t, ty) in seen:
            continue
        seen.add((f, t, ty))
        deps.append((f, t, ty, draw(st.sampled_from([None, None, "g"]))))
    return assets, deps


def build(assets, deps):
    m = ic.Model("se-klassa", policy=POLICY)
    for a, (kind, own, ovr) in assets.items():
        m.add_asset(a, kind=kind, classification=own,
                    overrides={k: {"level": v, "effect": "manual", "justification": "test"} for k, v in ovr.items()})
    for f, t, ty, g in deps:
        m.add_dependency(f, t, ty, g)
    return m


@settings(max_examples=300, deadline=None)
@given(models())
def test_engine_equals_python_fixpoint(model):
    assets, deps = model
    m = build(assets, deps)
    a = m.propagate()
    expected = oracle(assets, deps)
    for asset in assets:
        assert a.effective(asset) == expected[asset]
        for k in KEYS:
            path = a.explain(asset, k)
            assert len({s["asset"] for s in path}) == len(path)


@settings(max_examples=200, deadline=None)
@given(models())
def test_json_identity(model):
    m = build(*model)
    assert ic.Model.from_json(m.to_json()) == m
    assert ic.Model.from_json(m.to_json()).to_json() == m.to_json()
