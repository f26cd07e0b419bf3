# SPDX-License-Identifier: Apache-2.0
"""Model.draw: one asset's neighbourhood, coloured by level, with a legend of
level names -- checked on what matplotlib actually drew."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

import infoclass as ic  # noqa: E402
from infoclass._draw import NONE_COLOUR, PALETTE  # noqa: E402


@pytest.fixture
def chain():
    m = ic.Model("se-klassa")
    m.add_asset("info", "information", classification={"K": 3, "T": 1})
    m.add_asset("other", "information", classification={"K": 1})
    m.add_asset("app", "application")
    m.add_asset("srv", "server")
    m.add_asset("site", "site")
    m.add_asset("elsewhere", "application")  # not connected to app
    m.add_dependency("info", "app", "processed_by")
    m.add_dependency("other", "app", "processed_by")
    m.add_dependency("app", "srv", "runs_on")
    m.add_dependency("srv", "site", "located_in")
    return m


def drawn(ax):
    labels = sorted(t.get_text() for t in ax.texts)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    return labels, legend


def node_colours(ax):
    # the node collection: one face colour per node, in the order of the labels' nodes
    collection = [c for c in ax.collections if c.get_offsets().shape[0] and len(c.get_facecolors())][-1]
    return {to_hex(c) for c in collection.get_facecolors()}


def test_draws_the_neighbourhood_only_with_levels_and_their_names(chain):
    ax = chain.draw("app", "K")
    labels, legend = drawn(ax)
    assert labels == ["app", "info", "other", "site", "srv"]  # not 'elsewhere'
    a = chain.propagate()
    names = [level["name"] for level in chain.scheme.properties[0]["levels"]]
    levels = sorted({a.effective(v)["K"] for v in labels})
    assert legend == [f"{lv} {names[lv]}" for lv in levels]
    assert ax.get_legend().get_title().get_text() == "effective K"
    assert node_colours(ax) == {PALETTE[lv] for lv in levels}
    plt.close(ax.figure)


def test_upstream_downstream_and_depth_choose_the_columns(chain):
    labels, _ = drawn(chain.draw("srv", upstream=False))
    assert labels == ["site", "srv"]
    labels, _ = drawn(chain.draw("srv", downstream=False))
    assert labels == ["app", "info", "other", "srv"]
    labels, _ = drawn(chain.draw("srv", depth=1))
    assert labels == ["app", "site", "srv"]
    ax = chain.draw("srv", upstream=False)
    positions = {t.get_text(): t.get_position()[0] for t in ax.texts}
    assert positions["srv"] < positions["site"]  # what it relies on stands to the right
    plt.close("all")


def test_highest_level_and_unassessed_in_the_legend():
    m = ic.Model("se-klassa")
    m.add_asset("info", "information", classification={"T": 2})
    m.add_asset("lonely", "application")
    m.add_asset("x", "application")
    m.add_dependency("lonely", "x", "depends_on")
    ax = m.draw("lonely")
    _, legend = drawn(ax)
    assert legend == ["none"] and node_colours(ax) == {NONE_COLOUR}
    ax = m.draw("info", labels="name")
    assert drawn(ax)[1] == ["2 " + m.scheme.properties[2]["levels"][2]["name"]]
    assert ax.get_legend().get_title().get_text() == "effective highest level"
    plt.close("all")


def test_bad_arguments_are_model_errors(chain):
    with pytest.raises(ic.ModelError, match="'nope' is not an asset"):
        chain.draw("nope")
    with pytest.raises(ic.ModelError, match="is not a property"):
        chain.draw("app", "X")
    with pytest.raises(ic.ModelError, match="depth"):
        chain.draw("app", depth=0)
    with pytest.raises(ic.ModelError, match="labels"):
        chain.draw("app", labels="owner")


def test_the_example_drawing_stays_small():
    m = ic.examples.municipality()
    ax = m.draw("srv-sql-01", depth=2)
    labels, legend = drawn(ax)
    assert "srv-sql-01" in labels and len(labels) < len(m) / 2
    assert all(" " in entry for entry in legend)
    plt.close("all")


def test_without_a_property_levels_named_only_where_every_property_agrees():
    m = ic.Model("threagile")
    keys = m.scheme.keys
    m.add_asset("srv", "server")
    m.add_asset("data", "information", classification={keys[-1]: 4})
    m.add_dependency("data", "srv", "processed_by")
    legend = [t.get_text() for t in m.draw("srv").get_legend().get_texts()]
    names = {prop["levels"][4]["name"] for prop in m.scheme.properties if len(prop["levels"]) > 4}
    assert legend == (["4 " + names.pop()] if len(names) == 1 else ["level 4"])
    plt.close("all")
