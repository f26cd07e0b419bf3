# SPDX-License-Identifier: Apache-2.0
"""Rich display is instant at any size: the SVG only up to display_limit assets,
rendered once per model state (issue: Python for analysts, item 5)."""
import pytest

import infoclass as ic


@pytest.fixture
def counted(monkeypatch):
    if not ic._core.have_svg:
        pytest.skip("built without Graphviz")
    calls = []
    render = ic._core.render_svg

    def counting(dot):
        calls.append(dot)
        return render(dot)

    monkeypatch.setattr(ic._core, "render_svg", counting)
    return calls


def test_svg_is_rendered_once_per_model_state(small, counted):
    first = small._repr_svg_()
    assert first.lstrip().startswith("<?xml") or "<svg" in first
    assert small._repr_svg_() is first
    assert len(counted) == 1
    small.set_level("journal", "K", 4)
    assert small._repr_svg_() is not first
    assert len(counted) == 2
    copy = small.copy()  # a copy is another state
    copy._repr_svg_()
    assert len(counted) == 3


def test_above_the_limit_the_summary_is_shown(counted):
    m = ic.examples.municipality()
    assert len(m) > ic.Model.display_limit
    assert m._repr_svg_() is None
    assert "<table>" in m._repr_html_() and "server" in m._repr_html_()
    assert counted == []
    m.display_limit = len(m)  # one model may choose a larger picture
    assert m._repr_svg_() is not None
    assert len(counted) == 1
