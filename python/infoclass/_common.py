# SPDX-License-Identifier: Apache-2.0
"""Shared helpers of the façade: files, level values, schemes by id."""
from __future__ import annotations

import copy as _copy
import errno as _errno
import html as _html
import os as _os
from collections.abc import Iterator, Mapping
from typing import Any, Dict, List, Optional, Union

from . import _core
from ._core import ModelError, Scheme


def _read_text(path) -> str:
    path = _os.fspath(path)
    if not _os.path.exists(path):
        raise FileNotFoundError(_errno.ENOENT, "No such file or directory", path)
    with open(path, "rb") as f:
        return f.read().decode("utf-8", errors="surrogateescape")


from ._levels import NOT_APPLICABLE as _NOT_APPLICABLE, UNASSESSED as _UNASSESSED, levels_from_mapping

_PICKLE_VERSION = 1


def _scheme_of(scheme: Union[str, Scheme]) -> Scheme:
    if isinstance(scheme, Scheme):
        return scheme
    if isinstance(scheme, str):
        return Scheme.preset(scheme)
    raise ModelError(f"scheme must be a preset id or a Scheme, not {type(scheme).__name__}")


def _levels(scheme: Scheme, values: Optional[Mapping[str, Any]], where: str) -> List[int]:
    """A {property: level} mapping as the byte list the core expects (the rule of _levels.py)."""
    return levels_from_mapping(scheme, values, where)
