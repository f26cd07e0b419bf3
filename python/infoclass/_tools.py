# SPDX-License-Identifier: Apache-2.0
"""Module-level functions: rule-set classification and OSCAL check/update."""
from __future__ import annotations

import copy as _copy
import errno as _errno
import html as _html
import os as _os
from collections.abc import Iterator, Mapping
from typing import Any, Dict, List, Optional, Union

from . import _core
from ._core import ModelError, Scheme

from ._common import _read_text


def classify(rules: str, answers: Mapping[str, str]):
    """(levels, reasons) that `answers` imply under a rule set: a built-in id
    (`se-kommun`, `us-fips-199`) or the JSON text of a rule set."""
    return _core.classify(rules, dict(answers))


def oscal_check(path) -> Dict[str, Any]:
    """Computed security impact and sensitivity levels of an OSCAL SSP, and the
    findings where the declared values differ or adjustments lack a justification."""
    return _core.check_oscal(_read_text(path))


def oscal_update(path, output) -> None:
    """Writes the SSP at `path` to `output` with computed impact levels, everything else untouched."""
    _core.write_file_atomic(_os.fspath(output), _core.update_oscal(_read_text(path)))
