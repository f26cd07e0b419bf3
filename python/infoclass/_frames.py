# SPDX-License-Identifier: Apache-2.0
"""Models to and from DataFrames and networkx graphs, by the column rules of CSV.

``from_pandas`` reads every column ``from_csv`` reads, under the same names and
aliases (the C++ CSV reader classifies each header, ``_core.csv_column``): id,
kind (typ), name (namn), owner (ägare), a property by key, role word or name,
justification (motivering), review_by (granskas), implemented_<property>,
override_<property>[_effect|_justification], attributes, measures, answers and
``attribute:NAME``. A column it does not know is an error unless
``extra="attributes"`` (kept as an attribute of that name, its value as given)
or ``extra="ignore"``. Whole numbers in float columns (pandas' way to store an
integer column with gaps) are read as whole numbers: ``1001.0`` is ``"1001"``. Level cells follow the one rule of ``_levels.py``.
``Model.to_pandas`` writes exactly these columns back; the scheme and the policy
travel in ``DataFrame.attrs``.
"""
from __future__ import annotations

import json as _json
from collections.abc import Mapping
from typing import Any, Dict, List, Optional, Tuple

from . import _core
from ._core import ModelError, Scheme
from ._levels import NA, NOT_APPLICABLE, UNASSESSED, is_missing, level_column, level_or_none

EXTRA = ("error", "attributes", "ignore")

# Fields besides id, kind, name, owner and the own levels: set per asset after
# the bulk load, only on the rows that have them.
_RARE = ("justification", "review_by", "attributes", "measures", "answers", "implemented", "override",
         "override_effect", "override_justification", "attribute")


def scheme_and_policy(frame: Any, scheme: Any, policy: Any) -> Tuple[Any, Any]:
    """The scheme and policy given, else those in ``frame.attrs``, else se-klassa."""
    attrs = getattr(frame, "attrs", None) or {}
    if scheme is None:
        scheme = attrs.get("scheme", "se-klassa")
        if isinstance(scheme, str) and scheme.lstrip().startswith("{"):
            scheme = Scheme.from_json(scheme)
    if policy is None:
        policy = attrs.get("policy")
    return scheme, policy


def _check_extra(extra: Any) -> None:
    if extra not in EXTRA:
        raise ModelError(f"extra must be one of {', '.join(EXTRA)}, not {extra!r}", "extra", "unknown choice")


def _renamed(header: str, columns: Optional[Mapping[str, str]]) -> str:
    for given, field in (columns or {}).items():
        if str(given).casefold() == header.casefold():
            return str(field)
    return header


def classify_columns(names: List[Any], scheme: Scheme, dependencies: bool, columns: Optional[Mapping[str, str]],
                     extra: str, what: str) -> Dict[Any, Tuple[str, int, str]]:
    """Column -> (field, property, attribute name) by the CSV rules; unknown
    columns per ``extra``; two columns for one field are an error."""
    roles: Dict[Any, Tuple[str, int, str]] = {}
    unknown = []
    for column in names:
        header = str(column).strip()
        role = _core.csv_column(_renamed(header, columns), scheme, dependencies)
        if role is None:
            if extra == "ignore":
                continue
            if extra == "attributes" and not dependencies:
                role = ("attribute", 0, header)
            else:
                unknown.append(column)
                continue
        for other, seen in roles.items():
            if seen == tuple(role):
                raise ModelError(f"{what}: columns {other!r} and {column!r} both give {_describe(role, scheme)}",
                                 f"{what}/{column}", "the same field twice")
        roles[column] = tuple(role)  # type: ignore[assignment]
    if unknown:
        if dependencies:
            expected = "from (från), to (till), type (typ), group (grupp)"
            hint = ("dependencies carry no attributes: drop them or pass extra='ignore'" if extra == "attributes"
                    else "pass extra='ignore' to leave them out")
        else:
            expected = ("id, kind, name, owner, a property of scheme " + scheme.id + " (" + ", ".join(scheme.keys)
                        + "), justification, review_by, implemented_<property>, override_<property>[_effect|"
                          "_justification], attributes, measures, answers, attribute:NAME")
            hint = "pass extra='attributes' to keep them as attributes or extra='ignore' to leave them out"
        raise ModelError(f"{what}: unknown columns {unknown!r} (expected {expected}; {hint}, or rename them "
                         f"with columns={{...}})", what, f"unknown columns {unknown!r}")
    return roles


def _describe(role: Tuple[str, int, str], scheme: Scheme) -> str:
    field, p, attribute = role
    if field == "level":
        return f"property {scheme.keys[p]}"
    if field in ("implemented", "override", "override_effect", "override_justification"):
        return f"field {field} of property {scheme.keys[p]}"
    if field == "attribute":
        return f"attribute {attribute}"
    return f"field {field}"


def _whole(value: Any) -> Any:
    """An integral float (how pandas stores integers beside gaps) as an int."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _text(value: Any) -> Optional[str]:
    """A text cell: None when missing or empty; dates as YYYY-MM-DD; 1001.0 as 1001."""
    if is_missing(value):
        return None
    if hasattr(value, "strftime") and not isinstance(value, str):
        return value.strftime("%Y-%m-%d")
    value = _whole(_plain(value))
    text = value if isinstance(value, str) else str(value)
    return text if text.strip() else None


# How deep a model file holds a cell's object (read_limits::max_depth, 64,
# less the 3 levels above it), as from_csv reads a cell.
_CELL_DEPTH = 61


def _no_repeats(pairs: List[Tuple[str, Any]]) -> Dict[str, Any]:
    """json.loads' object_pairs_hook: a repeated key is an error (not the last one kept)."""
    out: Dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"JSON in the cell: duplicate key {k!r}")
        out[k] = v
    return out


def _nesting(value: Any) -> int:
    """Levels of mappings and lists in a value (0 for a scalar), without recursion."""
    most = 0
    stack = [(value, 1)]
    while stack:
        v, d = stack.pop()
        items = v.values() if isinstance(v, Mapping) else v if isinstance(v, (list, tuple)) else None
        if items is None:
            continue
        most = max(most, d)
        stack.extend((x, d + 1) for x in items)
    return most


def _json_cell(value: Any) -> Any:
    """A cell of JSON (attributes, answers) as from_csv reads it: text parsed
    strictly (a repeated key is an error), a mapping or list taken as given;
    either nested at most as deep as a model file holds it."""
    if isinstance(value, str):
        try:
            value = _json.loads(value, object_pairs_hook=_no_repeats)
        except RecursionError:
            raise ValueError(f"JSON in the cell nests deeper than {_CELL_DEPTH} levels") from None
        except _json.JSONDecodeError as e:
            raise ValueError(f"JSON in the cell: {e}") from None
    if _nesting(value) > _CELL_DEPTH:
        raise ValueError(f"JSON in the cell nests deeper than {_CELL_DEPTH} levels (as deep as a model file holds "
                         "a cell's object under read_limits::max_depth, 64)")
    return value


def _plain(value: Any) -> Any:
    """numpy scalars as Python values (for json.dumps); integral floats as ints."""
    item = getattr(value, "item", None)
    value = item() if callable(item) and not isinstance(value, (str, bytes)) else value
    return _whole(value)


def text_column(column: Any) -> Any:
    """A column as text the way a CSV cell reads: missing as "", whole floats
    without ".0", categoricals with gaps too."""
    import pandas as pd

    if pd.api.types.is_float_dtype(column.dtype):
        return column.map(lambda v: "" if v != v else str(int(v)) if float(v).is_integer() else str(v))
    return column.astype(object).where(column.notna(), "").astype(str)


def from_pandas(cls: Any, assets: Any, dependencies: Any, scheme: Any, policy: Any,
                columns: Optional[Mapping[str, str]], extra: str) -> Any:
    import numpy as np
    import pandas as pd

    _check_extra(extra)
    if not isinstance(assets, pd.DataFrame):
        raise ModelError(f"assets must be a pandas DataFrame, not {type(assets).__name__}", "assets", "not a DataFrame")
    if dependencies is not None and not isinstance(dependencies, pd.DataFrame):
        raise ModelError(f"dependencies must be a pandas DataFrame or None, not {type(dependencies).__name__}",
                         "dependencies", "not a DataFrame")
    scheme, policy = scheme_and_policy(assets, scheme, policy)
    m = cls(scheme, policy)
    sch = m.scheme
    roles = classify_columns(list(assets.columns), sch, False, columns, extra, "assets")
    by_field: Dict[str, Any] = {}
    for column, (field, _p, _a) in roles.items():
        by_field.setdefault(field, column)
    for field in ("id", "kind"):
        if field not in by_field:
            raise ModelError(f"assets: missing column '{field}'", "assets", f"missing column '{field}'")
    ids_column = assets[by_field["id"]]
    n = len(assets)
    levels = np.full((n, len(sch)), UNASSESSED, dtype=np.uint8)
    for column, (field, p, _a) in roles.items():
        if field == "level":
            levels[:, p] = level_column(sch, p, assets[column], ids_column, "assets")

    def strings(column: Any) -> List[str]:
        return text_column(assets[column]).tolist()

    def codes(column: Any) -> Tuple[Any, List[str]]:
        c, names = pd.factorize(text_column(assets[column]))
        return np.asarray(c, dtype=np.int64), [str(x) for x in names]

    ids = strings(by_field["id"])
    kind_codes, kind_names = codes(by_field["kind"])
    owner_codes, owner_names = codes(by_field["owner"]) if "owner" in by_field else (np.zeros(0, dtype=np.int64), [])
    try:
        m._m.add_assets_bulk(ids, kind_codes, kind_names, strings(by_field["name"]) if "name" in by_field else [],
                             owner_codes, owner_names, levels)
    except ModelError as e:
        raise _with_row_label(e, assets.index) from None
    _rare_fields(m, assets, roles, ids)
    if dependencies is not None and len(dependencies.columns):
        droles = classify_columns(list(dependencies.columns), sch, True, columns, extra, "dependencies")
        dfield = {field: column for column, (field, _p, _a) in droles.items()}
        for field in ("from", "to", "type"):
            if field not in dfield:
                raise ModelError(f"dependencies: missing column '{field}'", "dependencies", f"missing column '{field}'")
        if len(dependencies):
            # The object columns go to C++ as they are: ids are looked up in
            # the model, types and groups coded there, no pandas work per row.
            def objects(field: str) -> Any:
                column = dependencies[dfield[field]]
                if pd.api.types.is_float_dtype(column.dtype):  # 7.0 beside a gap is group "7"
                    column = text_column(column)
                return column.to_numpy(dtype=object)

            need = None
            if "need" in dfield:
                column = dependencies[dfield["need"]]
                values = []
                for label, v in zip(dependencies.index, column.tolist()):
                    if is_missing(v) or v == "":
                        values.append(0)
                        continue
                    try:
                        k = float(v)
                    except (TypeError, ValueError):
                        k = -1.0
                    if isinstance(v, bool) or not 1 <= k <= 65535 or k != int(k):  # NaN and inf fail the range
                        where = f"dependencies row {label!r}, column {dfield['need']!r}"
                        raise ModelError(f"{where}: need {v!r} is not a whole number of members from 1 to 65535",
                                         where, f"need {v!r} is not a whole number of members from 1 to 65535")
                    values.append(int(k))
                need = np.asarray(values, dtype=np.uint32)
            try:
                m._m.add_dependencies_objects(objects("from"), objects("to"), objects("type"),
                                              objects("group") if "group" in dfield else None, need)
            except ModelError as e:
                raise _with_row_label(e, dependencies.index, "dependencies") from None
    return m


def _with_row_label(e: ModelError, index: Any, what: str = "assets") -> ModelError:
    """'row 5 (...)' from the bulk loaders as the DataFrame's index label."""
    where = getattr(e, "where", "") or ""
    if where.startswith("row "):
        number, _, rest = where[4:].partition(" ")
        if number.isdigit() and int(number) < len(index):
            label = index[int(number)]
            where = f"{what} row {label!r}" + (f" {rest}" if rest else "")
            return ModelError(f"{where}: {getattr(e, 'reason', str(e))}", where, getattr(e, "reason", str(e)))
    return e


def _rare_fields(m: Any, assets: Any, roles: Dict[Any, Tuple[str, int, str]], ids: List[str]) -> None:
    """Sets justification, review dates, implemented levels, overrides,
    attributes, measures and answers on the rows that have any."""
    import numpy as np

    rare = [(column, role) for column, role in roles.items() if role[0] in _RARE]
    if not rare:
        return
    sch = m.scheme
    ids_column = assets[[c for c, r in roles.items() if r[0] == "id"][0]]
    implemented: Dict[int, Any] = {}
    overrides: Dict[int, Any] = {}
    cells: Dict[Any, Any] = {}
    rows = np.zeros(len(assets), dtype=bool)
    for column, (field, p, _a) in rare:
        if field in ("implemented", "override"):
            codes = level_column(sch, p, assets[column], ids_column, "assets")
            if field == "override" and (codes == NOT_APPLICABLE).any():
                row = int(np.argmax(codes == NOT_APPLICABLE))
                raise _cell_error(assets, column, row, ids, "an override is a level, not 'not applicable'")
            (implemented if field == "implemented" else overrides)[p] = codes
            rows |= codes != UNASSESSED
        else:
            values = assets[column].tolist()
            cells[column] = values
            rows |= np.fromiter((_text(v) is not None if not isinstance(v, (dict, list, tuple)) else True
                                 for v in values), dtype=bool, count=len(values))
    for row in np.flatnonzero(rows).tolist():
        asset = ids[row]
        justification = review_by = attributes = measures = answers = None
        attrs: Dict[str, Any] = {}
        effects: Dict[int, str] = {}
        reasons: Dict[int, str] = {}
        for column, (field, p, attribute) in rare:
            if field in ("implemented", "override"):
                continue
            value = cells[column][row]
            if not isinstance(value, (dict, list, tuple)) and _text(value) is None:
                continue
            try:
                if field == "justification":
                    justification = value if isinstance(value, str) else _text(value)
                elif field == "review_by":
                    review_by = _text(value)
                elif field == "attribute":
                    attrs[attribute] = _plain(value)
                elif field == "attributes":
                    value = _json_cell(value)
                    if not isinstance(value, dict):
                        raise ValueError(f"attributes are a mapping (or its JSON text), not {type(value).__name__}")
                    attrs.update({str(k): v for k, v in value.items()})
                elif field == "measures":
                    measures = value.split() if isinstance(value, str) else [str(x) for x in value]
                elif field == "answers":
                    value = _json_cell(value)
                    if not (isinstance(value, dict) and isinstance(value.get("rules"), str)
                            and isinstance(value.get("given"), dict)):
                        raise ValueError('answers are {"rules": ..., "given": {...}} (or its JSON text)')
                    if set(value) - {"rules", "given"}:
                        raise ValueError(f"answers: unknown field {sorted(set(value) - {'rules', 'given'})[0]!r} "
                                         "(rules and given only)")
                    answers = (value["rules"], {str(k): str(v) for k, v in value["given"].items()})
                elif field == "override_effect":
                    effects[p] = str(value).strip()
                elif field == "override_justification":
                    reasons[p] = value if isinstance(value, str) else (_text(value) or "")
            except (ValueError, TypeError) as e:
                raise _cell_error(assets, column, row, ids, str(e)) from None
        if attrs:
            try:
                _json_cell(attrs)  # an attribute column's value may be a mapping or list too
                attributes = _json.dumps(attrs, ensure_ascii=False, allow_nan=False)
            except (TypeError, ValueError) as e:
                raise _cell_error(assets, [c for c, r in rare if r[0] in ("attribute", "attributes")][0], row, ids,
                                  f"an attribute value is not JSON data ({e})") from None
        impl = None
        if any(codes[row] != UNASSESSED for codes in implemented.values()):
            impl = [UNASSESSED] * len(sch)
            for p, codes in implemented.items():
                impl[p] = int(codes[row])
        try:
            m._m.set_fields(asset, justification, review_by, impl, attributes, measures, answers)
            for p in sorted(set(overrides) | set(effects) | set(reasons)):
                level = int(overrides[p][row]) if p in overrides else UNASSESSED
                if level == UNASSESSED:
                    if p in effects or p in reasons:
                        column = [c for c, r in rare if r[1] == p and r[0] in ("override_effect",
                                                                                "override_justification")][0]
                        raise _cell_error(assets, column, row, ids,
                                          "an override effect or justification without an override level")
                    continue
                m._m.set_override(asset, sch.keys[p], level, effects.get(p, "manual") or "manual",
                                  reasons.get(p, ""))
        except ModelError as e:
            if (getattr(e, "where", "") or "").startswith("assets row"):
                raise
            raise ModelError(f"assets row {assets.index[row]!r} ({asset}): {getattr(e, 'reason', '') or e}",
                             f"assets row {assets.index[row]!r} ({asset})", getattr(e, "reason", "") or str(e)) from None


def _cell_error(assets: Any, column: Any, row: int, ids: List[str], why: str) -> ModelError:
    where = f"assets row {assets.index[row]!r} ({ids[row]}), column {column!r}"
    return ModelError(f"{where}: {why}", where, why)


def to_pandas(model: Any) -> Tuple[Any, Any]:
    """(assets, dependencies): the columns from_pandas reads, scheme and policy in attrs."""
    import numpy as np
    import pandas as pd

    m = model._m
    sch = model.scheme
    ids, kinds, names, owners, levels, more = m.asset_columns()
    n = len(ids)
    data: Dict[str, Any] = {"id": ids, "kind": kinds, "name": names, "owner": owners}
    for p, key in enumerate(sch.keys):
        data[key] = _level_array(levels[:, p])
    fields = [m.asset(ids[i]) for i in more]
    text_columns = {"justification": "", "review_by": ""}
    for name in text_columns:
        if any(f[name] for f in fields):
            column = [""] * n
            for i, f in zip(more, fields):
                column[i] = f[name]
            data[name] = column
    for p, key in enumerate(sch.keys):
        if any(f["implemented"] is not None and key in f["implemented"] for f in fields):
            codes = np.full(n, UNASSESSED, dtype=np.uint8)
            for i, f in zip(more, fields):
                value = (f["implemented"] or {}).get(key)
                if value is not None:
                    codes[i] = NOT_APPLICABLE if value == "na" else value
            data[f"implemented_{key}"] = _level_array(codes)
    for p, key in enumerate(sch.keys):
        if any(key in f["overrides"] for f in fields):
            codes = np.full(n, UNASSESSED, dtype=np.uint8)
            effect: List[Optional[str]] = [None] * n
            reason: List[Optional[str]] = [None] * n
            for i, f in zip(more, fields):
                o = f["overrides"].get(key)
                if o is not None:
                    codes[i], effect[i], reason[i] = o["level"], o["effect"], o["justification"]
            data[f"override_{key}"] = _level_array(codes)
            data[f"override_{key}_effect"] = effect
            data[f"override_{key}_justification"] = reason
    for name in ("attributes", "measures", "answers"):
        if any(f[name] for f in fields):
            objects: List[Any] = [None] * n
            for i, f in zip(more, fields):
                if f[name]:
                    objects[i] = ({k: _json.loads(v) for k, v in f[name].items()} if name == "attributes"
                                  else list(f[name]) if name == "measures" else f[name])
            data[name] = objects
    assets = pd.DataFrame(data)
    frm, to, type_, group, need = m.dependency_columns()
    # The columns are this call's own arrays: copy=False keeps them as they are.
    dependencies = pd.DataFrame({"from": frm, "to": to, "type": type_, "group": group},
                                columns=["from", "to", "type", "group"], copy=False)
    if need.any():  # a need column where some redundancy group states one, as in CSV
        dependencies["need"] = pd.arrays.IntegerArray(need.astype("int64"), need == 0)
    policy = policy_of(model)
    for frame in (assets, dependencies):
        frame.attrs["scheme"] = sch.id if sch.is_preset() else sch.to_json()
        frame.attrs["policy"] = policy
    return assets, dependencies


def policy_of(model: Any) -> Optional[Dict[str, Any]]:
    """The policy as the dict of the model format, None for the default policy."""
    text = model._m.policy_json()
    return _json.loads(text) if text else None


def _level_array(codes: Any) -> Any:
    """Stored codes as a nullable Int64 array, or an object column when some
    are not applicable (ints, None and infoclass.NA)."""
    import numpy as np
    import pandas as pd

    if (codes == NOT_APPLICABLE).any():
        return pd.array([level_or_none(int(c)) for c in codes], dtype=object)
    return pd.arrays.IntegerArray(codes.astype(np.int64), codes == UNASSESSED)


# -- networkx -------------------------------------------------------------------------
_NODE_DICTS = ("implemented", "overrides")


def to_networkx(model: Any, policy: Optional[Dict[str, Any]]) -> Any:
    import gc

    # Millions of new dicts and tuples, none of them garbage: the cyclic
    # collector would walk them again and again while they are made.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _to_networkx(model, policy)
    finally:
        if enabled:
            gc.enable()


def _to_networkx(model: Any, policy: Optional[Dict[str, Any]]) -> Any:
    import networkx as nx

    m = model._m
    sch = model.scheme
    g = nx.MultiDiGraph(scheme=sch.id if sch.is_preset() else sch.to_json(), **({"policy": policy} if policy else {}))
    nodes, edges, more = m.networkx_items()
    for i in more:
        node, d = nodes[i]
        fields = m.asset(node)
        for field in ("justification", "review_by", "implemented", "overrides", "attributes", "measures", "answers"):
            value = fields[field]
            if value:
                d[field] = ({k: _json.loads(v) for k, v in value.items()} if field == "attributes" else value)
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    return g


_NODE_FIELDS = ("kind", "name", "owner", "justification", "review_by", "implemented", "overrides", "attributes",
                "measures", "answers")


def from_networkx(cls: Any, graph: Any, scheme: Any, policy: Any, extra: str) -> Any:
    _check_extra(extra)
    if not hasattr(graph, "nodes") or not hasattr(graph, "edges"):
        raise ModelError(f"graph must be a networkx graph, not {type(graph).__name__}", "graph", "not a graph")
    scheme = scheme if scheme is not None else graph.graph.get("scheme", "se-klassa")
    if isinstance(scheme, str) and scheme.lstrip().startswith("{"):
        scheme = Scheme.from_json(scheme)
    policy = policy if policy is not None else graph.graph.get("policy")
    m = cls(scheme, policy)
    sch = m.scheme
    for node, data in graph.nodes(data=True):
        where = f"node {node!r}"
        classification: Dict[int, Any] = {}
        implemented = dict(data.get("implemented") or {})
        overrides = {k: dict(v) for k, v in (data.get("overrides") or {}).items()}
        attributes = dict(data.get("attributes") or {})
        measures = data.get("measures")
        answers = data.get("answers")
        text = {"justification": data.get("justification", ""), "review_by": data.get("review_by", ""),
                "kind": data.get("kind"), "name": data.get("name", ""), "owner": data.get("owner", "")}
        for name, value in data.items():
            if name in _NODE_FIELDS:
                continue
            role = _core.csv_column(str(name), sch, False)
            field, p, attribute = role if role is not None else (None, 0, "")
            if field == "level":
                if p in classification:
                    raise ModelError(f"{where}: attributes {classification[p][0]!r} and {name!r} are both "
                                     f"property {sch.keys[p]}", where, "the same property twice")
                classification[p] = (name, value)
            elif field == "implemented":
                implemented[sch.keys[p]] = value
            elif field in ("override", "override_effect", "override_justification"):
                o = overrides.setdefault(sch.keys[p], {})
                o[{"override": "level", "override_effect": "effect",
                   "override_justification": "justification"}[field]] = value
            elif field in ("justification", "review_by", "kind", "name", "owner"):  # typ, namn, ägare, ...
                text[field] = value
            elif field == "attribute":
                attributes[attribute] = value
            elif field == "measures":
                measures = value
            elif extra == "attributes":
                attributes[str(name)] = value
            elif extra == "error":
                raise ModelError(f"{where}: unknown attribute {name!r} (expected kind, name, owner, a property of "
                                 f"scheme {sch.id} ({', '.join(sch.keys)}), justification, review_by, implemented, "
                                 f"overrides, attributes, measures, answers; pass extra='attributes' to keep it or "
                                 f"extra='ignore' to leave it out)", where, f"unknown attribute {name!r}")
        if isinstance(measures, str):
            measures = measures.split()
        m._add_asset(str(node), kind=_text(text["kind"]) or "information", name=_text(text["name"]) or "",
                     owner=_text(text["owner"]) or "",
                     classification={sch.keys[p]: v for p, (_n, v) in classification.items()},
                     justification=_text(text["justification"]) or "", review_by=_text(text["review_by"]) or "",
                     implemented=implemented or None, overrides=overrides or None,
                     attributes={str(k): _plain(v) for k, v in attributes.items()} or None, measures=measures,
                     answers=answers, warn=False)
    for frm, to, data in graph.edges(data=True):
        for name in data:
            if name not in ("type", "group", "need") and extra != "ignore":
                why = (f"unknown edge attribute {name!r} (expected type, group and need; dependencies carry no "
                       f"attributes: pass extra='ignore' to leave it out)")
                raise ModelError(f"edge {frm!r} -> {to!r}: {why}", f"edge {frm!r} -> {to!r}", why)
        m.add_dependency(str(frm), str(to), type=data.get("type", "depends_on"), group=data.get("group"),
                         need=data.get("need"))
    return m
