# SPDX-License-Identifier: Apache-2.0
"""Asset: a read-only snapshot of one asset's fields."""
from __future__ import annotations

import copy as _copy
import errno as _errno
import html as _html
import os as _os
from collections.abc import Iterator, Mapping
from typing import Any, Dict, List, Optional, Union

from . import _core
from ._core import ModelError, Scheme


class Asset:
    """One asset of a model (a read-only snapshot of its fields)."""

    __slots__ = {
        "id": "The asset id (text; compared in Unicode NFC).",
        "kind": "information, process, application, service, server, client, network, site, supplier or a custom word.",
        "name": "A display name ('' for none).",
        "owner": "The business that owns the asset and sets its assessment ('' for none).",
        "classification": "The owner's assessment: {property key: level}; unassessed properties are left out, "
                          "infoclass.NA is not applicable.",
        "justification": "Why the assessment is what it is.",
        "implemented": "Protection in place, {property key: level}, or None.",
        "review_by": "Date the assessment is to be reviewed by (YYYY-MM-DD, '' for none).",
        "overrides": "{property key: {'level', 'effect', 'justification'}}: levels set in place of the derived ones.",
        "attributes": "Free attributes: {name: any JSON value}.",
        "measures": "Ids of the measures implemented for the asset.",
        "answers": "The questionnaire behind the assessment: {'rules': rule set id, 'given': {question: answer}} "
                   "or None.",
    }

    def __init__(self, id: str, kind: str, name: str = "", owner: str = "",
                 classification: Optional[Dict[str, Any]] = None, justification: str = "",
                 implemented: Optional[Dict[str, Any]] = None, review_by: str = "",
                 overrides: Optional[Dict[str, Dict[str, Any]]] = None,
                 attributes: Optional[Dict[str, str]] = None, measures: Optional[List[str]] = None,
                 answers: Optional[Dict[str, Any]] = None) -> None:
        self.id = id
        self.kind = kind
        self.name = name
        self.owner = owner
        self.classification = dict(classification or {})
        self.justification = justification
        self.implemented = None if implemented is None else dict(implemented)
        self.review_by = review_by
        self.overrides = dict(overrides or {})
        self.attributes = dict(attributes or {})
        self.measures = list(measures or [])
        self.answers = None if answers is None else {"rules": answers["rules"], "given": dict(answers["given"])}

    def _key(self) -> tuple:
        return tuple(tuple(getattr(self, s)) if isinstance(getattr(self, s), list)
                     else getattr(self, s) if not isinstance(getattr(self, s), dict)
                     else sorted(getattr(self, s).items(), key=repr) for s in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Asset) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        levels = " ".join(f"{k}{v}" for k, v in self.classification.items())
        return f"Asset({self.id!r}, kind={self.kind!r}, owner={self.owner!r}, classification={levels or '-'!r})"

    def __reduce__(self):
        return (Asset, tuple(getattr(self, s) for s in self.__slots__))
