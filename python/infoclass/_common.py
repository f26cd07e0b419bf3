"""Shared helpers of the façade: files, level values, schemes by id."""
from __future__ import annotations

import copy as _copy
import errno as _errno
import html as _html
import os as _os
from typing import Any, Dict, Iterator, List, Mapping, Optional, Union

from . import _core
from ._core import ModelError, Scheme


def _read_text(path) -> str:
    path = _os.fspath(path)
    if not _os.path.exists(path):
        raise FileNotFoundError(_errno.ENOENT, "No such file or directory", path)
    with open(path, "rb") as f:
        return f.read().decode("utf-8", errors="surrogateescape")


_UNASSESSED = 255
_NOT_APPLICABLE = 254
_PICKLE_VERSION = 1


def _scheme_of(scheme: Union[str, Scheme]) -> Scheme:
    if isinstance(scheme, Scheme):
        return scheme
    if isinstance(scheme, str):
        return Scheme.preset(scheme)
    raise TypeError(f"scheme must be a preset id or a Scheme, not {type(scheme).__name__}")


def _levels(scheme: Scheme, values: Optional[Mapping[str, Any]], where: str) -> List[int]:
    """A {key or role: level} mapping as the byte list the core expects."""
    out = [_UNASSESSED] * len(scheme)
    if values is None:
        return out
    if not isinstance(values, Mapping):
        raise ModelError(f"{where}: a classification must be a mapping of property to level")
    for key, value in values.items():
        p = scheme.find_property(str(key))
        if p is None:
            raise ModelError(f"{where}: '{key}' is not a property of scheme {scheme.id}")
        if value is None:
            continue
        if value == "na":
            out[p] = _NOT_APPLICABLE
            continue
        if isinstance(value, bool):
            raise ModelError(f"{where}/{key}: a level must be an integer or a level key, not a bool")
        if isinstance(value, str):
            level = scheme.find_level(p, value)
            if level is None:
                raise ModelError(f"{where}/{key}: '{value}' is not a level of property {key}")
            out[p] = level
            continue
        try:
            level = int(value)
        except (TypeError, ValueError):
            raise ModelError(f"{where}/{key}: a level must be an integer or a level key") from None
        if level != value or not 0 <= level < scheme.levels(p):
            raise ModelError(f"{where}/{key}: level {value} is outside 0..{scheme.levels(p) - 1} of scheme {scheme.id}")
        out[p] = level
    return out
