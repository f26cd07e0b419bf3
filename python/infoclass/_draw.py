# SPDX-License-Identifier: Apache-2.0
"""A focused picture of one asset: what relies on it (upstream, left), the asset,
and what it relies on (downstream, right), in columns by distance, each node
filled by its effective level, with a legend of the scheme's level names."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Set, Tuple

from ._core import ModelError
from ._levels import property_index

# Light to dark, lowest level first (colour-blind safe: one hue, growing darkness).
PALETTE = ["#fff5eb", "#fdd0a2", "#fdae6b", "#f16913", "#d94801", "#8c2d04", "#5a1a02", "#2d0d01"]
NONE_COLOUR = "#d9d9d9"


def neighbourhood(model: Any, asset: str, upstream: bool, downstream: bool,
                  depth: Optional[int]) -> Dict[str, int]:
    """Asset id -> column: 0 for ``asset``, -k for what relies on it k steps
    away (upstream), +k for what it relies on (downstream)."""
    out: Dict[str, List[str]] = {}
    into: Dict[str, List[str]] = {}
    for d in model.dependencies:
        out.setdefault(d["from"], []).append(d["to"])
        into.setdefault(d["to"], []).append(d["from"])
    column = {asset: 0}
    for edges, sign, wanted in ((into, -1, upstream), (out, 1, downstream)):
        if not wanted:
            continue
        frontier, seen, k = [asset], {asset}, 0
        while frontier and (depth is None or k < depth):
            k += 1
            nxt = []
            for v in frontier:
                for w in edges.get(v, ()):
                    if w not in seen:
                        seen.add(w)
                        nxt.append(w)
                        column.setdefault(w, sign * k)  # an asset both up- and downstream keeps its first place
            frontier = nxt
    return column


def draw(model: Any, asset: str, prop: Optional[str] = None, *, upstream: bool = True, downstream: bool = True,
         depth: Optional[int] = None, ax: Any = None, labels: str = "id") -> Any:
    import matplotlib.pyplot as plt
    import networkx as nx
    from matplotlib.patches import Patch

    if not isinstance(asset, str) or asset not in model:
        raise ModelError(f"draw: {asset!r} is not an asset of the model", "asset", "unknown asset")
    if depth is not None and (isinstance(depth, bool) or not isinstance(depth, int) or depth < 1):
        raise ModelError(f"draw: depth is a whole number of steps >= 1 or None, not {depth!r}", "depth",
                         "not a depth")
    for option, value in (("upstream", upstream), ("downstream", downstream)):
        if not isinstance(value, bool):
            raise ModelError(f"draw: {option} is True or False, not {type(value).__name__}", option,
                             "not a truth value")
    if labels not in ("id", "name"):
        raise ModelError(f"draw: labels is 'id' or 'name', not {labels!r}", "labels", "unknown choice")
    sch = model.scheme
    p = None if prop is None else property_index(sch, prop, "draw")
    a = model.propagate()
    column = neighbourhood(model, asset, upstream, downstream, depth)

    def level(v: str) -> Optional[int]:
        eff = a.effective(v)
        if p is not None:
            return eff[sch.keys[p]]
        known = [x for x in eff.values() if x is not None]
        return max(known) if known else None

    g = nx.DiGraph()
    for v, c in column.items():
        g.add_node(v, layer=c, level=level(v))
    for d in model.dependencies:
        if d["from"] in column and d["to"] in column:
            g.add_edge(d["from"], d["to"], type=d["type"])
    pos = nx.multipartite_layout(g, subset_key="layer", align="vertical")
    if ax is None:
        width = 2.2 * (max(column.values()) - min(column.values()) + 1) + 2
        height = 0.45 * max(sum(1 for c in column.values() if c == k) for k in set(column.values())) + 2
        _fig, ax = plt.subplots(figsize=(min(width, 18), min(max(height, 3), 14)))
    colours = [NONE_COLOUR if g.nodes[v]["level"] is None else PALETTE[min(g.nodes[v]["level"], len(PALETTE) - 1)]
               for v in g.nodes]
    sizes = [900 if v == asset else 500 for v in g.nodes]
    nx.draw_networkx_edges(g, pos, ax=ax, arrows=True, arrowsize=10, edge_color="#888888", node_size=sizes)
    nx.draw_networkx_nodes(g, pos, ax=ax, node_color=colours, node_size=sizes, edgecolors=[
        "#000000" if v == asset else "#555555" for v in g.nodes], linewidths=[2.0 if v == asset else 0.8
                                                                             for v in g.nodes])
    text = {v: (model[v].name or v) if labels == "name" else v for v in g.nodes}
    nx.draw_networkx_labels(g, {v: (x, y - 0.06) for v, (x, y) in pos.items()}, labels=text, ax=ax, font_size=8,
                            verticalalignment="top")
    used = sorted({g.nodes[v]["level"] for v in g.nodes if g.nodes[v]["level"] is not None})
    def label(lv: int) -> str:
        # Across properties (no `prop`), a level has a name only where every
        # property calls it the same (se-klassa); otherwise the number alone.
        props = [sch.properties[p]] if p is not None else sch.properties
        names = {q["levels"][lv]["name"] for q in props if lv < len(q["levels"])}
        return f"{lv} {names.pop()}" if len(names) == 1 else f"level {lv}"

    handles = [Patch(facecolor=PALETTE[min(lv, len(PALETTE) - 1)], edgecolor="#555555", label=label(lv))
               for lv in used]
    if any(g.nodes[v]["level"] is None for v in g.nodes):
        handles.append(Patch(facecolor=NONE_COLOUR, edgecolor="#555555", label="none"))
    what = sch.keys[p] if p is not None else "highest level"
    ax.legend(handles=handles, title=f"effective {what}", loc="upper left", bbox_to_anchor=(1.0, 1.0),
              frameon=False, fontsize=8)
    where = ("relies on it  ←  " if upstream else "") + asset + ("  →  it relies on" if downstream else "")
    ax.set_title(f"{where}  ({sch.id})", fontsize=10)
    ax.set_axis_off()
    ax.figure.tight_layout()
    return ax
