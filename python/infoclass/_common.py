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


def _check_threads(where: str, threads: Any) -> None:
    """A worker-thread count as the C++ side takes it: a whole number 0..256."""
    from ._core import ModelError

    if isinstance(threads, bool) or not isinstance(threads, int) or not 0 <= threads <= 256:
        raise ModelError(f"{where}: threads is a whole number 0..256 (0 = every core), not {threads!r}",
                         "threads", "not a thread count")


def _progress(progress: Any):
    """The callback the core calls as (phase, done, total) for a user's
    `progress` argument: None (no progress), True (a tqdm bar on standard
    error, where python3-tqdm is installed), a tqdm bar (its total is set and
    it is advanced), or any callable(done, total)."""
    if progress is None or progress is False:
        return None
    if progress is True:
        try:
            from tqdm import tqdm
        except ImportError as e:
            raise ImportError("progress=True draws a tqdm bar: install python3-tqdm, or pass a callable(done, total)") from e
        progress = tqdm(unit="asset", leave=False)
    if hasattr(progress, "update") and hasattr(progress, "total"):
        bar = progress

        def drive(phase: str, done: int, total: int) -> None:
            if bar.total != total:
                bar.reset(total=total)
                bar.set_description(phase)
            bar.update(done - bar.n)
            if done == total and getattr(bar, "leave", True) is False:
                bar.close()

        return drive
    if callable(progress):
        return lambda phase, done, total: progress(done, total)
    raise TypeError(f"progress must be None, True, a tqdm bar or a callable(done, total), not {type(progress).__name__}")
