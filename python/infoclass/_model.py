# SPDX-License-Identifier: Apache-2.0
"""Model: assets, dependencies and policy; reading, writing, editing, propagating, analysing."""
from __future__ import annotations

import copy as _copy
import errno as _errno
import html as _html
import numbers as _numbers
import os as _os
from collections.abc import Iterator, Mapping
from typing import Any, Dict, List, Optional, Union

from . import _core
from ._core import ModelError, Scheme
from ._common import _UNASSESSED, _PICKLE_VERSION, _check_threads, _progress, _scheme_of, _levels, _read_text
from ._errors import check_readable, check_writable
from ._levels import NA, level_code, property_index
from ._asset import Asset
from ._assessment import Assessment


def _warn_kinds(m: "Model") -> "Model":
    """warnings.warn for each kind that looks like a typo of a known kind."""
    import warnings

    for message in _core.kind_typos(m._m):
        warnings.warn(message, UserWarning, stacklevel=3)
    return m


class Model:
    """A model of assets and dependencies under a scheme and a policy.

    ``Model(scheme="se-klassa", policy=None)``; ``policy`` is the JSON object of
    the model format (``{"types": ..., "redundancy": ..., "cumulation": ...,
    "floor": ...}``) as a dict.
    """

    def __init__(self, scheme: Union[str, Scheme] = "se-klassa", policy: Optional[Mapping[str, Any]] = None) -> None:
        import json

        self._m = _core.Model(_scheme_of(scheme), json.dumps(policy) if policy else "")

    @classmethod
    def _wrap(cls, core: "_core.Model") -> "Model":
        """A Model around a core model (what the readers return)."""
        m = cls.__new__(cls)
        m._m = core
        return m

    # -- construction -------------------------------------------------------------
    @classmethod
    def load(cls, path: Union[str, "_os.PathLike[str]"]) -> "Model":
        """Reads the native JSON format: FileNotFoundError, IsADirectoryError or
        PermissionError when the file cannot be read, ModelError when its content is bad."""
        return _warn_kinds(cls._wrap(_core.Model.load(check_readable(path))))

    def save(self, path: Union[str, "_os.PathLike[str]"]) -> None:
        """Writes the native JSON format atomically (a temporary file renamed over
        ``path``): IsADirectoryError, FileNotFoundError (no such folder) or
        PermissionError before anything is written."""
        self._m.save(check_writable(path))

    @classmethod
    def from_json(cls, text: str) -> "Model":
        """Reads the native JSON format from a string (ModelError names the JSON pointer)."""
        return _warn_kinds(cls._wrap(_core.Model.from_json(text)))

    def to_json(self) -> str:
        """The model in the native JSON format (what ``save`` writes)."""
        return self._m.to_json()

    @classmethod
    def from_pandas(cls, assets, dependencies=None, scheme: Union[str, Scheme, None] = None,
                    policy: Optional[Mapping[str, Any]] = None, *, columns: Optional[Mapping[str, str]] = None,
                    extra: str = "error") -> "Model":
        """Builds a model from DataFrames, reading every column that ``from_csv`` reads.

        ``assets``: ``id``, ``kind`` and any of ``name``, ``owner``, one column
        per property (key, role word or name: ``K``, ``confidentiality``,
        ``Konfidentialitet``), ``justification``, ``review_by``,
        ``implemented_<property>``, ``override_<property>`` with
        ``override_<property>_effect`` and ``_justification``, ``attributes``
        (a dict or its JSON text), ``measures`` (a list or space-separated
        text), ``answers`` and ``attribute:NAME``; Swedish headers as in CSV.
        ``dependencies``: ``from``, ``to``, ``type`` and optional ``group`` and
        ``need`` (``from`` relies on ``to``). Level cells follow the one level rule
        (see ``help(infoclass)``). A column the format does not know is a
        ModelError unless ``extra="attributes"`` (kept as a text attribute) or
        ``extra="ignore"``; ``columns`` renames headers first, e.g.
        ``{"Informationsmängd": "id"}``. ``scheme`` and ``policy`` default to
        ``assets.attrs`` (as ``to_pandas`` leaves them), else se-klassa.
        Errors name the row by its index label, the asset and the column.
        """
        from ._frames import from_pandas

        return _warn_kinds(from_pandas(cls, assets, dependencies, scheme, policy, columns, extra))

    def to_pandas(self):
        """``(assets, dependencies)`` DataFrames that ``from_pandas`` takes back
        unchanged: the asset columns of the CSV format (levels as nullable
        integers, an object column with ``infoclass.NA`` where a property is
        not applicable; rarer fields only when some asset has them) and
        ``from``, ``to``, ``type``, ``group`` (and ``need``, nullable integers,
        where some group states it). ``attrs`` of both hold the
        scheme (a preset id or the scheme's JSON) and the policy."""
        from ._frames import to_pandas

        return to_pandas(self)

    def to_excel(self, path: Union[str, "_os.PathLike[str]"]) -> None:
        """Writes an Excel workbook (.xlsx) with the sheets ``assets`` and
        ``dependencies`` (the columns of ``to_pandas``; attributes, measures and
        answers as JSON text) that ``from_excel`` reads back, with openpyxl;
        written to a temporary file and renamed (atomic). Text that starts with
        ``=`` is written as text, never as a formula; text with a control
        character Excel cannot hold is a ModelError naming the asset."""
        import json
        import tempfile

        import pandas as pd

        target = check_writable(path)
        assets, deps = self.to_pandas()
        for name in ("attributes", "answers"):
            if name in assets.columns:
                assets[name] = [None if v is None else json.dumps(v, ensure_ascii=False) for v in assets[name]]
        if "measures" in assets.columns:
            assets["measures"] = [None if v is None else " ".join(v) for v in assets["measures"]]
        for column in assets.columns:  # infoclass.NA as the text the readers take
            if assets[column].dtype == object:
                assets[column] = ["na" if v is NA else v for v in assets[column]]
        from openpyxl import Workbook
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        book = Workbook()
        book.remove(book.active)
        for name, frame in (("assets", assets), ("dependencies", deps)):
            sheet = book.create_sheet(name)
            sheet.append([str(c) for c in frame.columns])
            ids = frame["id"].tolist() if "id" in frame.columns else None
            for r, row in enumerate(frame.itertuples(index=False, name=None)):
                cells = []
                for column, value in zip(frame.columns, row):
                    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
                        cells.append(None)
                        continue
                    if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
                        where = f"{ids[r]}/{column}" if ids else f"{name} row {r}/{column}"
                        raise ModelError(f"{where}: {value!r} holds a control character that an Excel cell cannot "
                                         "hold", where, "a control character Excel cannot hold")
                    cells.append(value.item() if hasattr(value, "item") else value)
                sheet.append(cells)
                for cell in sheet[sheet.max_row]:
                    if isinstance(cell.value, str) and cell.data_type == "f":
                        cell.data_type = "s"  # text that starts with "=" stays text, never a formula
        folder = _os.path.dirname(_os.path.abspath(target))
        fd, tmp = tempfile.mkstemp(prefix=".infoclass-", suffix=".xlsx", dir=folder)
        _os.close(fd)
        try:
            book.save(tmp)
            _os.replace(tmp, target)
        except BaseException:
            if _os.path.exists(tmp):
                _os.unlink(tmp)
            raise

    def to_networkx(self):
        """A networkx MultiDiGraph: an edge ``u -> v`` for each dependency (``u``
        relies on ``v``) keyed by type, with ``type`` and ``group`` attributes;
        nodes with kind, name, owner, one attribute per property key (own level,
        "na" for not applicable) and the rarer fields where set. The graph's
        ``scheme`` and ``policy`` attributes make ``from_networkx`` exact."""
        from ._frames import policy_of, to_networkx

        return to_networkx(self, policy_of(self))

    @classmethod
    def from_networkx(cls, graph, scheme: Union[str, Scheme, None] = None,
                      policy: Optional[Mapping[str, Any]] = None, *, extra: str = "error") -> "Model":
        """The inverse of to_networkx. Node attributes are read by the column
        rules of ``from_pandas`` (kind, name, owner, properties by key, role word
        or name, implemented, overrides, ...); an unknown node or edge attribute
        is a ModelError unless ``extra="attributes"`` (nodes: kept as an
        attribute) or ``extra="ignore"``. Scheme and policy default to the
        graph's ``scheme`` and ``policy`` attributes, edge ``type`` to
        depends_on, node ``kind`` to information."""
        from ._frames import from_networkx

        return _warn_kinds(from_networkx(cls, graph, scheme, policy, extra))

    # -- assets and dependencies --------------------------------------------------------
    @property
    def scheme(self) -> Scheme:
        """The classification scheme: properties (K, R, T, S ...) and their levels."""
        cached = self.__dict__.get("_scheme")
        if cached is None:  # a model's scheme never changes: one Python copy per model
            cached = self.__dict__["_scheme"] = self._m.scheme
        return cached

    def add_asset(self, id: str, kind: str, *, name: str = "", owner: str = "",
                  classification: Optional[Mapping[str, Any]] = None, justification: str = "",
                  implemented: Optional[Mapping[str, Any]] = None, review_by: str = "",
                  overrides: Optional[Mapping[str, Mapping[str, Any]]] = None,
                  attributes: Optional[Mapping[str, Any]] = None, measures: Optional[List[str]] = None,
                  answers: Optional[Mapping[str, Any]] = None) -> None:
        """Adds an asset; `answers` = {"rules": rule set id, "given": {question: answer}} records
        the questionnaire behind `classification`."""
        self._add_asset(id, kind, name=name, owner=owner, classification=classification,
                        justification=justification, implemented=implemented, review_by=review_by,
                        overrides=overrides, attributes=attributes, measures=measures, answers=answers, warn=True)

    def _add_asset(self, id: str, kind: str, *, name: str, owner: str, classification: Optional[Mapping[str, Any]],
                   justification: str, implemented: Optional[Mapping[str, Any]], review_by: str,
                   overrides: Optional[Mapping[str, Mapping[str, Any]]], attributes: Optional[Mapping[str, Any]],
                   measures: Optional[List[str]], answers: Optional[Mapping[str, Any]], warn: bool) -> None:
        import json

        sch = self.scheme
        levels = _levels(sch, classification, f"{id}: classification")
        impl = None if implemented is None else _levels(sch, implemented, f"{id}: implemented")
        attrs = {str(k): json.dumps(v, ensure_ascii=False) for k, v in (attributes or {}).items()}
        if answers is not None and not (hasattr(answers, "get") and isinstance(answers.get("rules"), str)
                                        and hasattr(answers.get("given"), "items")):
            raise ModelError(f'{id}: answers are {{"rules": rule set id, "given": {{question: answer}}}}, '
                             f"not {answers!r}", f"{id}/answers", "not a record of answers")
        recorded = None if answers is None else (str(answers["rules"]), {str(k): str(v) for k, v in answers["given"].items()})
        for key, o in (overrides or {}).items():
            if not hasattr(o, "get") or "level" not in o:
                raise ModelError(f'{id}: overrides/{key} is {{"level": ..., "justification": ..., "effect": ...}}, '
                                 f"not {o!r}", f"{id}/overrides/{key}", "an override without a level")
        self._m.add_asset(id, kind, name, owner, levels, justification, impl, review_by, attrs, list(measures or []),
                          recorded)
        for key, o in (overrides or {}).items():
            try:
                self.set_override(id, key, o["level"], justification=o.get("justification", ""),
                                  effect=o.get("effect", "manual"))
            except Exception:
                self._m.remove_asset(id)
                raise
        if warn:
            likely = _core.likely_kind(self._m, kind)
            if likely is not None:
                import warnings

                warnings.warn(f"kind '{kind}' (asset {id}) is not a known kind; did you mean '{likely}'?",
                              UserWarning, stacklevel=3)

    def remove_asset(self, id: str) -> None:
        """Removes asset ``id`` and every dependency from or to it."""
        self._m.remove_asset(id)

    def add_dependency(self, from_: str, to: str, type: str = "depends_on", group: Optional[str] = None,
                       need: Optional[int] = None) -> None:
        """Adds the dependency ``from_ -> to``: ``from_`` relies on ``to`` (an
        application runs on a server: ``add_dependency("app", "server",
        "runs_on")``), so requirements flow from ``from_`` to ``to``. ``group``
        names a redundancy group (None, NaN or "" for none); ``need`` is how many
        of the group's members are needed (k of n: a three-node cluster with a
        quorum of two has ``need=2``; None where not stated: what another member
        states, else 1)."""
        from ._levels import is_missing

        k = 0
        if not is_missing(need):
            try:
                whole = not isinstance(need, bool) and 1 <= float(need) <= 65535 and int(need) == need
            except (TypeError, ValueError):
                whole = False
            if not whole:
                raise ModelError(f"{from_} -> {to}: need {need!r} is not a whole number from 1 to 65535",
                                 f"{from_} -> {to}", f"need {need!r} is not a whole number from 1 to 65535")
            k = int(need)
        self._m.add_dependency(from_, to, type, None if is_missing(group) or group == "" else group, k)

    def remove_dependency(self, from_: str, to: str, type: str) -> bool:
        """Removes the dependency ``from_ -> to`` of ``type`` (``from_`` relies on
        ``to``); False if there is none."""
        return self._m.remove_dependency(from_, to, type)

    def set_level(self, id: str, prop: str, level: Any) -> None:
        """Sets the owner's assessment of one property of asset ``id``.

        ``prop`` is a key, role word or property name; ``level`` an int, the
        level's key or name, ``"K3"``, or None / NaN for unassessed and
        ``"na"`` / ``infoclass.NA`` for not applicable (see ``help(infoclass)``)."""
        sch = self.scheme
        p = property_index(sch, prop, str(id))
        code = level_code(sch, p, level, str(id))
        self._m.set_level(id, sch.keys[p], None if code == _UNASSESSED else code)

    def set_override(self, id: str, prop: str, level: int, *, justification: str,
                     effect: str = "manual") -> None:
        """Overrides the derived level of ``prop`` of asset ``id`` (a level as in
        ``set_level``, but not unassessed); a justification is mandatory;
        ``effect`` is ``cumulation``, ``distribution`` or ``manual``."""
        sch = self.scheme
        p = property_index(sch, prop, str(id))
        code = level_code(sch, p, level, f"{id}: override")
        if code >= 254:
            raise ModelError(f"{id}: override/{sch.keys[p]}: an override is a level, not {level!r}")
        self._m.set_override(id, sch.keys[p], code, effect, justification)

    def clear_override(self, id: str, prop: str) -> bool:
        """Removes the override of ``prop`` of asset ``id``; False if there was none."""
        sch = self.scheme
        return self._m.clear_override(id, sch.keys[property_index(sch, prop, str(id))])

    @property
    def dependencies(self) -> List[Dict[str, Any]]:
        """Every dependency as {"from", "to", "type", "group", "need"}: ``from``
        relies on ``to``; ``group`` is the redundancy group or None, ``need`` the
        k it states or None."""
        return [{"from": f, "to": t, "type": ty, "group": g, "need": k} for f, t, ty, g, k in self._m.dependencies()]

    def propagate(self, incremental: bool = True, threads: int = 1) -> Assessment:
        """Propagates; after changes only the affected part is recomputed
        (``incremental=False`` runs the whole engine again). `threads`: worker
        threads for a full run (0 = every core; models under 50,000 assets run
        on one); levels and causes do not depend on it."""
        _check_threads("propagate", threads)
        a = Assessment(self._m.propagate(incremental, threads))
        a._owner_model = self._m  # type: ignore[attr-defined]  # owners for to_pandas, read lazily
        a._owner_revision = self._m.revision()  # type: ignore[attr-defined]
        return a

    def impact(self, asset: str, prop: str):
        """What is affected if `asset` is compromised for `prop`: a DataFrame
        indexed by affected asset with owner and one path each; `.attrs`
        holds the source and the owners affected."""
        import pandas as pd

        r = _core.impact(self._m, asset, prop)
        df = pd.DataFrame(r["affected"], columns=["asset", "owner", "path"]).set_index("asset")
        df.attrs.update(source=r["source"], property=prop, owners=r["owners"])
        return df

    def failure_set(self, *assets: str) -> List[str]:
        """The assets that fail when all of ``assets`` fail at once (them
        included), in model order: ``m.failure_set("db-1", "db-3")`` asks what
        any two nodes of a quorum bring down. A redundancy group fails when
        fewer than its ``need`` of its members are left."""
        if len(assets) == 1 and not isinstance(assets[0], str):
            assets = tuple(assets[0])
        return _core.failure_set(self._m, [str(a) for a in assets])

    def single_points_of_failure(
        self,
        threshold: Optional[int] = None,
        progress: Any = None,
        threads: int = 1,
        names: bool = True,
        *,
        top: Optional[int] = None,
        max_names: Optional[int] = None,
    ):
        """Assets whose failure alone brings down an asset with effective
        availability >= threshold (default: the scale's second highest level),
        as a DataFrame indexed by asset with the list of assets brought down
        (`names=False`: only their number, column `count`, much faster at scale).
        `progress`: True for a tqdm bar, a tqdm bar, or a callable(done, total)
        told how many candidates have been examined; what it raises stops the run.
        `threads`: worker threads for the search and the propagation before it
        (0 = every core); the result does not depend on it.
        `max_names`: name at most this many of the assets each brings down (the
        first in model order). `top`: only the `top` that bring down most, most
        first (ties in model order), with columns `count` and `brings_down`;
        ``df.attrs["total"]`` is how many there are in all. A summary of a
        national inventory: ``m.single_points_of_failure(top=20, max_names=10)``."""
        import pandas as pd

        sch = self.scheme
        avail = next((p for p, prop in enumerate(sch.properties) if prop["role"] == "availability"), None)
        if avail is None:
            raise ModelError(f"scheme {sch.id} has no availability property")
        top_level = sch.levels(avail) - 1
        if threshold is None:
            threshold = max(top_level - 1, 0)
        is_level = isinstance(threshold, _numbers.Integral) and not isinstance(threshold, bool)
        if not is_level or not 0 <= threshold <= top_level:
            key = sch.properties[avail]["key"]
            raise ModelError(f"single_points_of_failure: threshold is a level 0..{top_level} of {key} in scheme "
                             f"{sch.id}, not {threshold!r}", "threshold", f"not a level 0..{top_level}")
        threshold = int(threshold)
        _check_threads("single_points_of_failure", threads)
        if not isinstance(names, bool):
            raise ModelError(f"single_points_of_failure: names is True or False, not {type(names).__name__}",
                             "names", "not a truth value")
        def whole(name: str, value: Any) -> int:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ModelError(f"single_points_of_failure: {name} is a whole number >= 0, not {value!r}",
                                 name, "not a count")
            return value

        unlimited = 2**64 - 1
        cap = unlimited if max_names is None else min(whole("max_names", max_names), unlimited)
        if max_names is not None and not names:
            raise ModelError("single_points_of_failure: max_names names victims, and names=False names none",
                             "max_names", "needs names=True")
        if top is not None:
            if not names:
                raise ModelError("single_points_of_failure: top names the victims of the most severe; "
                                 "names=False with every single point's count is the other summary", "top",
                                 "needs names=True")
            total, top_rows = _core.most_severe_single_points(
                self._m, self._m.propagate(True, threads), threshold, min(whole("top", top), unlimited), cap,
                _progress(progress), threads,
            )
            df = pd.DataFrame(top_rows, columns=["asset", "count", "brings_down"]).set_index("asset")
            df.attrs["total"] = total
            return df
        rows = _core.single_points_of_failure(
            self._m, self._m.propagate(True, threads), threshold, _progress(progress), threads, bool(names), cap
        )
        if not names:
            return pd.DataFrame(rows, columns=["asset", "count"]).set_index("asset")
        return pd.DataFrame(rows, columns=["asset", "brings_down"]).set_index("asset")

    def gaps(self, catalogue: Union[str, "_os.PathLike[str]", None] = None, progress: Any = None):
        """Implemented levels and measures below what the effective levels
        require, most severe first, as a DataFrame (default catalogue: the
        built-in one for se-klassa). `progress` as in single_points_of_failure."""
        import pandas as pd

        text = "" if catalogue is None else _read_text(catalogue)
        c = _core.gaps(self._m, self._m.propagate(), text, _progress(progress))
        implemented = c["implemented"]
        c["implemented"] = pd.arrays.IntegerArray(implemented.astype("int64"), implemented < 0)
        c["effective"] = c["effective"].astype("int64")
        for column in ("dependents", "severity"):
            c[column] = c[column].astype("int64")
        # The columns are this call's own arrays: copy=False keeps them as they
        # are (copying the object columns into one block took 3 s at 10^6).
        return pd.DataFrame(c, columns=["kind", "asset", "property", "implemented", "effective", "measure",
                                        "dependents", "severity"], copy=False)

    def review(self, today: Optional[str] = None, cumulation_at_least: int = 5) -> Dict[str, Any]:
        """What a security coordinator goes through, as DataFrames with flat columns:

        ``overdue``, ``missing_review``, ``without_owner`` (column asset),
        ``deviations`` (as ``Assessment.deviations``), ``cumulation_candidates``
        (asset, property, level, dependents), ``owners`` (owner, asset: one row
        per owned asset), ``requirements`` (owner, asset, asset_owner, property,
        level, origin: what an owner's information requires of assets others
        own) and ``findings`` (the number of rows a reviewer must act on)."""
        import pandas as pd

        a = self.propagate()
        r = _core.review(self._m, a._a, today or "", cumulation_at_least)

        def assets(names):
            return pd.DataFrame({"asset": pd.Series(names, dtype=object)})

        deviations = a.deviations()  # the same rows, with their levels
        if len(deviations) != len(r["deviations"]):
            raise RuntimeError("review and assessment disagree on the deviations")
        owners = pd.DataFrame([(o["owner"], a) for o in r["owners"] for a in o["owns"]], columns=["owner", "asset"])
        requirements = pd.DataFrame(
            [(o["owner"], p["asset"], p["owner"], p["property"], p["level"], p["origin"])
             for o in r["owners"] for p in o["places"]],
            columns=["owner", "asset", "asset_owner", "property", "level", "origin"])
        return {
            "overdue": assets(r["overdue"]),
            "missing_review": assets(r["missing_review"]),
            "without_owner": assets(r["without_owner"]),
            "deviations": deviations,
            "cumulation_candidates": pd.DataFrame(r["cumulation_candidates"],
                                                  columns=["asset", "property", "level", "dependents"]),
            "owners": owners,
            "requirements": requirements,
            "findings": r["findings"],
        }

    def report_html(self, path: Union[str, "_os.PathLike[str]"], today: Optional[str] = None) -> None:
        """Writes the self-contained HTML report (as `infoclass report --html`)."""
        _core.write_file_atomic(check_writable(path),
                                _core.format_html_report(self._m, self._m.propagate(), today or ""))

    def report(self, today: Optional[str] = None) -> str:
        """The text of `infoclass report` (reviews are overdue relative to `today`, default today)."""
        return _core.format_report(self._m, self._m.propagate(), today or "")

    # -- Python protocol ------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._m)

    def __contains__(self, id: object) -> bool:
        return isinstance(id, str) and id in self._m

    def __iter__(self) -> Iterator[Asset]:
        for i in self._m.ids():
            yield self[i]

    def __getitem__(self, id: str) -> Asset:
        if not isinstance(id, str) or id not in self._m:
            raise KeyError(id)
        import json

        fields = self._m.asset(id)
        fields["attributes"] = {k: json.loads(v) for k, v in fields["attributes"].items()}
        return Asset(**fields)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Model) and self._m == other._m

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Model {self.scheme.id}: {len(self)} assets, {self._m.num_dependencies()} dependencies>"

    def __copy__(self) -> "Model":
        return Model._wrap(self._m.copy())

    def __deepcopy__(self, memo) -> "Model":
        return self.__copy__()

    def copy(self) -> "Model":
        """An independent copy (changes to one do not show in the other)."""
        return self.__copy__()

    def to_archive(self, format: str = "binary") -> bytes:
        """The model as an infoclass archive (Boost.Serialization binary, text or
        XML in a checked envelope), as `infoclass export --to archive` writes it."""
        return self._m.to_archive(format)

    @classmethod
    def from_archive(cls, data: bytes) -> "Model":
        """Reads an infoclass model archive of any format."""
        return cls._wrap(_core.Model.from_archive(data))

    def __getstate__(self):
        return {"version": _PICKLE_VERSION, "archive": self._m.to_archive("binary")}

    def __setstate__(self, state) -> None:
        if state.get("version") != _PICKLE_VERSION:
            raise ModelError(f"pickle: unsupported Model version {state.get('version')}")
        self._m = _core.Model.from_archive(state["archive"])

    # -- pictures -----------------------------------------------------------------
    def to_dot(self, focus: Optional[str] = None, *, upstream: bool = True, downstream: bool = True) -> str:
        """Graphviz DOT of the dependency graph, nodes filled by their highest
        effective level, with a legend; `focus` limits it to one asset with
        what depends on it (upstream) and what it depends on (downstream)."""
        return _core.write_dot(self._m, self._m.propagate(), focus or "", upstream, downstream)

    def to_graphml(self, focus: Optional[str] = None, *, upstream: bool = True, downstream: bool = True) -> str:
        """GraphML with kinds, owners, levels and causes (readable by networkx.read_graphml)."""
        return _core.write_graphml(self._m, self._m.propagate(), focus or "", upstream, downstream)

    def to_svg(self, focus: Optional[str] = None, *, upstream: bool = True, downstream: bool = True) -> str:
        """SVG rendered in-process by Graphviz's libraries."""
        if not _core.have_svg:
            raise RuntimeError("this build of infoclass has no Graphviz (libgraphviz-dev)")
        return _core.render_svg(self.to_dot(focus, upstream=upstream, downstream=downstream))

    def draw(self, asset: str, prop: Optional[str] = None, *, upstream: bool = True, downstream: bool = True,
             depth: Optional[int] = None, ax: Any = None, labels: str = "id") -> Any:
        """A readable matplotlib picture of one asset and its neighbourhood
        (what a notebook shows instead of the whole graph): what relies on
        ``asset`` on the left (upstream: requirements flow from there into it),
        ``asset`` outlined, what it relies on on the right (downstream), in
        columns by the number of steps (at most ``depth``); each node filled by
        its effective level of ``prop`` (default: its highest level), with a
        legend of the scheme's level names. ``labels`` is ``"id"`` or
        ``"name"``. Returns the matplotlib Axes (drawn on ``ax`` if given)."""
        from ._draw import draw

        return draw(self, asset, prop, upstream=upstream, downstream=downstream, depth=depth, ax=ax, labels=labels)

    #: Jupyter draws the whole graph only for models of at most this many assets
    #: (set it on the class or on one model); larger ones show the summary table.
    display_limit: int = 50

    def _repr_svg_(self) -> Optional[str]:
        """The whole graph as SVG for small models, rendered once per model state."""
        if not _core.have_svg or len(self) > self.display_limit:
            return None
        revision = self._m.revision()
        cached = getattr(self, "_svg_cache", None)
        if cached is not None and cached[0] is self._m and cached[1] == revision:
            return cached[2]
        svg = self.to_svg()
        self._svg_cache = (self._m, revision, svg)
        return svg

    @classmethod
    def from_csv(cls, assets: Union[str, "_os.PathLike[str]"], dependencies: Union[str, "_os.PathLike[str]", None] = None,
                 scheme: Union[str, Scheme] = "se-klassa", policy: Optional[Mapping[str, Any]] = None,
                 delimiter: Optional[str] = None, encoding: Optional[str] = None,
                 columns: Optional[Mapping[str, str]] = None) -> "Model":
        """Reads assets.csv (and dependencies.csv) as spreadsheets save them; see the README for the rules.

        ``encoding`` is ``"utf-8"``, ``"windows-1252"`` or ``"utf-16"`` (default: detected); ``columns`` maps
        headers to fields (``{"Informationsmängd": "id", "Kommentar": "attribute:Kommentar"}``).
        """
        def data(path):
            if path is None:
                return b""
            path = _os.fspath(path)
            if not _os.path.exists(path):
                raise FileNotFoundError(_errno.ENOENT, "No such file or directory", path)
            with open(path, "rb") as f:
                return f.read()
        like = cls(scheme, policy)
        core, _line, _notes = _core.read_csv(data(assets), data(dependencies), like._m, delimiter or "", encoding or "",
                                             list((columns or {}).items()), _os.fspath(assets),
                                             _os.fspath(dependencies) if dependencies is not None else "")
        return _warn_kinds(cls._wrap(core))

    @classmethod
    def from_excel(cls, path: Union[str, "_os.PathLike[str]"], scheme: Union[str, Scheme] = "se-klassa",
                   policy: Optional[Mapping[str, Any]] = None, assets_sheet: Optional[str] = None,
                   dependencies_sheet: Optional[str] = None, columns: Optional[Mapping[str, str]] = None) -> "Model":
        """Reads an Excel workbook (.xlsx): an assets sheet and a dependencies sheet, by the rules of CSV.

        The same reader as ``infoclass import --from xlsx``.
        """
        path = _os.fspath(path)
        if not _os.path.exists(path):
            raise FileNotFoundError(_errno.ENOENT, "No such file or directory", path)
        like = cls(scheme, policy)
        core, _line = _core.read_xlsx(path, like._m, assets_sheet or "", dependencies_sheet or "",
                                      list((columns or {}).items()))
        return _warn_kinds(cls._wrap(core))

    @classmethod
    def from_threagile(cls, path: Union[str, "_os.PathLike[str]"]) -> "Model":
        """Imports a Threagile YAML model (merge keys and includes resolved) under the `threagile` scheme."""
        path = _os.fspath(path)
        if not _os.path.exists(path):
            raise FileNotFoundError(_errno.ENOENT, "No such file or directory", path)
        core, _line = _core.load_threagile(path)
        return cls._wrap(core)

    @classmethod
    def from_oscal(cls, path: Union[str, "_os.PathLike[str]"]) -> "Model":
        """Imports an OSCAL SSP (JSON, XML or YAML): information types and components under `us-fips-199`."""
        core, _system, _warnings, _line = _core.import_oscal(_read_text(path))
        return cls._wrap(core)

    def to_csv(self, directory: Union[str, "_os.PathLike[str]"], delimiter: str = ",", excel: bool = False) -> None:
        """Writes directory/assets.csv and directory/dependencies.csv (scheme and policy are not part of CSV).

        ``excel=True`` writes what Excel opens by double click: UTF-8 with a byte order mark (give ``delimiter=";"``
        for Swedish Excel).
        """
        assets, deps = _core.write_csv(self._m, delimiter, excel)
        directory = _os.fspath(directory)
        _os.makedirs(directory, exist_ok=True)
        for name, content in (("assets.csv", assets), ("dependencies.csv", deps)):
            _core.write_file_atomic(_os.path.join(directory, name), content)

    def _repr_html_(self) -> str:
        from collections import Counter

        kinds = Counter(self._m.kinds())
        rows = "".join(f"<tr><td>{_html.escape(k)}</td><td>{n}</td></tr>" for k, n in sorted(kinds.items()))
        return (f"<p><b>Model</b> ({_html.escape(self.scheme.id)}): {len(self)} assets, "
                f"{self._m.num_dependencies()} dependencies</p><table><tr><th>kind</th><th>assets</th></tr>"
                f"{rows}</table>")
