# SPDX-License-Identifier: Apache-2.0
"""Shipped examples, packaged with the module so that a notebook runs from any
folder: ``ic.examples.municipality()``."""
from __future__ import annotations

from . import _core
from ._model import Model


def municipality() -> Model:
    """The example municipality (examples/municipality/model.json of the
    source tree, embedded in the library): a Swedish municipality's social
    services, schools, finance and infrastructure under se-klassa, with owners,
    redundancy groups, overrides and measures -- what ``infoclass report``
    shows without a model."""
    return Model.from_json(_core.example_model_json())


__all__ = ["municipality"]
