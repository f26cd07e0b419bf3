# SPDX-License-Identifier: Apache-2.0
"""The one rule for a level and a property, used by every call that takes one.

A level is given as
  * an integer (``3``, ``numpy.int64(3)``) or an integral float (``3.0``, as
    pandas stores an integer column with gaps),
  * the level's key (``"serious"``) or its name in the scheme's language or in
    English (``"Betydande"``, ``"moderate"``), case-insensitive,
  * the compact token of the property (``"K3"``, ``"K=3"``, ``"3"``);
unassessed is ``None``, ``NaN``, ``pandas.NA`` or ``NaT``; not applicable
(where the scheme allows it) is ``"na"`` or ``infoclass.NA``. Everything else
-- ``True``, ``2.5``, a level out of range, the token of another property --
raises ModelError naming the asset, the property and what is allowed.

A property is its key, its role word or its name in either language, also
case-insensitive (``"K"``, ``"k"``, ``"confidentiality"``, ``"Konfidentialitet"``).
"""
from __future__ import annotations

import math as _math
import numbers as _numbers
from typing import Any, Dict, List, Optional, Tuple

from ._core import ModelError, Scheme

UNASSESSED = 255
NOT_APPLICABLE = 254


class _NotApplicable:
    """``infoclass.NA``: a property assessed as not applicable."""

    _instance: Optional["_NotApplicable"] = None

    def __new__(cls) -> "_NotApplicable":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "infoclass.NA"

    def __reduce__(self):
        return (_NotApplicable, ())


NA = _NotApplicable()


def is_missing(value: Any) -> bool:
    """None, a float NaN, pandas.NA or NaT."""
    if value is None:
        return True
    if isinstance(value, float):
        return _math.isnan(value)
    name = type(value).__name__
    if name in ("NAType", "NaTType"):
        return True
    if isinstance(value, _numbers.Real) and not isinstance(value, _numbers.Integral):
        try:
            return _math.isnan(float(value))
        except (TypeError, ValueError):
            return False
    return False


def _allowed(scheme: Scheme, p: int) -> str:
    prop = scheme.properties[p]
    keys = ", ".join(level["key"] for level in prop["levels"])
    return f"0..{scheme.levels(p) - 1} or {keys}" + (" or na" if prop["allows_not_applicable"] else "")


def property_index(scheme: Scheme, name: Any, where: str = "") -> int:
    """The index of a property named by key, role word or name (case-insensitive)."""
    if isinstance(name, str):
        p = scheme.find_property(name)
        if p is None:
            p = scheme.match_property(name)
        if p is not None:
            return p
    elif isinstance(name, _numbers.Integral) and not isinstance(name, bool) and 0 <= int(name) < len(scheme):
        return int(name)
    keys = ", ".join(scheme.keys)
    prefix = f"{where}: " if where else ""
    raise ModelError(f"{prefix}{name!r} is not a property of scheme {scheme.id} ({keys}, a role word or a name)")


def _fail(scheme: Scheme, p: int, value: Any, where: str, why: str) -> ModelError:
    key = scheme.keys[p]
    prefix = f"{where}/{key}" if where else key
    return ModelError(f"{prefix}: {why}; a level of {key} is {_allowed(scheme, p)}")


def level_code(scheme: Scheme, p: int, value: Any, where: str = "") -> int:
    """The stored code of one level value of property ``p``: the level, 255 for
    unassessed, 254 for not applicable. ModelError (naming ``where``, the
    property and the allowed values) for anything else."""
    if value is NA:
        return _not_applicable(scheme, p, value, where)
    if is_missing(value):
        return UNASSESSED
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        raise _fail(scheme, p, value, where, f"{value!r} is a truth value, not a level")
    if isinstance(value, _numbers.Integral):
        return _in_range(scheme, p, int(value), value, where)
    if isinstance(value, _numbers.Real):
        f = float(value)
        if not f.is_integer():
            raise _fail(scheme, p, value, where, f"{value!r} is not a whole number")
        return _in_range(scheme, p, int(f), value, where)
    if isinstance(value, str):
        return _text_level(scheme, p, value, where)
    raise _fail(scheme, p, value, where, f"a {type(value).__name__} is not a level")


def _in_range(scheme: Scheme, p: int, level: int, value: Any, where: str) -> int:
    if not 0 <= level < scheme.levels(p):
        raise _fail(scheme, p, value, where, f"level {value!r} is outside 0..{scheme.levels(p) - 1} of scheme {scheme.id}")
    return level


def _not_applicable(scheme: Scheme, p: int, value: Any, where: str) -> int:
    if not scheme.properties[p]["allows_not_applicable"]:
        raise _fail(scheme, p, value, where, f"not applicable is not allowed for {scheme.keys[p]} in scheme {scheme.id}")
    return NOT_APPLICABLE


def _text_level(scheme: Scheme, p: int, value: str, where: str) -> int:
    text = value.strip()
    if text == "":
        return UNASSESSED
    if text.casefold() == "na":
        return _not_applicable(scheme, p, value, where)
    level = scheme.match_level(p, text)
    if level is not None:
        return level
    token = _compact(scheme, text)
    if token is not None:
        q, rest = token
        if q != p:
            raise _fail(scheme, p, value, where, f"'{value}' is a level of {scheme.keys[q]}, not of {scheme.keys[p]}")
        if rest.casefold() == "na":
            return _not_applicable(scheme, p, value, where)
        return scheme.match_level(p, rest)
    raise _fail(scheme, p, value, where, f"'{value}' is not a level")


def _compact(scheme: Scheme, text: str) -> Optional[Tuple[int, str]]:
    """``K3``, ``K=3``, ``K:high``, ``Kna`` -> (property, rest) when the rest is a
    level of that property (or na); the longest key wins."""
    folded = text.casefold()
    best: Optional[Tuple[int, str]] = None
    for q, key in enumerate(scheme.keys):
        k = key.casefold()
        if folded.startswith(k) and len(text) > len(k) and (best is None or len(k) > len(scheme.keys[best[0]])):
            rest = text[len(k):].lstrip("=: ")
            if rest and (rest.casefold() == "na" or scheme.match_level(q, rest) is not None):
                best = (q, rest)
    return best


def level_or_none(code: int) -> Any:
    """A stored code as the package shows it: an int, None or NA."""
    if code == UNASSESSED:
        return None
    if code == NOT_APPLICABLE:
        return NA
    return int(code)


def levels_from_mapping(scheme: Scheme, values: Any, where: str) -> List[int]:
    """A ``{property: level}`` mapping as the list of stored codes (unnamed
    properties unassessed)."""
    out = [UNASSESSED] * len(scheme)
    if values is None:
        return out
    if not hasattr(values, "items"):
        raise ModelError(f"{where}: a classification is a mapping of property to level, "
                         f"not a {type(values).__name__}")
    for name, value in values.items():
        p = property_index(scheme, name, where)
        out[p] = level_code(scheme, p, value, where)
    return out


def level_column(scheme: Scheme, p: int, column: Any, ids: Any, where: str) -> Any:
    """A pandas Series of level values as a uint8 array of stored codes, without
    a Python call per row: numbers are checked as arrays, every other value once
    per distinct value. Errors name the row by its index label and asset id."""
    import numpy as np
    import pandas as pd

    n = len(column)
    if pd.api.types.is_bool_dtype(column.dtype):
        if n:
            raise _row_error(scheme, p, column, ids, 0, where, f"{column.iloc[0]!r} is a truth value, not a level")
    if pd.api.types.is_numeric_dtype(column.dtype):
        values = column.to_numpy(dtype="float64", na_value=np.nan)
        missing = np.isnan(values)
        top = scheme.levels(p)
        bad = ~missing & ((values < 0) | (values >= top) | (values != np.floor(values)))
        if bad.any():
            row = int(np.argmax(bad))
            v = values[row]
            why = (f"{v!r} is not a whole number" if v != np.floor(v) else
                   f"level {v:g} is outside 0..{top - 1} of scheme {scheme.id}")
            raise _row_error(scheme, p, column, ids, row, where, why)
        return np.where(missing, UNASSESSED, values).astype(np.uint8)
    import warnings

    with warnings.catch_warnings():  # pandas 1.5 on object columns: "will not infer numeric dtypes"
        warnings.simplefilter("ignore", FutureWarning)
        codes, uniques = pd.factorize(column, use_na_sentinel=True)
    table = np.empty(len(uniques) + 1, dtype=np.uint8)
    table[-1] = UNASSESSED  # code -1: a missing value
    for i, value in enumerate(uniques):
        try:
            table[i] = level_code(scheme, p, value, "")
        except ModelError as e:
            row = int(np.argmax(codes == i))
            raise _row_error(scheme, p, column, ids, row, where, _reason(e)) from None
    return table[codes]


def _reason(e: ModelError) -> str:
    text = str(e)
    return text.split(": ", 1)[1] if ": " in text else text


def _row_error(scheme: Scheme, p: int, column: Any, ids: Any, row: int, where: str, why: str) -> ModelError:
    label = column.index[row]
    asset = ids.iloc[row] if ids is not None else None
    key = scheme.keys[p]
    named = f" ({asset})" if asset is not None else ""
    why = why if "a level of" in why else f"{why}; a level of {key} is {_allowed(scheme, p)}"
    return ModelError(f"{where} row {label!r}{named}, column {column.name!r}: {why}")


def level_names(scheme: Scheme) -> List[Dict[int, str]]:
    """Per property: level -> its name."""
    return [{i: level["name"] for i, level in enumerate(prop["levels"])} for prop in scheme.properties]
