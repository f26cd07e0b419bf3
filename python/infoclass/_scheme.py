# SPDX-License-Identifier: Apache-2.0
"""Scheme's Python behaviour, in one place: repr, pickling (by preset id or
JSON) and copying (a scheme is immutable)."""
from __future__ import annotations

import copy as _copy
import errno as _errno
import html as _html
import os as _os
from collections.abc import Iterator, Mapping
from typing import Any, Dict, List, Optional, Union

from . import _core
from ._core import ModelError, Scheme


def _scheme_repr(self: Scheme) -> str:
    return f"Scheme({self.id!r}, keys={self.keys!r})"


def _scheme_from_json(text: str) -> Scheme:
    return Scheme.from_json(text)


def _scheme_preset(id: str) -> Scheme:
    return Scheme.preset(id)


def _scheme_reduce(self: Scheme):
    if self.is_preset():
        return (_scheme_preset, (self.id,))
    return (_scheme_from_json, (self.to_json(),))


Scheme.__repr__ = _scheme_repr  # type: ignore[method-assign]
Scheme.__reduce__ = _scheme_reduce  # type: ignore[method-assign]
Scheme.__copy__ = lambda self: self  # type: ignore[attr-defined]  # immutable
Scheme.__deepcopy__ = lambda self, memo: self  # type: ignore[attr-defined]
