# SPDX-License-Identifier: Apache-2.0
"""Assessment: the result of a propagation (levels, causes, explanations, DataFrames)."""
from __future__ import annotations

import copy as _copy
import errno as _errno
import html as _html
import os as _os
from collections.abc import Iterator, Mapping
from typing import Any, Dict, List, Optional, Union

from . import _core
from ._core import ModelError, Scheme
from ._common import _PICKLE_VERSION, _levels


class Assessment:
    """The result of propagation: levels, causes, explanations, deviations."""

    # Owners come from the model that propagated (read lazily, see _owner_column).
    _owner_model: Any = None
    _owner_revision: int = -1
    _owners: Optional[List[str]] = None

    def __init__(self, core: "_core.Assessment") -> None:
        self._a = core

    # -- per asset --------------------------------------------------------------
    def _keys(self) -> List[str]:
        return self._a.scheme.keys

    def effective(self, asset: str) -> Dict[str, Optional[int]]:
        """Effective levels by property key; None where there is none."""
        return dict(zip(self._keys(), self._a.effective(asset)))

    def derived(self, asset: str) -> Dict[str, Optional[int]]:
        """Derived levels (before overrides)."""
        return dict(zip(self._keys(), self._a.derived(asset)))

    def cause(self, asset: str, prop: str) -> Optional[Dict[str, Any]]:
        """Why `asset` has its level of `prop`, e.g. {"kind": "edge", "from": ..., "type": ...}."""
        return self._a.cause(asset, prop)

    def explain(self, asset: str, prop: str) -> List[Dict[str, Any]]:
        """The chain of causes from `asset` back to the origin."""
        return self._a.explain(asset, prop)

    def origins(self, asset: str, prop: str) -> List[Dict[str, Any]]:
        """Every origin that alone forces the level."""
        return self._a.origins(asset, prop)

    def explain_frame(self, asset: str, prop: str):
        """``explain`` as a DataFrame: one row per step from ``asset`` back to the
        origin, columns asset, level, cause (kind), from, type and via (the
        dependency type that carried the level to the previous step)."""
        import pandas as pd

        rows = [{"asset": s["asset"], "level": s["level"], "cause": (s["cause"] or {}).get("kind"),
                 "from": (s["cause"] or {}).get("from"), "type": (s["cause"] or {}).get("type"), "via": s["via"]}
                for s in self.explain(asset, prop)]
        df = pd.DataFrame(rows, columns=["asset", "level", "cause", "from", "type", "via"])
        df["level"] = df["level"].astype("Int64")
        return df

    def deviations(self):
        """Lowering overrides, unassessed information and separate-analysis results
        as a DataFrame: kind, asset, property, level, derived, message (levels
        nullable), in asset then property order."""
        import pandas as pd

        df = pd.DataFrame(self._a.deviations(), columns=["kind", "asset", "property", "level", "derived", "message"])
        for column in ("level", "derived"):
            df[column] = df[column].astype("Int64")
        return df

    # -- bulk ---------------------------------------------------------------------
    @property
    def scheme(self) -> Scheme:
        """The scheme the levels are on."""
        return self._a.scheme

    @property
    def ids(self) -> List[str]:
        """Asset ids in model order (the row order of ``levels`` and ``to_pandas``)."""
        return self._a.ids()

    @property
    def levels(self):
        """numpy uint8 array, assets x properties, of effective levels; 255 = none."""
        return self._a.levels()

    @property
    def derived_levels(self):
        """numpy uint8 array of derived levels; 255 = none."""
        return self._a.derived_levels()

    def to_pandas(self, owners: Optional[List[str]] = None, *, derived: bool = False, names: bool = False):
        """DataFrame indexed by asset id: kind, owner, one column per property
        key (effective level), with ``derived=True`` ``<key>_derived`` (the
        level before overrides) beside it, and ``<key>_cause``.

        Levels are nullable integers; ``names=True`` gives them as an ordered
        categorical of the scheme's level names (``"Betydande" < "Allvarlig"``),
        so that sorting and comparing keep the scale's order."""
        import numpy as np
        import pandas as pd

        for option, value in (("derived", derived), ("names", names)):
            if not isinstance(value, (bool, np.bool_)):
                raise ModelError(f"to_pandas: {option} is True or False, not {type(value).__name__}", option,
                                 "not a truth value")
        levels = self._a.levels()
        data: Dict[str, Any] = {"kind": pd.Categorical(self._a.kinds())}
        if owners is None:
            owners = self._owner_column()
        elif isinstance(owners, (str, bytes)) or not hasattr(owners, "__len__") or len(owners) != len(self):
            raise ModelError(f"to_pandas: owners is a list of {len(self)} owners, one per asset, "
                             f"not {type(owners).__name__}")
        data["owner"] = owners if owners is not None else [""] * len(self)
        sch = self.scheme

        def column(p: int, codes: Any) -> Any:
            if names:
                categories = [level["name"] for level in sch.properties[p]["levels"]]
                return pd.Categorical.from_codes(np.where(codes == 255, -1, codes).astype(np.int64),
                                                 categories=categories, ordered=True)
            return pd.arrays.IntegerArray(codes.astype(np.int64), codes == 255)

        derived_levels = self._a.derived_levels() if derived else None
        for p, key in enumerate(self._keys()):
            data[key] = column(p, levels[:, p])
            if derived_levels is not None:
                data[f"{key}_derived"] = column(p, derived_levels[:, p])
        for key in self._keys():
            data[f"{key}_cause"] = self._a.cause_texts(key)
        return pd.DataFrame(data, index=pd.Index(self._a.ids(), name="id"))

    def to_json(self) -> str:
        """The `infoclass propagate --format json` document."""
        return self._a.to_json()

    def _owner_column(self) -> Optional[List[str]]:
        # Owners are read from the model lazily (propagate() converts nothing
        # per asset); if the model changed since, owners are looked up by id in
        # its current state.
        owners = getattr(self, "_owners", None)
        if owners is not None:
            return owners
        source = getattr(self, "_owner_model", None)
        if source is None:
            return None
        if source.revision() == self._owner_revision:
            owners = source.owners()
        else:
            owners = source.owners_of(self._a.ids())
        self._owners = owners
        return owners

    # -- Python protocol ------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._a)

    def __contains__(self, asset: object) -> bool:
        return isinstance(asset, str) and asset in self._a

    def __iter__(self) -> Iterator[str]:
        return iter(self._a.ids())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Assessment) and self._a == other._a

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Assessment {self.scheme.id}: {len(self)} assets, {len(self.deviations())} deviations>"

    def __getstate__(self):
        return {"version": _PICKLE_VERSION, "archive": self._a.to_archive(),
                "owners": self._owner_column()}

    def __setstate__(self, state) -> None:
        if state.get("version") != _PICKLE_VERSION:
            raise ModelError(f"pickle: unsupported Assessment version {state.get('version')}")
        self._a = _core.Assessment.from_archive(state["archive"])
        if state.get("owners") is not None:
            self._owners = state["owners"]

    def __copy__(self) -> "Assessment":
        return self  # immutable

    def __deepcopy__(self, memo) -> "Assessment":
        return self

    _COLOURS = ["#e8f5e9", "#fff9c4", "#ffe0b2", "#ffab91", "#ef9a9a", "#ce93d8", "#b39ddb", "#9fa8da"]

    def _repr_html_(self, max_rows: int = 200) -> str:
        keys = self._keys()
        levels = self._a.levels()
        ids = self._a.ids()
        kinds = self._a.kinds()
        rows = []
        for i in range(min(len(ids), max_rows)):
            cells = []
            for p in range(len(keys)):
                v = int(levels[i, p])
                if v == 255:
                    cells.append('<td style="color:#999">–</td>')
                else:
                    colour = self._COLOURS[min(v, len(self._COLOURS) - 1)]
                    cells.append(f'<td style="background:{colour};text-align:center">{v}</td>')
            rows.append(f"<tr><td>{_html.escape(ids[i])}</td><td>{_html.escape(kinds[i])}</td>{''.join(cells)}</tr>")
        more = "" if len(ids) <= max_rows else f"<p>… {len(ids) - max_rows} more assets</p>"
        head = "".join(f"<th>{_html.escape(k)}</th>" for k in keys)
        return (f"<p><b>Assessment</b> ({_html.escape(self.scheme.id)}, {len(ids)} assets)</p>"
                f"<table><tr><th>asset</th><th>kind</th>{head}</tr>{''.join(rows)}</table>{more}")
